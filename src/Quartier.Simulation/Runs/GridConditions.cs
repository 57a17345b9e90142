using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Time;
using Quartier.Resources.Schedules;

namespace Quartier.Simulation.Runs;

/// <summary>
/// The public grid as the batteries' site-dependent modes see it: a frequency series for FREQUENCY_REGULATION
/// (<c>--grid-frequency FILE</c>, CSV <c>time,frequency</c> in Hz, each value holding until the next) and an outage
/// schedule for OUTAGE_SUPPLY (<c>--outages FILE</c>, CSV <c>start,end</c>). A step sees the value in effect at its
/// start; without a series the frequency is unknown (FREQUENCY_REGULATION gives 0 W) and the grid is always up.
/// </summary>
public sealed class GridConditions
{
    /// <summary>Frequencies a grid can show (Hz); outside is a typo or a unit mix-up.</summary>
    public static readonly PhysicalRange FrequencyRange = new(45, 65, "Hz");

    private GridConditions(IReadOnlyList<(DateTime Time, double Hz)> frequency, IReadOnlyList<(DateTime Start, DateTime End)> outages, string? frequencySource)
    {
        Frequency = frequency;
        Outages = outages;
        FrequencySource = frequencySource;
    }

    /// <summary>No frequency series, no outages.</summary>
    public static GridConditions None { get; } = new([], [], null);

    /// <summary>Frequency samples (UTC, Hz), increasing in time.</summary>
    public IReadOnlyList<(DateTime Time, double Hz)> Frequency { get; }

    /// <summary>Outages [start, end) in UTC, in time order, not overlapping.</summary>
    public IReadOnlyList<(DateTime Start, DateTime End)> Outages { get; }

    private string? FrequencySource { get; }

    /// <summary>Conditions from a frequency series (increasing times) and outages.</summary>
    public static GridConditions Create(IReadOnlyList<(DateTime Time, double Hz)> frequency, IReadOnlyList<(DateTime Start, DateTime End)> outages) =>
        new(frequency ?? [], outages ?? [], null);

    /// <summary>Reads the files given (either may be null).</summary>
    public static GridConditions Load(string? frequencyFile, string? outageFile) =>
        new(
            frequencyFile is null ? [] : ParseFrequency(InputFiles.ReadAllText(frequencyFile, "grid frequency series"), frequencyFile),
            outageFile is null ? [] : ParseOutages(InputFiles.ReadAllText(outageFile, "outage schedule"), outageFile),
            frequencyFile);

    /// <summary>A frequency series from CSV text (<c>time,frequency</c>).</summary>
    public static IReadOnlyList<(DateTime Time, double Hz)> ParseFrequency(string text, string source)
    {
        var list = new List<(DateTime, double)>();
        foreach (var (cells, line) in Rows(text, source, ["time", "frequency"]))
        {
            var t = Time(cells[0], source, line, "time");
            if (!double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hz))
            {
                throw new InputException($"'{cells[1]}' is not a number", source, line, field: "frequency");
            }

            FrequencyRange.Check(hz, "frequency", source, line);
            if (list.Count > 0 && t <= list[^1].Item1)
            {
                throw new InputException($"time {cells[0]} is not after the line before ({list[^1].Item1:yyyy-MM-ddTHH:mm:ss}Z); the series must increase in time", source, line, field: "time");
            }

            list.Add((t, hz));
        }

        return list.Count > 0 ? list : throw new InputException("the grid frequency series has no values", source);
    }

    /// <summary>An outage schedule from CSV text (<c>start,end</c>).</summary>
    public static IReadOnlyList<(DateTime Start, DateTime End)> ParseOutages(string text, string source)
    {
        var list = new List<(DateTime Start, DateTime End)>();
        foreach (var (cells, line) in Rows(text, source, ["start", "end"]))
        {
            var start = Time(cells[0], source, line, "start");
            var end = Time(cells[1], source, line, "end");
            if (end <= start)
            {
                throw new InputException($"the outage ends ({cells[1]}) before it starts ({cells[0]})", source, line, field: "end");
            }

            list.Add((start, end));
        }

        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = 1; i < list.Count; i++)
        {
            if (list[i].Start < list[i - 1].End)
            {
                throw new InputException($"the outage from {list[i].Start:yyyy-MM-ddTHH:mm}Z overlaps the one from {list[i - 1].Start:yyyy-MM-ddTHH:mm}Z to {list[i - 1].End:yyyy-MM-ddTHH:mm}Z", source);
            }
        }

        return list;
    }

    /// <summary>The frequency in effect at the start of each interval k = 0 … Count of <paramref name="grid"/> (NaN = unknown).</summary>
    public double[] FrequencyPerStep(TimeGrid grid)
    {
        var result = new double[grid.Count + 1];
        Array.Fill(result, double.NaN);
        if (Frequency.Count == 0)
        {
            return result;
        }

        if (Frequency[0].Time > grid.Start)
        {
            throw new InputException($"the grid frequency series starts at {Frequency[0].Time:yyyy-MM-ddTHH:mm:ss}Z, after the run's start {grid.Start:yyyy-MM-ddTHH:mm:ss}Z; it must cover the run", FrequencySource, field: "time");
        }

        int s = 0;
        for (int k = 0; k <= grid.Count; k++)
        {
            var t = grid.InstantAt(k);
            while (s + 1 < Frequency.Count && Frequency[s + 1].Time <= t)
            {
                s++;
            }

            result[k] = Frequency[s].Hz;
        }

        return result;
    }

    /// <summary>Whether the grid is up at the start of each interval k = 0 … Count of <paramref name="grid"/>.</summary>
    public bool[] AvailablePerStep(TimeGrid grid)
    {
        var result = new bool[grid.Count + 1];
        for (int k = 0; k <= grid.Count; k++)
        {
            var t = grid.InstantAt(k);
            bool up = true;
            foreach (var (start, end) in Outages)
            {
                if (t >= start && t < end)
                {
                    up = false;
                    break;
                }
            }

            result[k] = up;
        }

        return result;
    }

    private static DateTime Time(string text, string source, int line, string field) =>
        InstructionSchedule.ParseTime(text)?.UtcDateTime ?? throw new InputException($"'{text}' is not a date-time (ISO 8601, e.g. 2020-08-11T10:00:00Z)", source, line, field: field);

    /// <summary>The data rows of a two-column CSV whose header names <paramref name="header"/> (a unit in brackets allowed).</summary>
    private static IEnumerable<(string[] Cells, int Line)> Rows(string text, string source, string[] header)
    {
        var lines = text.Split('\n');
        bool headed = false;
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (!headed)
            {
                var names = cells.Select(c => c.Split('[')[0].Trim().ToLowerInvariant()).ToArray();
                if (!names.SequenceEqual(header))
                {
                    throw new InputException($"the header must be {string.Join(",", header)}, not '{line}'", source, n + 1);
                }

                headed = true;
                continue;
            }

            if (cells.Length != header.Length)
            {
                throw new InputException($"{cells.Length} cells, expected {header.Length} ({string.Join(",", header)})", source, n + 1);
            }

            yield return (cells, n + 1);
        }

        if (!headed)
        {
            throw new InputException($"the file is empty; expected a header {string.Join(",", header)} and one line per value", source);
        }
    }
}
