using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>
/// Imports day-ahead market prices into a <see cref="TimeSeries"/> in EUR/kWh (mean kind; value i holds for the interval
/// starting at its time). Formats: the Akkudoktor price API (<c>values[{start_timestamp, end_timestamp (ms), marketprice, unit}]</c>),
/// Energy-Charts (<c>unix_seconds[]</c>, <c>price[]</c>, <c>unit</c>) and CSV (<c>time,price [EUR/MWh]</c>, units EUR/MWh,
/// EUR/kWh, ct/kWh). Intervals must follow each other at one fixed step (hourly or quarter-hourly); a gap is an error
/// naming the file and the JSON path or line.
/// </summary>
public static class DayAheadPrices
{
    /// <summary>Reads an Akkudoktor price API response file.</summary>
    public static TimeSeries LoadAkkudoktor(string path) => ParseAkkudoktor(InputFiles.ReadAllText(path, "price file"), path);

    /// <summary>Reads an Energy-Charts price response file.</summary>
    public static TimeSeries LoadEnergyCharts(string path) => ParseEnergyCharts(InputFiles.ReadAllText(path, "price file"), path);

    /// <summary>Reads a price CSV file (<c>time,price [unit]</c>); naive times are read in <paramref name="naiveZone"/> (UTC by default).</summary>
    public static TimeSeries LoadCsv(string path, TimeZoneInfo? naiveZone = null)
    {
        using var reader = new StringReader(InputFiles.ReadAllText(path, "price file"));
        return ParseCsv(reader, path, naiveZone);
    }

    /// <summary>
    /// Parses the Akkudoktor format. Uses <c>start_timestamp</c>/<c>end_timestamp</c> (Unix ms) and <c>marketprice</c> in each
    /// value's <c>unit</c> (e.g. <c>Eur/MWh</c>); the rounded <c>marketpriceEurocentPerKWh</c> is not used.
    /// </summary>
    public static TimeSeries ParseAkkudoktor(string json, string file)
    {
        using var doc = Parse(json, file);
        var values = Property(doc.RootElement, "values", "$", file);
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
        {
            throw new InputException("$.values must be a non-empty array of {start_timestamp, end_timestamp, marketprice, unit}", file);
        }

        int n = values.GetArrayLength();
        var prices = new double[n];
        long start = 0;
        long step = 0;
        int i = 0;
        foreach (var v in values.EnumerateArray())
        {
            string path = $"$.values[{i}]";
            long a = Int64(Property(v, "start_timestamp", path, file), path + ".start_timestamp", file);
            long b = Int64(Property(v, "end_timestamp", path, file), path + ".end_timestamp", file);
            if (i == 0)
            {
                start = a;
                step = b - a;
                PriceRanges.CheckUnixSeconds(a / 1000, path + ".start_timestamp / 1000", file);
                if (step <= 0 || step % 1000 != 0)
                {
                    throw new InputException($"{path}: end_timestamp {b} must be a whole number of seconds after start_timestamp {a}", file, field: path + ".end_timestamp");
                }

                PriceRanges.CheckStep(step / 1000, path + ".end_timestamp − start_timestamp (s)", file);
            }
            else if (a != start + (i * step) || b - a != step)
            {
                throw new InputException(
                    $"{path}: interval {a}..{b} ms does not follow the previous one at the step {step / 1000} s (expected start {start + (i * step)}); gaps and irregular intervals are not allowed",
                    file);
            }

            var unitText = Text(Property(v, "unit", path, file));
            if (!PriceUnits.TryParse(unitText, out var unit))
            {
                throw new InputException($"{path}.unit '{unitText}' is not a price unit (EUR/MWh, EUR/kWh, ct/kWh)", file);
            }

            double p = Number(Property(v, "marketprice", path, file), path + ".marketprice", file);
            prices[i] = PriceRanges.CheckPrice(PriceUnits.ToEurPerKWh(p, unit), p, unit, path + ".marketprice", file);
            i++;
        }

        return new TimeSeries(DateTime.UnixEpoch.AddMilliseconds(start), (int)(step / 1000), prices, "EUR/kWh", file + " (Akkudoktor)");
    }

    /// <summary>
    /// Parses the Energy-Charts format: <c>unix_seconds</c> (interval starts), <c>price</c> and one <c>unit</c> (e.g. <c>EUR / MWh</c>).
    /// The step is the first difference of the times (3600 s when there is a single value).
    /// </summary>
    public static TimeSeries ParseEnergyCharts(string json, string file)
    {
        using var doc = Parse(json, file);
        var root = doc.RootElement;
        var times = Property(root, "unix_seconds", "$", file);
        var price = Property(root, "price", "$", file);
        var unitText = Text(Property(root, "unit", "$", file));
        if (!PriceUnits.TryParse(unitText, out var unit))
        {
            throw new InputException($"$.unit '{unitText}' is not a price unit (EUR / MWh, EUR/kWh, ct/kWh)", file);
        }

        if (times.ValueKind != JsonValueKind.Array || price.ValueKind != JsonValueKind.Array)
        {
            throw new InputException("$.unix_seconds and $.price must be arrays", file);
        }

        int n = times.GetArrayLength();
        if (n == 0 || price.GetArrayLength() != n)
        {
            throw new InputException($"$.unix_seconds has {n} entries and $.price {price.GetArrayLength()}: both must have the same non-zero length", file);
        }

        var t = new long[n];
        var prices = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = Int64(times[i], $"$.unix_seconds[{i}]", file);
            PriceRanges.CheckUnixSeconds(t[i], $"$.unix_seconds[{i}]", file);

            if (price[i].ValueKind == JsonValueKind.Null)
            {
                throw new InputException($"$.price[{i}] is null: the price at {DateTime.UnixEpoch.AddSeconds(t[i]):yyyy-MM-ddTHH:mm:ssZ} is missing", file, field: $"$.price[{i}]");
            }

            double p = Number(price[i], $"$.price[{i}]", file);
            prices[i] = PriceRanges.CheckPrice(PriceUnits.ToEurPerKWh(p, unit), p, unit, $"$.price[{i}]", file);
        }

        long step = n > 1 ? t[1] - t[0] : 3600;
        for (int i = 1; i < n; i++)
        {
            if (t[i] - t[i - 1] != step || step <= 0)
            {
                throw new InputException(
                    $"$.unix_seconds[{i}] = {t[i]} is {t[i] - t[i - 1]} s after the previous time, expected the step {step} s: gaps, repeats and irregular steps are not allowed",
                    file);
            }
        }

        return new TimeSeries(DateTime.UnixEpoch.AddSeconds(t[0]), PriceRanges.CheckStep(step, "$.unix_seconds step", file), prices, "EUR/kWh", file + " (Energy-Charts)");
    }

    /// <summary>Parses price CSV text; <paramref name="file"/> names it in messages.</summary>
    public static TimeSeries ParseCsv(TextReader reader, string file, TimeZoneInfo? naiveZone = null)
    {
        var table = SeriesCsv.Read(reader, file, naiveZone);
        if (!PriceUnits.TryParse(table.Unit, out var unit))
        {
            throw new InputException($"unit '{table.Unit}' of column '{table.Quantity}' is not a price unit: use EUR/MWh, EUR/kWh or ct/kWh, e.g. 'price [EUR/MWh]'", file, table.HeaderLine);
        }

        if (table.Rows.Count == 0)
        {
            throw new InputException("no price rows after the header", file, table.HeaderLine);
        }

        int step = SeriesCsv.RequireRegular(table.Rows, file, 3600);
        if (table.Rows.Count > 1)
        {
            PriceRanges.CheckStep(step, "time step", file, table.Rows[1].Line);
        }

        double f = PriceUnits.ToEurPerKWhFactor(unit);
        var prices = new double[table.Rows.Count];
        for (int i = 0; i < prices.Length; i++)
        {
            var row = table.Rows[i];
            prices[i] = PriceRanges.CheckPrice(row.Value * f, row.Value, unit, table.Quantity, file, row.Line);
        }

        return new TimeSeries(table.Rows[0].Utc, step, prices, "EUR/kWh", file);
    }

    private static JsonDocument Parse(string json, string file) => SafeJson.Parse(json, file);

    private static JsonElement Property(JsonElement element, string name, string path, string file)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw new InputException(element.ValueKind == JsonValueKind.Object ? $"{path}.{name} is missing" : $"{path} must be an object with '{name}', found {element.ValueKind.ToString().ToLowerInvariant()}", file, field: $"{path}.{name}");
        }

        return value;
    }

    private static long Int64(JsonElement e, string path, string file) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : throw new InputException($"{path} is not a whole number", file, field: path);

    private static string? Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString();

    private static double Number(JsonElement e, string path, string file) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v)
            ? v
            : throw new InputException($"{path} is not a finite number (found {(e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.ValueKind.ToString().ToLowerInvariant())})", file, field: path);
}
