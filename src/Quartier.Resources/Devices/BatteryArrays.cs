using System.Runtime.Intrinsics;

namespace Quartier.Resources.Devices;

/// <summary>
/// Battery parameters as arrays over the distinct specs (many batteries share one), with the arithmetic of
/// <see cref="BatteryBehaviour"/> and <see cref="BatteryResource.Step"/> for the modes whose setpoint depends only on PV,
/// load and the limits (<see cref="Computes"/>), operation for operation, so that results are bit-identical.
/// </summary>
public sealed class BatteryArrays
{
    private readonly int[] _spec;
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

    public BatteryArrays(IReadOnlyList<BatterySpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var distinct = new Dictionary<BatterySpec, int>();
        _spec = new int[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            if (!distinct.TryGetValue(specs[i], out int k))
            {
                k = distinct.Count;
                distinct[specs[i]] = k;
            }

            _spec[i] = k;
        }

        var table = distinct.OrderBy(d => d.Value).Select(d => d.Key).ToArray();
        _capacity = [.. table.Select(s => s.CapacityWh)];
        _pc = [.. table.Select(s => s.MaxChargePowerW)];
        _pd = [.. table.Select(s => s.DischargeLimitW)];
        _ec = [.. table.Select(s => s.ChargeEfficiency)];
        _ed = [.. table.Select(s => s.DischargeEfficiency)];
        _minSoc = [.. table.Select(s => s.MinSoc)];
        _maxSoc = [.. table.Select(s => s.MaxSoc)];
        _floor = [.. table.Select(s => Math.Max(s.MinSoc, 0))];
        _exportLimit = [.. table.Select(s => s.ExportLimitW)];
        _peakLimit = [.. table.Select(s => s.PeakImportLimitW)];

        // the per-battery rows for four batteries at a time (the EMS's setpoint lanes, the fleet's steady lanes)
        double[] pc = PerBattery(_pc), pd = PerBattery(_pd);
        SetpointParameters = [pc, pd, PerBattery(_exportLimit), PerBattery(_peakLimit)];
        LevelParameters = [PerBattery(_capacity), PerBattery(_ec), PerBattery(_ed), PerBattery(_minSoc), PerBattery(_maxSoc), PerBattery(_floor), pc, pd];
    }

    private double[] PerBattery(double[] table) => [.. _spec.Select(k => table[k])];

    public int Count => _spec.Length;

    /// <summary>
    /// Per battery (index i = battery i), for <see cref="SetpointWithin(Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double}, Vector256{double})"/>:
    /// rows 0 maximum charge power, 1 discharge limit, 2 export limit, 3 peak import limit (W).
    /// </summary>
    public double[][] SetpointParameters { get; }

    /// <summary>
    /// <see cref="SetpointWithin(int, BatteryMode, double, double, double, double, double)"/> for four batteries at once, with each lane's
    /// mode (as a number), factor, site PV and load, limits and parameters (<see cref="SetpointParameters"/>): each lane gets the scalar
    /// setpoint's IEEE operations in the same order (the mode's result selected among all of them), so the same bits.
    /// </summary>
    public static Vector256<double> SetpointWithin(Vector256<double> mode, Vector256<double> factor, Vector256<double> pv, Vector256<double> load, Vector256<double> charge,
        Vector256<double> discharge, Vector256<double> pc, Vector256<double> pd, Vector256<double> exportLimit, Vector256<double> peakLimit)
    {
        var zero = Vector256<double>.Zero;
        var lc = Vector256.Max(charge, zero);
        var ld = Vector256.Max(discharge, zero);
        var f = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(factor, zero), Vector256.Min(factor, Vector256<double>.One), zero);
        var capC = Vector256.Min(f * pc, lc);
        var capD = Vector256.Min(f * pd, ld);
        var surplus = Vector256.Max(pv - load, zero);
        var deficit = Vector256.Max(load - pv, zero);
        var charging = Vector256.ConditionalSelect(Vector256.GreaterThan(surplus, zero), Vector256.Min(surplus, capC), zero);
        var selfConsumption = Vector256.ConditionalSelect(Vector256.GreaterThan(surplus, zero), charging,
            Vector256.ConditionalSelect(Vector256.GreaterThan(deficit, zero), -Vector256.Min(deficit, capD), zero));
        var nonExport = Vector256.Min(Vector256.Max(pv - load - exportLimit, zero), capC);
        var net = load - pv;
        var peakShaving = Vector256.ConditionalSelect(Vector256.GreaterThan(net, peakLimit), -Vector256.Min(net - peakLimit, capD), charging);
        return Vector256.ConditionalSelect(Is(mode, BatteryMode.SelfConsumption), selfConsumption,
            Vector256.ConditionalSelect(Is(mode, BatteryMode.NonExport), nonExport,
            Vector256.ConditionalSelect(Is(mode, BatteryMode.PeakShaving), peakShaving,
            Vector256.ConditionalSelect(Is(mode, BatteryMode.ForcedCharge), capC,
            Vector256.ConditionalSelect(Is(mode, BatteryMode.ForcedDischarge), -capD, zero)))));
    }

    /// <summary>
    /// Per battery (index i = battery i), for <see cref="LevelAndLimits"/>: rows 0 capacity (Wh), 1 charge efficiency, 2 discharge
    /// efficiency, 3 minimum and 4 maximum state of charge, 5 the reserve floor (the minimum, at least 0), 6 maximum charge power,
    /// 7 discharge limit (W).
    /// </summary>
    public double[][] LevelParameters { get; }

    /// <summary>
    /// For batteries i … i + 3 (<paramref name="p"/> = <see cref="LevelParameters"/>): the fill level after <paramref name="power"/>
    /// over a step of <paramref name="hours"/> (&gt; 0) from <paramref name="fill"/>, then the limits there, as <see cref="Level"/> and
    /// <see cref="Limits(int, double, double, out double, out double)"/> give them one battery at a time: each lane the same IEEE
    /// operations (the branches as selects, Math.Clamp's and Math.Max's and Math.Min's NaN and −0 kept), so the same bits (tested).
    /// </summary>
    public static Vector256<double> LevelAndLimits(double[][] p, int i, Vector256<double> fill, Vector256<double> power, double hours, out Vector256<double> charge, out Vector256<double> discharge)
    {
        ArgumentNullException.ThrowIfNull(p);
        var zero = Vector256<double>.Zero;
        var one = Vector256<double>.One;
        var h = Vector256.Create(hours);
        var capacity = Vector256.Create(p[0].AsSpan(i, 4));
        var ec = Vector256.Create(p[1].AsSpan(i, 4));
        var ed = Vector256.Create(p[2].AsSpan(i, 4));
        var minSoc = Vector256.Create(p[3].AsSpan(i, 4));
        var maxSoc = Vector256.Create(p[4].AsSpan(i, 4));
        var stored = Vector256.ConditionalSelect(Vector256.GreaterThan(power, zero), power * ec * h,
            Vector256.ConditionalSelect(Vector256.LessThan(power, zero), -(-power / ed * h), zero));
        var level = fill + (stored / capacity);
        var tiny = Vector256.Create(1e-12);
        var atMax = Vector256.LessThan(Vector256.Abs(level - maxSoc), tiny);
        level = Vector256.ConditionalSelect(atMax, maxSoc, Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(level - minSoc), tiny), minSoc, level));
        level = Vector256.ConditionalSelect(Vector256.LessThan(level, zero), zero, Vector256.ConditionalSelect(Vector256.GreaterThan(level, one), one, level));
        var headroom = Vector256.Max(maxSoc - level, zero) * capacity;
        var available = Vector256.Max(level - Vector256.Create(p[5].AsSpan(i, 4)), zero) * capacity;
        charge = Vector256.Min(Vector256.Create(p[6].AsSpan(i, 4)), headroom / (ec * h));
        discharge = Vector256.Min(Vector256.Create(p[7].AsSpan(i, 4)), available * ed / h);
        return level;
    }

    private static Vector256<double> Is(Vector256<double> mode, BatteryMode m) => Vector256.Equals(mode, Vector256.Create((double)(int)m));

    /// <summary>Capacity of battery <paramref name="i"/> (Wh).</summary>
    public double CapacityWh(int i) => _capacity[_spec[i]];

    /// <summary>Modes whose setpoint these arrays compute: those that depend on nothing but PV, load and the limits.</summary>
    public static bool Computes(BatteryMode mode) => mode is BatteryMode.Idle or BatteryMode.Fault or BatteryMode.SelfConsumption
        or BatteryMode.NonExport or BatteryMode.PeakShaving or BatteryMode.ForcedCharge or BatteryMode.ForcedDischarge;

    /// <summary>As <see cref="BatteryBehaviour.Limits"/> with no reserve floor.</summary>
    public void Limits(int i, double fill, double seconds, out double charge, out double discharge) =>
        LimitsH(i, fill, seconds, seconds / 3600.0, out charge, out discharge);

    /// <summary>As <see cref="Limits(int, double, double, out double, out double)"/> with <paramref name="h"/> = <paramref name="seconds"/> / 3600 already divided.</summary>
    private void LimitsH(int i, double fill, double seconds, double h, out double charge, out double discharge)
    {
        int k = _spec[i];
        double pc = _pc[k], pd = _pd[k];
        double headroom = Math.Max(_maxSoc[k] - fill, 0) * _capacity[k];
        double available = Math.Max(fill - _floor[k], 0) * _capacity[k];
        if (!(seconds > 0))
        {
            charge = headroom > 0 ? pc : 0;
            discharge = available > 0 ? pd : 0;
            return;
        }

        charge = Math.Min(pc, headroom / (_ec[k] * h));
        discharge = Math.Min(pd, available * _ed[k] / h);
    }

    /// <summary>
    /// As <see cref="BatteryBehaviour.Setpoint"/> at <paramref name="fill"/> over <paramref name="seconds"/> with the limits of
    /// <see cref="Limits"/>, for a mode that <see cref="Computes"/>.
    /// </summary>
    public double Setpoint(int i, BatteryMode mode, double factor, double pv, double load, double fill, double seconds)
    {
        Limits(i, fill, seconds, out double charge, out double discharge);
        return SetpointWithin(i, mode, factor, pv, load, charge, discharge);
    }

    /// <summary>
    /// One step of battery <paramref name="i"/> in a mode that <see cref="Computes"/>, as <see cref="SetpointWithin(int, BatteryMode, double, double, double, double, double)"/>
    /// with the limits at <paramref name="fill"/> given (<paramref name="chargeNow"/>, <paramref name="dischargeNow"/>: what
    /// <see cref="Limits(int, double, double, out double, out double)"/> gives for <paramref name="seconds"/>), <see cref="Level"/> and then
    /// the limits at the new fill level, in one call; <paramref name="h"/> = <paramref name="seconds"/> / 3600.
    /// </summary>
    public double Step(int i, BatteryMode mode, double factor, double pv, double load, ref double fill, double seconds, double h, double chargeNow, double dischargeNow, out double charge, out double discharge)
    {
        double power = SetpointWithin(i, mode, factor, pv, load, chargeNow, dischargeNow);
        fill = LevelH(i, fill, power, h);
        LimitsH(i, fill, seconds, h, out charge, out discharge);
        return power;
    }

    /// <summary>
    /// As <see cref="Setpoint"/> with the limits at the fill level already known (<paramref name="charge"/>, <paramref name="discharge"/>:
    /// what <see cref="Limits(int, double, double, out double, out double)"/> gives there).
    /// </summary>
    public double SetpointWithin(int i, BatteryMode mode, double factor, double pv, double load, double charge, double discharge)
    {
        int k = _spec[i];
        double lc = Math.Max(charge, 0), ld = Math.Max(discharge, 0);
        double f = factor >= 0 ? Math.Min(factor, 1) : 0;
        double capC = Math.Min(f * _pc[k], lc);
        double capD = Math.Min(f * _pd[k], ld);
        double surplus = Math.Max(pv - load, 0);
        switch (mode)
        {
            case BatteryMode.SelfConsumption:
                return BatteryBehaviour.SelfConsumption(surplus, Math.Max(load - pv, 0), capC, capD);

            case BatteryMode.NonExport:
                return Math.Min(Math.Max(pv - load - _exportLimit[k], 0), capC);
            case BatteryMode.PeakShaving:
                {
                    double net = load - pv;
                    if (net > _peakLimit[k])
                    {
                        return -Math.Min(net - _peakLimit[k], capD);
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

    /// <summary>The fill level after <paramref name="power"/> (W, charging positive) for <paramref name="seconds"/> from <paramref name="fill"/>, as <see cref="BatteryResource.Step"/> integrates it.</summary>
    public double Level(int i, double fill, double power, double seconds) => LevelH(i, fill, power, seconds / 3600.0);

    private double LevelH(int i, double fill, double power, double h)
    {
        int k = _spec[i];
        double stored;
        if (power > 0)
        {
            stored = power * _ec[k] * h;
        }
        else if (power < 0)
        {
            stored = -(-power / _ed[k] * h);
        }
        else
        {
            stored = 0;
        }

        double level = fill + (stored / _capacity[k]);
        if (Math.Abs(level - _maxSoc[k]) < 1e-12)
        {
            level = _maxSoc[k];
        }
        else if (Math.Abs(level - _minSoc[k]) < 1e-12)
        {
            level = _minSoc[k];
        }

        return Math.Clamp(level, 0.0, 1.0);
    }
}
