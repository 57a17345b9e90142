using System.Globalization;
using System.Text;
using Quartier.Application;
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
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        SeriesCsv.Write(store, run, store.GetSeries(run.Id), w);
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

    private static string Quote(string s) => SeriesCsv.Quote(s);
}
