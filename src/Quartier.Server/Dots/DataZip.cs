using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Quartier.Application.Dots;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Server.Dots;

/// <summary>
/// DOTS's <c>/data/{id}</c> zip: one <c>&lt;id&gt;_&lt;measurement&gt;.csv</c> per measurement of DOTS's schema
/// (<see cref="DotsSchema"/>), as pandas writes InfluxDB's rows: an unnamed index column, <c>time</c> (RFC 3339, UTC),
/// <c>esdl_id</c>, <c>esdl_name</c>, then one column per field in name order (empty where a row lacks it); rows by
/// time, then object id.
/// </summary>
public static class DataZip
{
    /// <summary>Writes the zip to <paramref name="output"/>; false (nothing written) when the run has no series.</summary>
    public static bool Write(IRunStore store, RunRecord run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var series = store.GetSeries(run.Id);
        if (series.Count == 0)
        {
            return false;
        }

        var (systemId, systemName) = EnergySystemOf(run);
        var columns = DotsSchema.Columns(series, systemId, systemName);
        var cache = new Dictionary<int, double[]>();
        double[] Read(int id)
        {
            if (!cache.TryGetValue(id, out var v))
            {
                cache[id] = v = store.ReadSeries(run.Id, id);
            }

            return v;
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var measurement in columns.GroupBy(c => c.Measurement).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var fields = measurement.Select(c => c.Field).Distinct().Order(StringComparer.Ordinal).ToArray();
            var objects = measurement.GroupBy(c => (c.EsdlId, c.EsdlName)).OrderBy(g => g.Key.EsdlId, StringComparer.Ordinal).ToArray();
            var values = objects.Select(o => fields.Select(f => o.FirstOrDefault(c => c.Field == f) is { } c ? Sum(c.Sources.Select(Read).ToArray(), run.StepCount) : null).ToArray()).ToArray();
            var entry = zip.CreateEntry($"{run.Id}_{measurement.Key}.csv", CompressionLevel.SmallestSize);
            entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(run.FinishedUtc ?? run.CreatedUtc, DateTimeKind.Utc)); // the same bytes on every download
            using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false), 1 << 16);
            w.Write(",time,esdl_id,esdl_name");
            foreach (var f in fields)
            {
                w.Write(',');
                w.Write(Csv(f));
            }

            w.Write('\n');
            long index = 0;
            var line = new StringBuilder();
            for (int k = 0; k < run.StepCount; k++)
            {
                var time = run.GridStart.AddSeconds((long)(k + 1) * run.StepSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                for (int o = 0; o < objects.Length; o++)
                {
                    line.Clear().Append(index++).Append(',').Append(time).Append(',').Append(Csv(objects[o].Key.EsdlId)).Append(',').Append(Csv(objects[o].Key.EsdlName));
                    foreach (var column in values[o])
                    {
                        line.Append(',');
                        if (column is not null && !double.IsNaN(column[k]))
                        {
                            line.Append(column[k].ToString("R", CultureInfo.InvariantCulture));
                        }
                    }

                    w.Write(line.Append('\n'));
                }
            }
        }

        return true;
    }

    /// <summary>The energy system's id and name recorded with the run (the LV network's DOTS tags).</summary>
    public static (string Id, string Name) EnergySystemOf(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            using var doc = JsonDocument.Parse(run.Parameters);
            if (doc.RootElement.TryGetProperty("energy_system", out var es) && es.ValueKind == JsonValueKind.Object)
            {
                return (es.GetProperty("id").GetString() ?? string.Empty, es.GetProperty("name").GetString() ?? DotsSchema.EnergySystem);
            }
        }
        catch (JsonException)
        {
            // parameters of an older run: no energy system recorded
        }

        return (string.Empty, DotsSchema.EnergySystem);
    }

    private static double[] Sum(double[][] sources, int steps)
    {
        if (sources.Length == 1)
        {
            return sources[0];
        }

        var sum = new double[steps];
        foreach (var s in sources)
        {
            for (int k = 0; k < steps; k++)
            {
                sum[k] += s[k];
            }
        }

        return sum;
    }

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
