using System.Text.RegularExpressions;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Import;

/// <summary>
/// Reads PySSMic / CoSSMic input folders: <c>consumer_event.csv</c>, <c>producer_event.csv</c>, <c>loads/*.csv</c>
/// and <c>predictions/*.csv</c> (formats in the class members' docs). Every error is an <see cref="InputException"/>
/// naming the file and the 1-based line; every number is checked against its range in <see cref="CossmicRanges"/>.
/// </summary>
public static partial class CossmicImport
{
    /// <summary>Name of the jobs file in an input folder.</summary>
    public const string ConsumerEventsFile = "consumer_event.csv";

    /// <summary>Name of the producers file in an input folder.</summary>
    public const string ProducerEventsFile = "producer_event.csv";

    /// <summary>
    /// Reads a PySSMic input folder. <c>consumer_event.csv</c>: <c>registered;earliest start;latest start;job id;load file</c>
    /// (UNIX seconds, job id <c>[house]:[device]:[n]</c> or <c>[house]:device</c>); <c>producer_event.csv</c>:
    /// <c>time;pv_producer[house]:[device];prediction file</c>, the first line of a producer creates it and later ones
    /// are updated predictions. Lines of two characters or fewer (blank lines) are skipped.
    /// </summary>
    /// <param name="folder">The input folder.</param>
    /// <param name="name">Neighbourhood name; default the folder name.</param>
    public static CossmicScenario ReadFolder(string folder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new InputException($"input folder not found: {folder} (a PySSMic folder holds consumer_event.csv, producer_event.csv, loads/ and predictions/)", folder);
        }

        var consumerFile = Path.Combine(folder, ConsumerEventsFile);
        var producerFile = Path.Combine(folder, ProducerEventsFile);
        if (Directory.Exists(consumerFile) || Directory.Exists(producerFile))
        {
            throw new InputException("is a folder, not a file", Directory.Exists(consumerFile) ? consumerFile : producerFile);
        }

        if (!File.Exists(consumerFile))
        {
            throw new InputException($"the input folder has no {ConsumerEventsFile}", consumerFile);
        }

        if (!File.Exists(producerFile))
        {
            throw new InputException($"the input folder has no {ProducerEventsFile} (an empty file means no producers)", producerFile);
        }

        var jobs = ReadConsumerEvents(consumerFile, Path.Combine(folder, "loads"));
        var producers = ReadProducerEvents(producerFile, Path.Combine(folder, "predictions"));
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return new CossmicScenario(name ?? Path.GetFileName(full), folder, jobs, producers);
    }

    /// <summary>Reads <c>consumer_event.csv</c>; load files are looked up in <paramref name="loadsFolder"/> (read once each).</summary>
    public static IReadOnlyList<CossmicJob> ReadConsumerEvents(string path, string loadsFolder)
    {
        var lines = TextTable.ReadLines(path, "consumer events file");
        var profiles = new Dictionary<string, LoadProfile>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var jobs = new List<CossmicJob>(lines.Count);
        foreach (var (line, text) in lines)
        {
            var fields = text.Split(';');
            var used = fields.Length;
            while (used > 5 && fields[used - 1].Trim().Length == 0)
            {
                used--;
            }

            if (used != 5)
            {
                throw new InputException($"expected 5 ';'-separated fields (registration time;earliest start;latest start;job id;load profile file), found {used}", path, line);
            }

            var id = fields[3].Trim();
            var file = fields[4].Trim();
            var (house, device) = ParseJobId(id, path, line);
            var registered = TextTable.ParseLong(fields[0], "registration time (UNIX seconds)", CossmicRanges.UnixTime, path, line, id);
            var earliest = TextTable.ParseLong(fields[1], "earliest start (UNIX seconds)", CossmicRanges.UnixTime, path, line, id);
            var latest = TextTable.ParseLong(fields[2], "latest start (UNIX seconds)", CossmicRanges.UnixTime, path, line, id);
            CheckWindow(id, registered, earliest, latest, path, line);

            if (file.Length == 0)
            {
                throw new InputException($"job '{id}' names no load profile file", path, line, id);
            }

            CheckFileName(file, "load profile", loadsFolder, path, line, id);
            if (!profiles.TryGetValue(file, out var profile))
            {
                var profilePath = Path.Combine(loadsFolder, file);
                if (!File.Exists(profilePath))
                {
                    throw new InputException($"job '{id}': load profile '{file}' not found in {loadsFolder}", path, line, id);
                }

                profile = ReadLoadProfile(profilePath);
                profiles.Add(file, profile);
            }

            var n = counts.TryGetValue(id, out var c) ? c + 1 : 1;
            counts[id] = n;
            var key = n == 1 ? id : $"{id}#{n}";
            jobs.Add(new CossmicJob(id, key, house, device, registered, earliest, latest, profile, path, line));
        }

        return jobs;
    }

    /// <summary>
    /// Reads a load profile: space-separated <c>seconds_since_start cumulative_Wh</c>, no header, first row at 0 s, times
    /// increasing, energies not decreasing. A file whose name contains <c>back</c> is a background load.
    /// </summary>
    public static LoadProfile ReadLoadProfile(string path)
    {
        var (seconds, energy) = ReadCumulative(path, LoadProfileFormat, integerTimes: false);
        return new LoadProfile(Path.GetFileName(path), seconds, energy);
    }

    /// <summary>
    /// Reads <c>producer_event.csv</c> (<c>time;producer id;prediction file</c>) with the prediction files from
    /// <paramref name="predictionsFolder"/>. Producers appear in order of their first line; each producer's predictions
    /// are ordered by event time (stable).
    /// </summary>
    public static IReadOnlyList<CossmicProducer> ReadProducerEvents(string path, string predictionsFolder)
    {
        var lines = TextTable.ReadLines(path, "producer events file");
        var order = new List<string>();
        var byId = new Dictionary<string, (string House, string Device, List<PvPrediction> Predictions)>(StringComparer.Ordinal);
        foreach (var (line, text) in lines)
        {
            var fields = text.Split(';');
            var used = fields.Length;
            while (used > 3 && fields[used - 1].Trim().Length == 0)
            {
                used--;
            }

            if (used != 3)
            {
                throw new InputException($"expected 3 ';'-separated fields (time;producer id;prediction file), found {used}", path, line);
            }

            var id = fields[1].Trim();
            var file = fields[2].Trim();
            if (id.Length == 0)
            {
                throw new InputException("the producer id is empty (expected e.g. pv_producer[57]:[220])", path, line);
            }

            var (house, device) = ParseProducerId(id, path, line);
            var time = TextTable.ParseLong(fields[0], "event time (UNIX seconds)", CossmicRanges.UnixTime, path, line, id);
            if (file.Length > 0)
            {
                CheckFileName(file, "prediction", predictionsFolder, path, line, id);
            }

            var predictionPath = Path.Combine(predictionsFolder, file);
            if (file.Length == 0 || !File.Exists(predictionPath))
            {
                throw new InputException($"producer '{id}': prediction file '{file}' not found in {predictionsFolder}", path, line, id);
            }

            var prediction = ReadPrediction(predictionPath, time);
            if (!byId.TryGetValue(id, out var entry))
            {
                entry = (house, device, []);
                byId.Add(id, entry);
                order.Add(id);
            }

            entry.Predictions.Add(prediction);
        }

        var producers = new List<CossmicProducer>(order.Count);
        foreach (var id in order)
        {
            var (house, device, predictions) = byId[id];
            producers.Add(new CossmicProducer(id, house, device, [.. predictions.OrderBy(p => p.IssuedUnix)]));
        }

        return producers;
    }

    /// <summary>
    /// Reads a prediction file: space-separated <c>unix_time cumulative_Wh</c>, no header, times increasing, energies not
    /// decreasing.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="issuedUnix">When the prediction is issued (its producer_event.csv time).</param>
    public static PvPrediction ReadPrediction(string path, long issuedUnix)
    {
        var (seconds, energy) = ReadCumulative(path, PredictionFormat, integerTimes: true);
        var times = new long[seconds.Length];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = (long)seconds[i]; // whole seconds, exact in a double
        }

        return new PvPrediction(issuedUnix, Path.GetFileName(path), times, energy);
    }

    /// <summary>
    /// Reads two space-separated columns, time and cumulative Wh: times strictly increasing, energies not decreasing,
    /// both and the mean power between rows inside the format's ranges (a load profile also starts at 0 s). Errors name
    /// the file and line.
    /// </summary>
    private static (double[] Times, double[] Energy) ReadCumulative(string path, CumulativeFormat format, bool integerTimes)
    {
        var what = format.What;
        var lines = TextTable.ReadLines(path, what);
        if (lines.Count == 0)
        {
            throw new InputException($"the {what} has no data rows (expected {format.Expected})", path);
        }

        var times = new double[lines.Count];
        var energy = new double[lines.Count];
        var timeWhat = integerTimes ? "time (UNIX seconds)" : "time (seconds since start)";
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, text) = lines[i];
            var cells = TextTable.SplitWhitespace(text);
            if (cells.Length != 2)
            {
                throw new InputException($"expected 2 space-separated numbers ({format.TimeName}, cumulative Wh), found {cells.Length} fields", path, line);
            }

            times[i] = integerTimes ? TextTable.ParseLong(cells[0], timeWhat, path, line) : TextTable.ParseDouble(cells[0], timeWhat, path, line);
            if (i == 0 && !integerTimes && times[0] != 0)
            {
                throw new InputException($"the first row is at {cells[0]} s; a load profile starts at 0 s", path, line);
            }

            format.Time.Check(times[i], timeWhat, path, line);
            energy[i] = TextTable.ParseDouble(cells[1], "cumulative energy (Wh)", format.Energy, path, line);
            if (i > 0 && times[i] <= times[i - 1])
            {
                throw new InputException($"time {cells[0]}{format.Unit} is not after the previous row's {times[i - 1]}{format.Unit}; times must increase", path, line);
            }

            if (i > 0 && energy[i] < energy[i - 1])
            {
                throw new InputException($"cumulative energy {cells[1]} Wh is below the previous row's {energy[i - 1]} Wh; a cumulative series must not decrease", path, line);
            }

            if (i > 0)
            {
                format.Power.Check((energy[i] - energy[i - 1]) * 3600 / (times[i] - times[i - 1]), "mean power since the previous row", path, line);
            }
        }

        return (times, energy);
    }

    private static readonly CumulativeFormat LoadProfileFormat = new(
        "load profile", "'seconds cumulative_Wh' lines starting with '0 0'", "seconds since start", " s", CossmicRanges.LoadSeconds, CossmicRanges.LoadEnergy, CossmicRanges.LoadPower);

    private static readonly CumulativeFormat PredictionFormat = new(
        "prediction file", "'unix_time cumulative_Wh' lines", "UNIX time", string.Empty, CossmicRanges.UnixTime, CossmicRanges.PredictionEnergy, CossmicRanges.PredictionPower);

    /// <summary>
    /// A job's times against each other: the latest start not before the earliest, a window of at most a year, and the
    /// job registered before it has to start.
    /// </summary>
    internal static void CheckWindow(string id, long registered, long earliest, long latest, string file, int line)
    {
        if (latest < earliest)
        {
            throw new InputException($"job '{id}': latest start {CossmicScenario.Time(latest)} is before the earliest start {CossmicScenario.Time(earliest)}", file, line, id);
        }

        CossmicRanges.JobWindow.Check(latest - earliest, "window (latest minus earliest start)", file, line, id);
        if (registered > latest)
        {
            throw new InputException($"job '{id}': registered at {CossmicScenario.Time(registered)}, after its latest start {CossmicScenario.Time(latest)}; a job must be known before it has to start", file, line, id);
        }
    }

    /// <summary>A file named in an events file must be a plain file name inside <paramref name="folder"/> (no path, no '..').</summary>
    internal static void CheckFileName(string name, string what, string folder, string file, int line, string id)
    {
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or ".." || Path.IsPathRooted(name))
        {
            throw new InputException($"{what} file '{name}' must be a plain file name inside {folder} (no folders or '..')", file, line, id);
        }
    }

    /// <summary>Splits <c>[57]:[222]:[3]</c> or <c>[1]:small_heater</c> into house and device.</summary>
    internal static (string House, string Device) ParseJobId(string id, string file, int line)
    {
        var parts = id.Split(':');
        var house = Strip(parts[0]);
        if (house.Length == 0 || parts.Length < 2 || Strip(parts[1]).Length == 0)
        {
            throw new InputException($"job id '{TextTable.Clip(id)}' is not of the form [house]:[device]:[n] or [house]:device", file, line, TextTable.Clip(id));
        }

        return (house, Strip(parts[1]));
    }

    /// <summary>Splits <c>pv_producer[57]:[220]</c> into house and device; any other form is refused naming the line.</summary>
    internal static (string House, string Device) ParseProducerId(string id, string file, int line)
    {
        var m = ProducerId().Match(id);
        return m.Success
            ? (m.Groups["house"].Value, m.Groups["device"].Value)
            : throw new InputException($"producer id '{TextTable.Clip(id)}' is not of the form pv_producer[house]:[device]", file, line, TextTable.Clip(id));
    }

    private static string Strip(string part) => part.Trim().Trim('[', ']').Trim();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*\[(?<house>[^\[\]:;\s]+)\]:\[?(?<device>[^\[\]:;\s]+)\]?$", RegexOptions.CultureInvariant)]
    private static partial Regex ProducerId();

    /// <summary>What a two-column cumulative file holds and the ranges of its columns.</summary>
    private sealed record CumulativeFormat(string What, string Expected, string TimeName, string Unit, PhysicalRange Time, PhysicalRange Energy, PhysicalRange Power);
}
