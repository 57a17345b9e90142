using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>
/// Many heat pumps over arrays (see <see cref="FrbcFleet"/>): the buffer temperature, mode and modulation of each held
/// in arrays. A factor-only instruction is taken by the fleet (an S2 factor change within the active mode is accepted
/// while the buffer lies within the mode's elements); a step whose buffer stays strictly inside its range is integrated
/// by the same arithmetic as the FRBC runtime. Mode changes (where the minimum on/off timers decide), a buffer at or
/// crossing its bounds, standing losses and transitions go to the resource. Both paths give bit-identical results.
/// </summary>
public sealed class HeatPumpFleet : FrbcFleet
{
    private readonly HeatPumpResource[] _resources;
    private readonly double[] _lo;
    private readonly double[] _hi;
    private readonly double[] _rateOn;
    private readonly double[] _kelvinPerWattSecond;

    /// <summary>A fleet over <paramref name="resources"/>; <paramref name="fastPath"/> false steps every heat pump through its resource.</summary>
    public HeatPumpFleet(IReadOnlyList<HeatPumpResource> resources, bool fastPath = true)
        : base([.. (resources ?? throw new ArgumentNullException(nameof(resources))).Select(r => r.Simulation)], fastPath)
    {
        int n = resources.Count;
        _resources = [.. resources];
        _lo = new double[n];
        _hi = new double[n];
        _rateOn = new double[n];
        _kelvinPerWattSecond = new double[n];
        for (int i = 0; i < n; i++)
        {
            var spec = _resources[i].Spec;
            _lo[i] = spec.MinTempC;
            _hi[i] = spec.MaxTempC;
            _kelvinPerWattSecond[i] = 1.0 / (spec.BufferCapacityWhPerK * 3600.0);
            _rateOn[i] = spec.MaxThermalPowerW * _kelvinPerWattSecond[i];
        }
    }

    public HeatPumpMode Mode(int i) => (HeatPumpMode)ActiveMode(i);

    /// <summary>Heat pump <paramref name="i"/>'s resource, brought up to date; the fleet re-reads its state before the next step.</summary>
    public HeatPumpResource Resource(int i) => HandOut(_resources, i);

    /// <summary>Instructs heat pump <paramref name="i"/> as <see cref="HeatPumpResource.Instruct"/>.</summary>
    public InstructionOutcome Instruct(int i, HeatPumpMode mode, double factor, DateTimeOffset at)
    {
        Refresh(i);
        if (TryInstructFactor(i, (int)mode, factor, at) || TryInstructMode(i, (int)mode, factor, at, true))
        {
            return InstructionOutcome.Accepted;
        }

        Sync(i);
        var outcome = _resources[i].Instruct(mode, factor, at);
        ReadBack(i);
        return outcome;
    }

    /// <summary>
    /// Steps heat pump <paramref name="i"/> over <paramref name="seconds"/> from <paramref name="at"/> with a heat demand of
    /// <paramref name="heatDemandW"/> taken from the buffer (as <see cref="HeatPumpResource.Step"/>); returns the buffer temperature (°C).
    /// </summary>
    public double Step(int i, DateTimeOffset at, double seconds, double heatDemandW, double sourceTempC)
    {
        Refresh(i);
        double level = Fill[i];
        double lo = _lo[i], hi = _hi[i];
        if (CanStepFast(i, at, seconds) && lo < level && level < hi)
        {
            double usage = 0 + (heatDemandW * _kelvinPerWattSecond[i]);
            double rateEnd = ModeIndex[i] == (int)HeatPumpMode.On ? _rateOn[i] : 0;
            double supply = 0.0 + (0 + (FactorOf[i] * (rateEnd - 0)));
            double net = supply - 0.0 - usage;
            bool inside = net > 0 ? !((hi - level) / net < seconds) : net >= 0 || !((lo - level) / net < seconds);
            if (inside)
            {
                double next = level + (net * seconds);
                if (next <= hi && next >= lo)
                {
                    SetFill(i, next);
                    return next;
                }
            }
        }

        Sync(i);
        double buffer = _resources[i].Step(at, seconds, heatDemandW, sourceTempC).BufferTempC;
        ReadBack(i);
        return buffer;
    }
}
