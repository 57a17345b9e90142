using System.Runtime.Intrinsics;
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
    private readonly BatteryArrays _arrays;

    // the limits at the fill level each battery's last steady step of UseStepLength's length reached (a pure function of the
    // fill level and the step length, so they hold while the fill level is the same; ±0 give the same limits, NaN never
    // matches): the next steady step starts from them
    private readonly double[] _limitsFill;
    private readonly double[] _limitsCharge;
    private readonly double[] _limitsDischarge;
    private double _limitsSeconds = double.NaN;
    private double _limitsHours = double.NaN;

    /// <summary>A fleet over <paramref name="resources"/>; <paramref name="fastPath"/> false steps every battery through its resource.</summary>
    public BatteryFleet(IReadOnlyList<BatteryResource> resources, bool fastPath = true)
        : base([.. (resources ?? throw new ArgumentNullException(nameof(resources))).Select(r => r.Simulation)], fastPath)
    {
        _resources = [.. resources];
        _arrays = new BatteryArrays([.. resources.Select(r => r.Spec)]);
        _limitsFill = new double[_resources.Length];
        _limitsCharge = new double[_resources.Length];
        _limitsDischarge = new double[_resources.Length];
        Array.Fill(_limitsFill, double.NaN);
    }

    /// <summary>
    /// The step length the fleet's steady steps mostly take: for it, a step starts from the limits the battery's last steady step
    /// reached, and its hours are divided out once. Set it before stepping (not while batteries are being stepped).
    /// </summary>
    public void UseStepLength(double seconds)
    {
        Array.Fill(_limitsFill, double.NaN);
        _limitsSeconds = seconds;
        _limitsHours = seconds / 3600.0;
    }

    /// <summary>Capacity of battery <paramref name="i"/> (Wh).</summary>
    public double CapacityWh(int i) => _arrays.CapacityWh(i);

    /// <summary>Every battery's capacity (Wh), by index.</summary>
    public ReadOnlySpan<double> CapacitiesWh => _arrays.LevelParameters[0];

    public BatteryMode Mode(int i) => (BatteryMode)ActiveMode(i);

    /// <summary>Battery <paramref name="i"/>'s resource, brought up to date; the fleet re-reads its state before the next step.</summary>
    public BatteryResource Resource(int i) => HandOut(_resources, i);

    /// <summary>Instructs battery <paramref name="i"/> as <see cref="BatteryResource.Instruct"/>; an unchanged instruction is a no-op.</summary>
    public InstructionOutcome Instruct(int i, BatteryMode mode, double factor, DateTimeOffset at) => Instruct(i, mode, factor, at, abnormalCondition: false);

    /// <summary>As <see cref="Instruct(int, BatteryMode, double, DateTimeOffset)"/>, under an abnormal condition when <paramref name="abnormalCondition"/> (FAULT needs one).</summary>
    public InstructionOutcome Instruct(int i, BatteryMode mode, double factor, DateTimeOffset at, bool abnormalCondition)
    {
        Refresh(i);
        if ((int)mode == ModeIndex[i] && factor == FactorOf[i])
        {
            return InstructionOutcome.Accepted;
        }

        Sync(i);
        var outcome = _resources[i].Instruct(mode, factor, at, abnormalCondition);
        ReadBack(i);
        return outcome;
    }

    /// <summary>
    /// Steps battery <paramref name="i"/> over <paramref name="seconds"/> from <paramref name="at"/> with the site's PV and
    /// load (as <see cref="BatteryResource.Step"/>); returns the AC power (W, charging positive).
    /// </summary>
    public double Step(int i, DateTimeOffset at, double seconds, double pvW, double loadW) => Step(i, at, seconds, new SiteConditions(pvW, loadW));

    /// <summary>
    /// Steps battery <paramref name="i"/> as <see cref="BatteryResource.Step"/> with the whole <paramref name="site"/> (frequency,
    /// grid availability, previous grid power); the modes that read them always go through the resource.
    /// </summary>
    public double Step(int i, DateTimeOffset at, double seconds, in SiteConditions site)
    {
        double pvW = site.PvW, loadW = site.LoadW;
        Refresh(i);
        if (!CanStepFast(i, at, seconds) || !BatteryArrays.Computes((BatteryMode)ModeIndex[i]))
        {
            Sync(i);
            double p = _resources[i].Step(at, seconds, site).PowerW;
            ReadBack(i);
            return p;
        }

        double fill = Fill[i];
        double power = _arrays.Setpoint(i, (BatteryMode)ModeIndex[i], FactorOf[i], pvW, loadW, fill, seconds);
        SetFill(i, _arrays.Level(i, fill, power, seconds));
        return power;
    }

    /// <summary>
    /// The steady step of battery <paramref name="i"/> in one call: when <paramref name="mode"/> and <paramref name="factor"/>
    /// are its instruction already and the fleet may step it itself, steps it as <see cref="Instruct(int, BatteryMode, double, DateTimeOffset)"/>
    /// (a no-op then), <see cref="Step(int, DateTimeOffset, double, double, double)"/> and <see cref="Limits"/> would, and
    /// returns true with the power, the new fill level and the limits; false (and nothing done) otherwise.
    /// </summary>
    public bool TryStepSteady(int i, BatteryMode mode, double factor, DateTimeOffset at, double seconds, double pvW, double loadW, out double power, out double fill, out double charge, out double discharge)
    {
        Refresh(i);
        if ((int)mode != ModeIndex[i] || factor != FactorOf[i] || !BatteryArrays.Computes(mode) || !CanStepFast(i, at, seconds))
        {
            power = fill = charge = discharge = 0;
            return false;
        }

        fill = Fill[i];
        bool memo = seconds == _limitsSeconds;
        double h = memo ? _limitsHours : seconds / 3600.0;
        double chargeNow, dischargeNow;
        if (memo && fill == _limitsFill[i])
        {
            // the limits at this fill level were worked out when the last step reached it
            chargeNow = _limitsCharge[i];
            dischargeNow = _limitsDischarge[i];
        }
        else
        {
            _arrays.Limits(i, fill, seconds, out chargeNow, out dischargeNow);
        }

        power = _arrays.Step(i, mode, FactorOf[i], pvW, loadW, ref fill, seconds, h, chargeNow, dischargeNow, out charge, out discharge);
        SetFill(i, fill);
        if (memo)
        {
            _limitsFill[i] = fill;
            _limitsCharge[i] = charge;
            _limitsDischarge[i] = discharge;
        }

        return true;
    }

    /// <summary>
    /// <see cref="TryStepSteady"/> for batteries <paramref name="i"/> … <paramref name="i"/> + 3 at once, where each of them is in the
    /// steady state with its limits at its fill level kept from its last steady step (a step of <see cref="UseStepLength"/>'s
    /// length): the instruction (<paramref name="mode"/> as a number, <paramref name="factor"/>) its own already, a mode these arrays
    /// compute, no transition, not handed out. Each lane the scalar step's operations (<see cref="BatteryArrays.SetpointWithin(Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double})"/>,
    /// <see cref="BatteryArrays.LevelAndLimits"/>). False (and nothing done) unless all four qualify.
    /// </summary>
    public bool TryStepSteadyFour(int i, ReadOnlySpan<double> mode, ReadOnlySpan<double> factor, DateTimeOffset at, double seconds, Vector256<double> pv, Vector256<double> load,
        out Vector256<double> power, out Vector256<double> fill, out Vector256<double> charge, out Vector256<double> discharge)
    {
        power = fill = charge = discharge = default;
        if (!(seconds == _limitsSeconds && seconds > 0 && seconds < double.PositiveInfinity) || (uint)i > (uint)(Count - 4) || mode.Length < 4 || factor.Length < 4)
        {
            return false;
        }

        long ticks = at.UtcTicks;
        for (int k = 0; k < 4; k++)
        {
            int j = i + k;
            if (!SteadyLane(j, ticks) || (int)mode[k] != ModeIndex[j] || factor[k] != FactorOf[j] || !BatteryArrays.Computes((BatteryMode)ModeIndex[j]) || Fill[j] != _limitsFill[j])
            {
                return false;
            }
        }

        var setpoint = _arrays.SetpointParameters;
        var modes = Vector256.Create((double)ModeIndex[i], ModeIndex[i + 1], ModeIndex[i + 2], ModeIndex[i + 3]);
        power = BatteryArrays.SetpointWithin(modes, Vector256.Create(FactorOf.AsSpan(i, 4)), pv, load, Vector256.Create(_limitsCharge.AsSpan(i, 4)), Vector256.Create(_limitsDischarge.AsSpan(i, 4)),
            Vector256.Create(setpoint[0].AsSpan(i, 4)), Vector256.Create(setpoint[1].AsSpan(i, 4)), Vector256.Create(setpoint[2].AsSpan(i, 4)), Vector256.Create(setpoint[3].AsSpan(i, 4)));
        fill = BatteryArrays.LevelAndLimits(_arrays.LevelParameters, i, Vector256.Create(Fill.AsSpan(i, 4)), power, _limitsHours, out charge, out discharge);
        SetFills(i, fill);
        fill.CopyTo(_limitsFill.AsSpan(i, 4));
        charge.CopyTo(_limitsCharge.AsSpan(i, 4));
        discharge.CopyTo(_limitsDischarge.AsSpan(i, 4));
        return true;
    }

    /// <summary>The AC power battery <paramref name="i"/> can take and give over the next <paramref name="seconds"/> (as <see cref="BatteryResource.Limits"/>).</summary>
    public BatteryLimits Limits(int i, double seconds)
    {
        Refresh(i);
        _arrays.Limits(i, Fill[i], seconds, out double lc, out double ld);
        return new BatteryLimits(lc, ld);
    }
}
