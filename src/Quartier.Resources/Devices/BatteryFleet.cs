using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>
/// Many batteries stepped over contiguous arrays (structure of arrays): the engine's hot path for a neighbourhood.
/// Each battery is still a <see cref="BatteryResource"/> with all its S2 semantics; the fleet holds the state that
/// changes every step (fill level, mode, factor) in arrays and steps a battery in the steady state — its instruction
/// unchanged, no transition in progress, a mode whose setpoint depends only on PV and load — by the same arithmetic
/// as <see cref="BatteryResource.Step"/>, without touching the resource. Any other case (a new instruction, a mode
/// such as FREQUENCY_REGULATION, a transition or a reported status) falls back to the resource, which is brought up
/// to date first and read back after. Both paths give bit-identical results (tested by property).
/// </summary>
public sealed class BatteryFleet : FrbcFleet
{
    private readonly BatteryResource[] _resources;
    private readonly double[] _capacity;
    private readonly double[] _pc;
    private readonly double[] _pd;
    private readonly double[] _ec;
    private readonly double[] _ed;
    private readonly double[] _minSoc;
    private readonly double[] _maxSoc;
    private readonly double[] _floor;
    private readonly double[] _exportLimit;
    private readonly double[] _peakLimit;

    /// <summary>A fleet over <paramref name="resources"/>; <paramref name="fastPath"/> false steps every battery through its resource.</summary>
    public BatteryFleet(IReadOnlyList<BatteryResource> resources, bool fastPath = true)
        : base([.. (resources ?? throw new ArgumentNullException(nameof(resources))).Select(r => r.Simulation)], fastPath)
    {
        int n = resources.Count;
        _resources = [.. resources];
        _capacity = new double[n];
        _pc = new double[n];
        _pd = new double[n];
        _ec = new double[n];
        _ed = new double[n];
        _minSoc = new double[n];
        _maxSoc = new double[n];
        _floor = new double[n];
        _exportLimit = new double[n];
        _peakLimit = new double[n];
        for (int i = 0; i < n; i++)
        {
            var s = _resources[i].Spec;
            _capacity[i] = s.CapacityWh;
            _pc[i] = s.MaxChargePowerW;
            _pd[i] = s.DischargeLimitW;
            _ec[i] = s.ChargeEfficiency;
            _ed[i] = s.DischargeEfficiency;
            _minSoc[i] = s.MinSoc;
            _maxSoc[i] = s.MaxSoc;
            _floor[i] = Math.Max(s.MinSoc, 0);
            _exportLimit[i] = s.ExportLimitW;
            _peakLimit[i] = s.PeakImportLimitW;
        }
    }

    /// <summary>Capacity of battery <paramref name="i"/> (Wh).</summary>
    public double CapacityWh(int i) => _capacity[i];

    public BatteryMode Mode(int i)
    {
        Refresh(i);
        return (BatteryMode)ModeIndex[i];
    }

    public double Factor(int i)
    {
        Refresh(i);
        return FactorOf[i];
    }

    /// <summary>Battery <paramref name="i"/>'s resource, brought up to date; the fleet re-reads its state before the next step.</summary>
    public BatteryResource Resource(int i)
    {
        _ = Simulation(i);
        return _resources[i];
    }

    /// <summary>Instructs battery <paramref name="i"/> as <see cref="BatteryResource.Instruct"/>; an unchanged instruction is a no-op.</summary>
    public InstructionOutcome Instruct(int i, BatteryMode mode, double factor, DateTimeOffset at)
    {
        Refresh(i);
        if ((int)mode == ModeIndex[i] && factor == FactorOf[i])
        {
            return InstructionOutcome.Accepted;
        }

        Sync(i);
        var outcome = _resources[i].Instruct(mode, factor, at);
        ReadBack(i);
        return outcome;
    }

    /// <summary>
    /// Steps battery <paramref name="i"/> over <paramref name="seconds"/> from <paramref name="at"/> with the site's PV and
    /// load (as <see cref="BatteryResource.Step"/>); returns the AC power (W, charging positive).
    /// </summary>
    public double Step(int i, DateTimeOffset at, double seconds, double pvW, double loadW)
    {
        Refresh(i);
        if (!CanStepFast(i, at, seconds) || !Steady((BatteryMode)ModeIndex[i]))
        {
            Sync(i);
            double p = _resources[i].Step(at, seconds, new SiteConditions(pvW, loadW)).PowerW;
            ReadBack(i);
            return p;
        }

        double fill = Fill[i];
        Limits(i, fill, seconds, out double lc, out double ld);
        double power = Setpoint((BatteryMode)ModeIndex[i], FactorOf[i], pvW, loadW, Math.Max(lc, 0), Math.Max(ld, 0), i);
        double h = seconds / 3600.0;
        double stored;
        if (power > 0)
        {
            stored = power * _ec[i] * h;
        }
        else if (power < 0)
        {
            stored = -(-power / _ed[i] * h);
        }
        else
        {
            stored = 0;
        }

        double level = fill + (stored / _capacity[i]);
        if (Math.Abs(level - _maxSoc[i]) < 1e-12)
        {
            level = _maxSoc[i];
        }
        else if (Math.Abs(level - _minSoc[i]) < 1e-12)
        {
            level = _minSoc[i];
        }

        SetFill(i, Math.Clamp(level, 0.0, 1.0));
        return power;
    }

    /// <summary>The AC power battery <paramref name="i"/> can take and give over the next <paramref name="seconds"/> (as <see cref="BatteryResource.Limits"/>).</summary>
    public BatteryLimits Limits(int i, double seconds)
    {
        Refresh(i);
        Limits(i, Fill[i], seconds, out double lc, out double ld);
        return new BatteryLimits(lc, ld);
    }

    /// <summary>Modes whose setpoint the fleet computes itself: those that depend on nothing but PV, load and the limits.</summary>
    private static bool Steady(BatteryMode mode) => mode is BatteryMode.Idle or BatteryMode.Fault or BatteryMode.SelfConsumption
        or BatteryMode.NonExport or BatteryMode.PeakShaving or BatteryMode.ForcedCharge or BatteryMode.ForcedDischarge;

    private void Limits(int i, double fill, double seconds, out double charge, out double discharge)
    {
        double pc = _pc[i], pd = _pd[i];
        double headroom = Math.Max(_maxSoc[i] - fill, 0) * _capacity[i];
        double available = Math.Max(fill - _floor[i], 0) * _capacity[i];
        if (!(seconds > 0))
        {
            charge = headroom > 0 ? pc : 0;
            discharge = available > 0 ? pd : 0;
            return;
        }

        double h = seconds / 3600.0;
        charge = Math.Min(pc, headroom / (_ec[i] * h));
        discharge = Math.Min(pd, available * _ed[i] / h);
    }

    /// <summary><see cref="BatteryBehaviour.Setpoint"/> for the <see cref="Steady"/> modes, operation for operation.</summary>
    private double Setpoint(BatteryMode mode, double factor, double pv, double load, double lc, double ld, int i)
    {
        double f = factor >= 0 ? Math.Min(factor, 1) : 0;
        double capC = Math.Min(f * _pc[i], lc);
        double capD = Math.Min(f * _pd[i], ld);
        double surplus = Math.Max(pv - load, 0);
        switch (mode)
        {
            case BatteryMode.SelfConsumption:
                {
                    if (surplus > 0)
                    {
                        return Math.Min(surplus, capC);
                    }

                    double deficit = Math.Max(load - pv, 0);
                    return deficit > 0 ? -Math.Min(deficit, capD) : 0;
                }

            case BatteryMode.NonExport:
                return Math.Min(Math.Max(pv - load - _exportLimit[i], 0), capC);
            case BatteryMode.PeakShaving:
                {
                    double net = load - pv;
                    if (net > _peakLimit[i])
                    {
                        return -Math.Min(net - _peakLimit[i], capD);
                    }

                    return surplus > 0 ? Math.Min(surplus, capC) : 0;
                }

            case BatteryMode.ForcedCharge:
                return capC;
            case BatteryMode.ForcedDischarge:
                return -capD;
            default:
                return 0;
        }
    }
}
