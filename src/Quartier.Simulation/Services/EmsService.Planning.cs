using Quartier.Optimization.Dots;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The planning EMS's view of tariffs, heat pumps, EVs and batteries (from the assets' own readers).</summary>
public sealed partial class EmsService
{
    private void PlanningSetup(ServiceContext context)
    {
    }

    private PlanTariffInput PlanTariff(int i, int pk, EmsPlanning.Buffers buf) => new(GridTariffKind.None, null, 0, 0);

    private (EmsHouse? House, EmsHeatPump? HeatPump, EmsHybrid? Hybrid) PlanHeatPumps(int i, int k, int pk, EmsPlanning.Buffers buf) => (null, null, null);

    private EmsEv? PlanEv(int i, int pk) => null;

    private EmsBattery? PlanBattery(int i)
    {
        if (!_batFill.Has(i))
        {
            return null;
        }

        int j = _batFill.Start(i);
        var spec = _batControl[j].Spec;
        double capacityJ = spec.CapacityWh * 3600;
        double fill = _batFill.Value(j);
        return new EmsBattery(capacityJ, fill * capacityJ, spec.ChargeEfficiency, spec.DischargeEfficiency, spec.MaxChargePowerW, spec.DischargeLimitW, _planning!.Dots ? 0.5 : fill);
    }

    private IEnumerable<Core.Results.Kpi> TariffKpis() => [];

    private readonly record struct PlanTariffInput(GridTariffKind Kind, double[]? Values, double BandwidthPrice, double BandwidthW);
}
