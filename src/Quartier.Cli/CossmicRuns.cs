using System.Globalization;
using Quartier.Cossmic.Results;

namespace Quartier.Cli;

/// <summary>The CoSSMic run set's text report on the console.</summary>
internal static class CossmicRuns
{
    /// <summary>The run set's text report: KPI table (first line <c>PV share: …</c>), houses, optionally jobs.</summary>
    public static void Print(CossmicRunSet runSet, bool jobs)
    {
        Console.Write(CossmicReport.KpiTable(runSet));
        Console.Write(CossmicReport.HouseTable(runSet));
        if (jobs)
        {
            Console.Write(CossmicReport.JobTable(runSet));
        }
    }

    public static string Percent(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
