using System.Globalization;
using System.Text;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Application;

/// <summary>
/// A run's series as RFC 4180 CSV a spreadsheet opens: comma separated, invariant numbers, ISO-8601 UTC times,
/// quoted headers <c>ESDLType/name/output [unit]</c>; empty where a step has no value. For the CLI's export and the
/// server's download alike.
/// </summary>
public static class SeriesCsv
{
    public static void Write(IRunStore store, RunRecord run, IReadOnlyList<SeriesInfo> series, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(w);
        var columns = series.Select(s => store.ReadSeries(run.Id, s.Id)).ToArray();
        var header = new StringBuilder("time_utc");
        foreach (var s in series)
        {
            header.Append(',').Append(Quote($"{s.EsdlType}/{s.EsdlName}/{s.Output} [{s.Unit}]"));
        }

        w.Write(header.Append("\r\n"));
        var line = new StringBuilder();
        for (int k = 0; k < run.StepCount; k++)
        {
            line.Clear();
            line.Append(run.GridStart.AddSeconds((long)(k + 1) * run.StepSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            foreach (var c in columns)
            {
                line.Append(',');
                if (!double.IsNaN(c[k]))
                {
                    line.Append(c[k].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            w.Write(line.Append("\r\n"));
        }
    }

    public static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
