namespace Quartier.Storage;

/// <summary>The checks both stores make on blocks: those a run writer is given and the rows of table <c>blocks</c> read back.</summary>
internal static class StoredBlocks
{
    /// <summary>Refuses series declared twice, in <paramref name="series"/> or before (<paramref name="declared"/>).</summary>
    public static void CheckDeclare(HashSet<int> declared, IReadOnlyList<Core.Results.SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var ids = new HashSet<int>();
        foreach (var s in series)
        {
            if (declared.Contains(s.Id) || !ids.Add(s.Id))
            {
                throw new ArgumentException($"series {s.Id} is declared twice", nameof(series));
            }
        }
    }

    /// <summary>The rows of <c>SELECT series_id, esdl_type, esdl_id, esdl_name, output, unit FROM series …</c>.</summary>
    public static List<Core.Results.SeriesInfo> ReadSeriesRows(System.Data.Common.DbDataReader reader)
    {
        var series = new List<Core.Results.SeriesInfo>();
        while (reader.Read())
        {
            series.Add(new Core.Results.SeriesInfo(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return series;
    }

    /// <summary>Refuses a block of a series not in <paramref name="declared"/> or outside the run's steps 1..<paramref name="runSteps"/>.</summary>
    public static void CheckWrite(HashSet<int> declared, int runSteps, int seriesId, int firstStep, int stepCount)
    {
        if (!declared.Contains(seriesId))
        {
            throw new ArgumentException($"series {seriesId} was not declared", nameof(seriesId));
        }

        if (firstStep < 1 || (long)firstStep - 1 + stepCount > runSteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(firstStep),
                firstStep,
                $"block of {stepCount} steps starting at step {firstStep} lies outside the run's steps 1..{runSteps}");
        }
    }

    /// <summary>Refuses a block that does not lie within the run's steps or whose payload cannot hold its steps.</summary>
    /// <exception cref="InvalidDataException">The block is corrupt.</exception>
    public static void Check(string store, string runId, int seriesId, long firstStep, long count, long length, int stepCount)
    {
        if (firstStep < 1 || count < 0 || firstStep - 1 + count > stepCount || !BlockCodec.IsPlausibleLength(length, count))
        {
            throw new InvalidDataException(
                $"{store}: block of run '{runId}' series {seriesId} at step {firstStep} is corrupt ({count} steps, {length} bytes, run has {stepCount} steps)");
        }
    }

    /// <summary>Decodes a checked block's payload into its steps of the series.</summary>
    /// <exception cref="InvalidDataException">The payload is corrupt.</exception>
    public static void Decode(string store, string runId, int seriesId, long firstStep, ReadOnlySpan<byte> payload, Span<double> steps)
    {
        try
        {
            BlockCodec.Decode(payload, steps);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{store}: block of run '{runId}' series {seriesId} at step {firstStep} is corrupt ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Decodes a checked block's payload into its steps of the series, unless it is a reference (see
    /// <see cref="BlockCodec.IsReference"/>): then it is added to <paramref name="references"/> for <see cref="Resolve"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is corrupt.</exception>
    public static void DecodeOrDefer(
        string store, string runId, int seriesId, long firstStep, long count, ReadOnlySpan<byte> payload, Span<double> values, List<Reference> references)
    {
        if (BlockCodec.IsReference(payload, out var referenced))
        {
            references.Add(new Reference(firstStep, count, referenced));
            return;
        }

        Decode(store, runId, seriesId, firstStep, payload, values.Slice((int)(firstStep - 1), (int)count));
    }

    /// <summary>
    /// Decodes the referenced blocks of <paramref name="references"/> into <paramref name="values"/>; <paramref name="fetch"/>
    /// gives the step count and payload of a series' block at a step, or null if there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">A referenced block is missing, of another length, or a reference itself.</exception>
    public static void Resolve(
        string store, string runId, int seriesId, List<Reference> references, Func<int, long, (long Count, byte[] Payload)?> fetch, Span<double> values)
    {
        foreach (var r in references)
        {
            var target = fetch(r.Series, r.FirstStep);
            if (target is not { } t || t.Count != r.Count || BlockCodec.IsReference(t.Payload, out _))
            {
                throw new InvalidDataException(
                    $"{store}: block of run '{runId}' series {seriesId} at step {r.FirstStep} is corrupt (it refers to series {r.Series}'s block of {r.Count} steps there, " +
                    (target is null ? "which does not exist)" : "which is not a block of stored values of that length)"));
            }

            Decode(store, runId, seriesId, r.FirstStep, t.Payload, values.Slice((int)(r.FirstStep - 1), (int)r.Count));
        }
    }

    /// <summary>A block stored as a reference to series <paramref name="Series"/>'s block at the same step.</summary>
    public readonly record struct Reference(long FirstStep, long Count, int Series);
}
