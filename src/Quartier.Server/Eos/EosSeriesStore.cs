using System.Text.Json.Nodes;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// Keyed time series as EOS keeps measurements and predictions: per key, values by instant, merged on write
/// (a value at an existing instant replaces it). Read and written in EOS's JSON shapes: <c>PydanticDateTimeSeries</c>
/// (<c>{data: {datetime: value}, dtype, tz}</c>), <c>PydanticDateTimeDataFrame</c> (<c>{data: {datetime: {key: value}}}</c>)
/// and <c>PydanticDateTimeData</c> (<c>{key: [values], start_datetime, interval}</c>). Not thread-safe; <see cref="EosState"/> locks.
/// </summary>
public sealed class EosSeriesStore
{
    private readonly Dictionary<string, SortedList<DateTimeOffset, double>> _series = new(StringComparer.Ordinal);

    /// <summary>The keys holding values, sorted.</summary>
    public IReadOnlyList<string> Keys => [.. _series.Where(s => s.Value.Count > 0).Select(s => s.Key).Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="key"/> holds values.</summary>
    public bool Has(string key) => _series.TryGetValue(key, out var s) && s.Count > 0;

    /// <summary>Sets one value.</summary>
    public void Put(string key, DateTimeOffset at, double value)
    {
        if (!_series.TryGetValue(key, out var s))
        {
            s = [];
            _series[key] = s;
        }

        s[at.ToUniversalTime()] = value;
    }

    /// <summary>The values of <paramref name="key"/> in <c>[from, to)</c> (either bound may be null).</summary>
    public IReadOnlyList<KeyValuePair<DateTimeOffset, double>> Range(string key, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (!_series.TryGetValue(key, out var s))
        {
            return [];
        }

        return [.. s.Where(p => (from is null || p.Key >= from) && (to is null || p.Key < to))];
    }

    /// <summary>The latest value of <paramref name="key"/> and its instant, or null.</summary>
    public (DateTimeOffset At, double Value)? Latest(string key) =>
        _series.TryGetValue(key, out var s) && s.Count > 0 ? (s.Keys[^1], s.Values[^1]) : null;

    /// <summary>Removes the values in <c>[from, to)</c>; the number removed.</summary>
    public int Delete(string key, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (!_series.TryGetValue(key, out var s))
        {
            return 0;
        }

        var doomed = s.Keys.Where(k => (from is null || k >= from) && (to is null || k < to)).ToList();
        foreach (var k in doomed)
        {
            s.Remove(k);
        }

        return doomed.Count;
    }

    /// <summary>Values held, over all keys.</summary>
    public int ValueCount => _series.Values.Sum(s => s.Count);

    /// <summary>Distinct instants holding a value (EOS's records: one per date-time, a column per key).</summary>
    public int RecordCount => _series.Values.SelectMany(s => s.Keys).Distinct().Count();

    /// <summary>Values per key (keys holding values only).</summary>
    public IReadOnlyDictionary<string, int> CountsByKey => _series.Where(s => s.Value.Count > 0).ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);

    /// <summary>The earliest and latest instant holding a value, or nulls.</summary>
    public (DateTimeOffset? Min, DateTimeOffset? Max) TimeRange =>
        _series.Values.Any(s => s.Count > 0)
            ? (_series.Values.Where(s => s.Count > 0).Min(s => s.Keys[0]), _series.Values.Where(s => s.Count > 0).Max(s => s.Keys[^1]))
            : (null, null);

    /// <summary>Removes every value before <paramref name="cutoff"/> of every key; the number removed.</summary>
    public int DeleteBefore(DateTimeOffset cutoff) => _series.Keys.ToList().Sum(k => Delete(k, null, cutoff));

    /// <summary>All values as <c>{key: {datetime: value}}</c> (what <see cref="Merge(JsonObject, string)"/> reads back).</summary>
    public JsonObject ToStoreJson()
    {
        var root = new JsonObject();
        foreach (var key in Keys)
        {
            root[key] = ToSeriesJson(key)["data"]!.DeepClone();
        }

        return root;
    }

    /// <summary>Merges <c>{key: {datetime: value}}</c>; the number of values read.</summary>
    /// <exception cref="InputException">Not that shape, a malformed date-time or value.</exception>
    public int Merge(JsonObject store, string source)
    {
        ArgumentNullException.ThrowIfNull(store);
        int n = 0;
        foreach (var (key, series) in store)
        {
            foreach (var (_, at, value) in ParseBody(new JsonObject { ["data"] = series?.DeepClone() }, source, DateTimeOffset.UnixEpoch, key))
            {
                Put(key, at, value);
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// One value per step of <paramref name="count"/> steps from <paramref name="start"/>: the mean of the values inside
    /// the step, else the last value before it (a value holds until the next); NaN where there is none.
    /// </summary>
    public double[] Sample(string key, DateTimeOffset start, TimeSpan step, int count)
    {
        var result = new double[count];
        System.Array.Fill(result, double.NaN);
        if (!_series.TryGetValue(key, out var s) || s.Count == 0)
        {
            return result;
        }

        var keys = s.Keys;
        var values = s.Values;
        int i = 0;
        double last = double.NaN;
        for (int t = 0; t < count; t++)
        {
            var from = start + (step * t);
            var to = from + step;
            while (i < keys.Count && keys[i] < from)
            {
                last = values[i++];
            }

            double sum = 0;
            int n = 0;
            while (i < keys.Count && keys[i] < to)
            {
                sum += values[i];
                last = values[i++];
                n++;
            }

            result[t] = n > 0 ? sum / n : last;
        }

        return result;
    }

    /// <summary><paramref name="key"/> as <c>PydanticDateTimeSeries</c>.</summary>
    public JsonObject ToSeriesJson(string key, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var data = new JsonObject();
        foreach (var (t, v) in Range(key, from, to))
        {
            data[EosNodes.Format(t)] = double.IsFinite(v) ? v : null;
        }

        return new JsonObject { ["data"] = data, ["dtype"] = "float64", ["tz"] = "UTC" };
    }

    /// <summary>Several keys on a regular grid as <c>PydanticDateTimeDataFrame</c> (values sampled per step; null where none).</summary>
    public JsonObject ToFrameJson(IReadOnlyList<string> keys, DateTimeOffset start, TimeSpan step, int count)
    {
        var columns = keys.Select(k => Sample(k, start, step, count)).ToList();
        var data = new JsonObject();
        for (int t = 0; t < count; t++)
        {
            var row = new JsonObject();
            for (int c = 0; c < keys.Count; c++)
            {
                row[keys[c]] = double.IsFinite(columns[c][t]) ? columns[c][t] : null;
            }

            data[EosNodes.Format(start + (step * t))] = row;
        }

        var dtypes = new JsonObject();
        foreach (var k in keys)
        {
            dtypes[k] = "float64";
        }

        return new JsonObject { ["data"] = data, ["dtypes"] = dtypes, ["tz"] = "UTC", ["datetime_columns"] = new JsonArray() };
    }

    /// <summary>
    /// Reads a body in any of EOS's three shapes and returns its values per key (<paramref name="only"/>: the one key of a
    /// <c>PydanticDateTimeSeries</c>). <paramref name="defaultStart"/> is the start of lists without <c>start_datetime</c>.
    /// </summary>
    /// <exception cref="InputException">Not one of the shapes, a malformed date-time or value, lists of unequal length.</exception>
    public static List<(string Key, DateTimeOffset At, double Value)> ParseBody(JsonNode? body, string source, DateTimeOffset defaultStart, string? only = null)
    {
        if (body is not JsonObject root)
        {
            throw new InputException($"the body must be a JSON object (a series, data frame or column data), not {EosConfig.Kind(body)}", source);
        }

        var values = new List<(string, DateTimeOffset, double)>();
        if (root["data"] is JsonObject data)
        {
            foreach (var (stamp, cell) in data)
            {
                var at = EosNodes.ParseTime(stamp, $"data key '{stamp}'", source);
                if (only is not null)
                {
                    values.Add((only, at, Value(cell, $"data['{stamp}']", source)));
                }
                else if (cell is JsonObject row)
                {
                    foreach (var (key, v) in row)
                    {
                        if (v is not null)
                        {
                            values.Add((key, at, Value(v, $"data['{stamp}'].{key}", source)));
                        }
                    }
                }
                else
                {
                    throw new InputException($"data['{stamp}'] must be an object of values by key (a data frame), not {EosConfig.Kind(cell)}", source, field: $"data['{stamp}']");
                }
            }

            return values;
        }

        if (only is not null)
        {
            throw new InputException("a series needs 'data': {datetime: value}", source, field: "data");
        }

        var start = root["start_datetime"] is { } s ? EosNodes.ParseTime(EosNodes.AsText(s), "start_datetime", source) : defaultStart;
        var step = EosNodes.ParseInterval(EosNodes.AsText(root["interval"]), source);
        int? length = null;
        foreach (var (key, column) in root)
        {
            if (key is "start_datetime" or "interval")
            {
                continue;
            }

            if (column is not JsonArray list)
            {
                throw new InputException($"'{key}' must be a list of values (column data), not {EosConfig.Kind(column)}", source, field: key);
            }

            if (length is { } n && list.Count != n)
            {
                throw new InputException($"'{key}' has {list.Count} values but the other lists have {n}; all lists must have the same length", source, field: key);
            }

            length = list.Count;
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] is not null)
                {
                    values.Add((key, start + (step * i), Value(list[i], $"{key}[{i}]", source)));
                }
            }
        }

        return values;
    }

    private static double Value(JsonNode? node, string field, string source) =>
        EosNodes.AsLaxDouble(node) is { } d && double.IsFinite(d)
            ? d
            : throw new InputException($"{field} is {EosConfig.Kind(node)} {node?.ToJsonString()}, not a finite number", source, field: field);
}
