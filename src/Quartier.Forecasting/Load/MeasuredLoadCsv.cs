using Quartier.Core.Errors;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Load;

/// <summary>
/// Imports a measured load from a two-column CSV: <c>time,&lt;quantity&gt; [&lt;unit&gt;]</c>. The unit in the header
/// decides the meaning:
/// <list type="bullet">
/// <item><c>W</c>, <c>kW</c>, <c>MW</c>: mean power over the interval that starts at the row's time → series in W (mean).</item>
/// <item><c>Wh</c>, <c>kWh</c>, <c>MWh</c>: energy in the interval that starts at the row's time → series in Wh per interval (amount).</item>
/// <item>the same energy units with a quantity named <c>meter</c>, <c>reading</c>, <c>cumulative</c> or <c>counter</c>: a cumulative
/// meter read at the row's instant → differences between consecutive readings, one interval fewer than rows, in Wh (amount).</item>
/// </list>
/// Rows must rise by one fixed step (set by the first two rows); gaps, repeated or backwards times, bad numbers and
/// falling meter readings are reported with file and line. Times: ISO 8601 with <c>Z</c>/offset, naive times in the
/// given zone (UTC by default; the repeated hour of a fall-back day cannot be told apart, so write offsets), or Unix seconds.
/// Delimiter <c>,</c> <c>;</c> or tab; decimal point.
/// </summary>
public static class MeasuredLoadCsv
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static TimeSeries Load(string path, TimeZoneInfo? naiveZone = null)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path, naiveZone);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="file"/> names it in messages.</summary>
    public static TimeSeries Parse(TextReader reader, string file, TimeZoneInfo? naiveZone = null)
    {
        var table = SeriesCsv.Read(reader, file, naiveZone);
        double factor;
        bool energy;
        switch (table.Unit.Trim())
        {
            case "W": factor = 1; energy = false; break;
            case "kW": factor = 1e3; energy = false; break;
            case "MW": factor = 1e6; energy = false; break;
            case "Wh": factor = 1; energy = true; break;
            case "kWh": factor = 1e3; energy = true; break;
            case "MWh": factor = 1e6; energy = true; break;
            default:
                throw new InputException(
                    $"unit '{table.Unit}' of column '{table.Quantity}' is not a load unit: use W, kW, MW (mean power), Wh, kWh, MWh (energy per interval) or a 'meter [kWh]' column (cumulative readings)",
                    file,
                    table.HeaderLine);
        }

        var rows = table.Rows;
        if (rows.Count < 2)
        {
            throw new InputException($"{rows.Count} data rows: at least two are needed to know the step", file, table.HeaderLine);
        }

        int step = SeriesCsv.RequireRegular(rows, file, 3600);
        string source = $"{file} ({table.Quantity} [{table.Unit}])";
        if (!energy)
        {
            var power = new double[rows.Count];
            for (int i = 0; i < power.Length; i++)
            {
                power[i] = rows[i].Value * factor;
            }

            return new TimeSeries(rows[0].Utc, step, power, "W", source, SeriesKind.Mean);
        }

        if (!IsMeter(table.Quantity))
        {
            var wh = new double[rows.Count];
            for (int i = 0; i < wh.Length; i++)
            {
                wh[i] = rows[i].Value * factor;
            }

            return new TimeSeries(rows[0].Utc, step, wh, "Wh", source, SeriesKind.Amount);
        }

        var diff = new double[rows.Count - 1];
        for (int i = 1; i < rows.Count; i++)
        {
            double d = (rows[i].Value - rows[i - 1].Value) * factor;
            if (d < 0)
            {
                throw new InputException(
                    $"meter reading {rows[i].Value} is below the previous {rows[i - 1].Value} (line {rows[i - 1].Line}); a cumulative meter cannot fall — was it replaced or reset?",
                    file,
                    rows[i].Line);
            }

            diff[i - 1] = d;
        }

        return new TimeSeries(rows[0].Utc, step, diff, "Wh", source, SeriesKind.Amount);
    }

    private static bool IsMeter(string quantity)
    {
        var q = quantity.ToLowerInvariant();
        return q.Contains("meter", StringComparison.Ordinal) || q.Contains("reading", StringComparison.Ordinal)
            || q.Contains("cumulative", StringComparison.Ordinal) || q.Contains("counter", StringComparison.Ordinal);
    }
}
