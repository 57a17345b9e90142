using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// An energy-sharing neighbourhood ready to schedule: houses (sites), jobs (shiftable appliance runs and fixed
/// background loads) and PV producers with their sequence of predictions. Time zero is the earliest event (job
/// registration or producer event), as PySSMic normalises it.
/// </summary>
public sealed class CossmicScenario
{
    /// <summary>Validates and builds a scenario; throws <see cref="InputException"/> naming the job or producer.</summary>
    public CossmicScenario(string name, string source, IReadOnlyList<CossmicJob> jobs, IReadOnlyList<CossmicProducer> producers, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(producers);
        Name = name ?? "neighbourhood";
        Source = source ?? string.Empty;
        Jobs = [.. jobs];
        Producers = [.. producers];
        Warnings = warnings is null ? [] : [.. warnings];
        if (Jobs.Count == 0 && Producers.Count == 0)
        {
            throw new InputException($"neighbourhood '{Name}' has neither jobs nor producers", Source);
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var houses = new List<string>();
        var seenHouses = new HashSet<string>(StringComparer.Ordinal);
        var timeZero = long.MaxValue;
        foreach (var job in Jobs)
        {
            if (!keys.Add(job.Key))
            {
                throw new InputException($"job key '{job.Key}' is used twice; keys must be unique", job.SourceFile, job.SourceLine, job.Key);
            }

            if (job.LatestStartUnix < job.EarliestStartUnix)
            {
                throw new InputException($"job '{job.Id}': latest start {Time(job.LatestStartUnix)} is before the earliest start {Time(job.EarliestStartUnix)}", job.SourceFile, job.SourceLine, job.Key);
            }

            if (job.RegisteredUnix > job.LatestStartUnix)
            {
                throw new InputException($"job '{job.Id}': registered at {Time(job.RegisteredUnix)}, after its latest start {Time(job.LatestStartUnix)}; a job must be known before it has to start", job.SourceFile, job.SourceLine, job.Key);
            }

            if (seenHouses.Add(job.HouseId))
            {
                houses.Add(job.HouseId);
            }

            timeZero = Math.Min(timeZero, job.RegisteredUnix);
            TotalDemandWh += job.EnergyWh;
        }

        var producerIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var producer in Producers)
        {
            if (!producerIds.Add(producer.Id))
            {
                throw new InputException($"producer '{producer.Id}' is listed twice", Source, elementId: producer.Id);
            }

            if (producer.Predictions.Count == 0)
            {
                throw new InputException($"producer '{producer.Id}' has no prediction", Source, elementId: producer.Id);
            }

            for (var i = 0; i < producer.Predictions.Count; i++)
            {
                var p = producer.Predictions[i];
                if (p.TimesUnix.Count == 0 || p.TimesUnix.Count != p.CumulativeWh.Count)
                {
                    throw new InputException($"producer '{producer.Id}': prediction '{p.File}' needs at least one row and as many energies as times", p.File, elementId: producer.Id);
                }

                if (i > 0 && p.IssuedUnix < producer.Predictions[i - 1].IssuedUnix)
                {
                    throw new InputException($"producer '{producer.Id}': prediction '{p.File}' is issued at {Time(p.IssuedUnix)}, before the previous one; order the predictions by issue time", p.File, elementId: producer.Id);
                }

                for (var r = 1; r < p.TimesUnix.Count; r++)
                {
                    if (p.TimesUnix[r] <= p.TimesUnix[r - 1] || p.CumulativeWh[r] < p.CumulativeWh[r - 1])
                    {
                        throw new InputException($"producer '{producer.Id}': prediction '{p.File}' row {r + 1} does not increase in time or decreases in energy", p.File, r + 1, producer.Id);
                    }
                }
            }

            if (seenHouses.Add(producer.HouseId))
            {
                houses.Add(producer.HouseId);
            }

            timeZero = Math.Min(timeZero, producer.Predictions[0].IssuedUnix);
        }

        HouseIds = houses;
        TimeZeroUnix = timeZero;
    }

    /// <summary>Name (the folder name for PySSMic input).</summary>
    public string Name { get; }

    /// <summary>Where it was read from (folder or files), for messages.</summary>
    public string Source { get; }

    /// <summary>All jobs in input order (background loads included).</summary>
    public IReadOnlyList<CossmicJob> Jobs { get; }

    /// <summary>All producers in order of their first event.</summary>
    public IReadOnlyList<CossmicProducer> Producers { get; }

    /// <summary>Houses (sites) in order of first appearance (jobs first, then producers).</summary>
    public IReadOnlyList<string> HouseIds { get; }

    /// <summary>Things the import accepted but a user may want to know (e.g. producers without predictions).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Time zero: the earliest job registration or producer event (UNIX seconds).</summary>
    public long TimeZeroUnix { get; }

    /// <summary>Sum of all jobs' energies (Wh), background loads included.</summary>
    public double TotalDemandWh { get; }

    /// <summary>Number of background jobs.</summary>
    public int BackgroundJobCount => Jobs.Count(j => j.IsBackground);

    /// <summary>Number of prediction updates (predictions after each producer's first).</summary>
    public int PredictionUpdateCount => Producers.Sum(p => p.Predictions.Count - 1);

    /// <summary>
    /// Refuses a job that cannot start within <paramref name="days"/> simulated days from time zero (it would silently
    /// be left out): the message names its file, line and id, time zero's event, and the <c>--days</c> that includes it.
    /// </summary>
    public void CheckHorizon(int days)
    {
        var end = TimeZeroUnix + (days * 86400L);
        foreach (var job in Jobs)
        {
            var start = Math.Max(job.RegisteredUnix, job.EarliestStartUnix);
            if (job.RegisteredUnix < end && start <= end)
            {
                continue;
            }

            var needed = ((start - TimeZeroUnix) / 86400) + 1;
            var hint = needed <= 366 ? $"simulate {needed} days to include it" : "its times are far from the other events";
            throw new InputException(
                $"job '{job.Id}' can start only at {Time(start)}, after the {days} simulated day(s) from time zero {Time(TimeZeroUnix)} ({EarliestEvent()}); {hint}",
                job.SourceFile,
                job.SourceLine,
                job.Key);
        }
    }

    /// <summary>
    /// A larger neighbourhood: the jobs copied <paramref name="jobCopies"/> times and the producers
    /// <paramref name="producerCopies"/> times, copy k (0-based) moved to house <c>house + 1000·k</c> (numeric house ids)
    /// or <c>house_k</c> (others), with the ids rewritten accordingly; times, profiles and predictions are unchanged.
    /// </summary>
    public CossmicScenario Replicate(int jobCopies, int producerCopies, string? name = null)
    {
        if (jobCopies < 1 || producerCopies < 1)
        {
            throw new InputException($"replication factors must be at least 1 (got jobs ×{jobCopies}, producers ×{producerCopies})");
        }

        var jobs = new List<CossmicJob>(Jobs.Count * jobCopies);
        for (var k = 0; k < jobCopies; k++)
        {
            foreach (var job in Jobs)
            {
                var house = ShiftHouse(job.HouseId, k);
                jobs.Add(job with { Id = ShiftId(job.Id, job.HouseId, house), Key = ShiftId(job.Key, job.HouseId, house), HouseId = house });
            }
        }

        var producers = new List<CossmicProducer>(Producers.Count * producerCopies);
        for (var k = 0; k < producerCopies; k++)
        {
            foreach (var producer in Producers)
            {
                var house = ShiftHouse(producer.HouseId, k);
                producers.Add(producer with { Id = ShiftId(producer.Id, producer.HouseId, house), HouseId = house });
            }
        }

        return new CossmicScenario(name ?? $"{Name}-x{jobCopies}-x{producerCopies}", Source, jobs, producers, Warnings);
    }

    private static string ShiftHouse(string house, int copy)
    {
        if (copy == 0)
        {
            return house;
        }

        return long.TryParse(house, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? (n + (1000L * copy)).ToString(CultureInfo.InvariantCulture)
            : $"{house}_{copy}";
    }

    private static string ShiftId(string id, string oldHouse, string newHouse)
    {
        if (oldHouse == newHouse)
        {
            return id;
        }

        var bracketed = "[" + oldHouse + "]";
        var at = id.IndexOf(bracketed, StringComparison.Ordinal);
        return at >= 0 ? string.Concat(id.AsSpan(0, at), "[" + newHouse + "]", id.AsSpan(at + bracketed.Length)) : newHouse + ":" + id;
    }

    private string EarliestEvent()
    {
        var job = Jobs.FirstOrDefault(j => j.RegisteredUnix == TimeZeroUnix);
        if (job is not null)
        {
            return $"the registration of job '{job.Id}'{(job.SourceLine is { } l ? $" on line {l}" : string.Empty)}";
        }

        var producer = Producers.First(p => p.Predictions[0].IssuedUnix == TimeZeroUnix);
        return $"the first prediction of producer '{producer.Id}'";
    }

    internal static string Time(long unix) =>
        unix is >= -62135596800 and <= 253402300799
            ? string.Create(CultureInfo.InvariantCulture, $"{unix} ({DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)")
            : unix.ToString(CultureInfo.InvariantCulture);
}
