using System.Globalization;
using System.Text;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Cli;

/// <summary>
/// Writes results as RFC 4180 CSV a spreadsheet opens: comma separated, invariant numbers, ISO-8601 UTC
/// times, quoted headers <c>ESDLType/name/output [unit]</c>.
/// </summary>
internal static class CsvExport
{
    public static void WriteSeries(SqliteResultStore store, RunRecord run, string path)
    {
        var series = store.GetSeries(run.Id);
        var columns = series.Select(s => store.ReadSeries(run.Id, s.Id)).ToArray();
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
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

    public static void WriteKpis(IReadOnlyList<Kpi> kpis, string path)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write("scope,name,value,unit\r\n");
        foreach (var k in kpis)
        {
            w.Write($"{Quote(k.Scope)},{Quote(k.Name)},{(double.IsNaN(k.Value) ? string.Empty : k.Value.ToString("R", CultureInfo.InvariantCulture))},{Quote(k.Unit)}\r\n");
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
