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
}
