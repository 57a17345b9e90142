using Quartier.Core.Results;
using Quartier.Simulation.Services;

namespace Quartier.Application.Dots;

/// <summary>
/// One field of DOTS's InfluxDB schema: measurement (the ESDL type), tags <c>esdl_id</c>/<c>esdl_name</c>, the field
/// name, and the recorded series whose sum it is (one series, or several for a derived field).
/// </summary>
public sealed record DotsColumn(string Measurement, string EsdlId, string EsdlName, string Field, int[] Sources);

/// <summary>
/// How a run's recorded series appear in DOTS's schema (what its Grafana dashboards and <c>/data</c> zip read):
/// every series under its ESDL type and output name, plus what DOTS names differently — the LV network's elements
/// (<c>transformer1</c>, <c>transformer1_limit</c>, <c>cable1</c>, <c>connectionhome2.1</c>, …) under measurement
/// <c>EnergySystem</c> tagged with the energy system's id, and the EConnection's <c>active_dispatch_pv</c>,
/// <c>active_dispatch_ev</c> and <c>active_dispatch_hhp</c> (heat dispatched to the hybrid heat pump's buffer and
/// house; DOTS itself always stores 0 there, because its keys are never set).
/// </summary>
public static class DotsSchema
{
    public const string EnergySystem = "EnergySystem";

    public static IReadOnlyList<DotsColumn> Columns(IReadOnlyList<SeriesInfo> series, string systemId, string systemName)
    {
        ArgumentNullException.ThrowIfNull(series);
        var columns = new List<DotsColumn>(series.Count + 8);
        foreach (var s in series)
        {
            if (s.EsdlType == "Transformer" && !LvNetworkService.SummaryOutputs.Contains(s.Output))
            {
                columns.Add(new DotsColumn(EnergySystem, systemId, systemName, s.Output, [s.Id]));
            }
            else
            {
                columns.Add(new DotsColumn(s.EsdlType, s.EsdlId, s.EsdlName, s.Output, [s.Id]));
            }
        }

        foreach (var connection in series.Where(s => s.EsdlType == "EConnection").GroupBy(s => (s.EsdlId, s.EsdlName)))
        {
            int[] Of(params string[] outputs) => [.. connection.Where(s => outputs.Contains(s.Output)).Select(s => s.Id)];
            void Alias(string field, int[] sources)
            {
                if (sources.Length > 0)
                {
                    columns.Add(new DotsColumn("EConnection", connection.Key.EsdlId, connection.Key.EsdlName, field, sources));
                }
            }

            Alias("active_dispatch_pv", Of(EmsService.DispatchPv));
            Alias("active_dispatch_ev", Of(EvChargingService.Dispatch));
            Alias("active_dispatch_hhp", Of(EmsService.HeatToBufferHybrid, EmsService.HeatToHouseHybrid));
        }

        return columns;
    }
}
