namespace Quartier.Resources.Devices;

/// <summary>
/// Battery parameters as arrays over the distinct specs (many batteries share one), with the arithmetic of
/// <see cref="BatteryBehaviour"/> and <see cref="BatteryResource.Step"/> for the modes whose setpoint depends only on PV,
/// load and the limits (<see cref="Computes"/>), operation for operation, so that results are bit-identical.
/// </summary>
public sealed class BatteryArrays
{
    private readonly int[] _spec;
    private readonly Spec[] _specs;

    /// <summary>One distinct spec's parameters, side by side: a step reads them all from one or two cache lines.</summary>
    private readonly record struct Spec(double Capacity, double Pc, double Pd, double Ec, double Ed, double MinSoc, double MaxSoc, double Floor, double ExportLimit, double PeakLimit);

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

        _specs = [.. distinct.OrderBy(d => d.Value).Select(d => d.Key).Select(s => new Spec(s.CapacityWh, s.MaxChargePowerW, s.DischargeLimitW, s.ChargeEfficiency,
            s.DischargeEfficiency, s.MinSoc, s.MaxSoc, Math.Max(s.MinSoc, 0), s.ExportLimitW, s.PeakImportLimitW))];
    }

    public int Count => _spec.Length;

    /// <summary>Capacity of battery <paramref name="i"/> (Wh).</summary>
    public double CapacityWh(int i) => _specs[_spec[i]].Capacity;

    /// <summary>Modes whose setpoint these arrays compute: those that depend on nothing but PV, load and the limits.</summary>
    public static bool Computes(BatteryMode mode) => mode is BatteryMode.Idle or BatteryMode.Fault or BatteryMode.SelfConsumption
        or BatteryMode.NonExport or BatteryMode.PeakShaving or BatteryMode.ForcedCharge or BatteryMode.ForcedDischarge;

    /// <summary>As <see cref="BatteryBehaviour.Limits"/> with no reserve floor.</summary>
    public void Limits(int i, double fill, double seconds, out double charge, out double discharge) =>
        LimitsH(i, fill, seconds, seconds / 3600.0, out charge, out discharge);

    /// <summary>As <see cref="Limits(int, double, double, out double, out double)"/> with <paramref name="h"/> = <paramref name="seconds"/> / 3600 already divided.</summary>
    private void LimitsH(int i, double fill, double seconds, double h, out double charge, out double discharge) =>
        LimitsOf(in _specs[_spec[i]], fill, seconds, h, out charge, out discharge);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void LimitsOf(in Spec p, double fill, double seconds, double h, out double charge, out double discharge)
    {
        double pc = p.Pc, pd = p.Pd;
        double headroom = Math.Max(p.MaxSoc - fill, 0) * p.Capacity;
        double available = Math.Max(fill - p.Floor, 0) * p.Capacity;
        if (!(seconds > 0))
        {
            charge = headroom > 0 ? pc : 0;
            discharge = available > 0 ? pd : 0;
            return;
        }

        charge = Math.Min(pc, headroom / (p.Ec * h));
        discharge = Math.Min(pd, available * p.Ed / h);
    }

    /// <summary>
    /// As <see cref="BatteryBehaviour.Setpoint"/> at <paramref name="fill"/> over <paramref name="seconds"/> with the limits of
    /// <see cref="Limits"/>, for a mode that <see cref="Computes"/>.
    /// </summary>
    public double Setpoint(int i, BatteryMode mode, double factor, double pv, double load, double fill, double seconds) =>
        SetpointH(i, mode, factor, pv, load, fill, seconds, seconds / 3600.0);

    /// <summary>
    /// One step of battery <paramref name="i"/> in a mode that <see cref="Computes"/>, as <see cref="Setpoint(int, BatteryMode, double, double, double, double, double)"/>,
    /// <see cref="Level"/> and then <see cref="Limits(int, double, double, out double, out double)"/> at the new fill level give it, in one call.
    /// </summary>
    public double Step(int i, BatteryMode mode, double factor, double pv, double load, ref double fill, double seconds, out double charge, out double discharge)
    {
        double h = seconds / 3600.0;
        ref readonly var p = ref _specs[_spec[i]];
        double power = SetpointOf(in p, mode, factor, pv, load, fill, seconds, h);
        fill = LevelOf(in p, fill, power, h);
        LimitsOf(in p, fill, seconds, h, out charge, out discharge);
        return power;
    }

    private double SetpointH(int i, BatteryMode mode, double factor, double pv, double load, double fill, double seconds, double h) =>
        SetpointOf(in _specs[_spec[i]], mode, factor, pv, load, fill, seconds, h);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double SetpointOf(in Spec p, BatteryMode mode, double factor, double pv, double load, double fill, double seconds, double h)
    {
        LimitsOf(in p, fill, seconds, h, out double charge, out double discharge);
        double lc = Math.Max(charge, 0), ld = Math.Max(discharge, 0);
        double f = factor >= 0 ? Math.Min(factor, 1) : 0;
        double capC = Math.Min(f * p.Pc, lc);
        double capD = Math.Min(f * p.Pd, ld);
        double surplus = Math.Max(pv - load, 0);
        switch (mode)
        {
            case BatteryMode.SelfConsumption:
                return BatteryBehaviour.SelfConsumption(surplus, Math.Max(load - pv, 0), capC, capD);

            case BatteryMode.NonExport:
                return Math.Min(Math.Max(pv - load - p.ExportLimit, 0), capC);
            case BatteryMode.PeakShaving:
                {
                    double net = load - pv;
                    if (net > p.PeakLimit)
                    {
                        return -Math.Min(net - p.PeakLimit, capD);
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

    private double LevelH(int i, double fill, double power, double h) => LevelOf(in _specs[_spec[i]], fill, power, h);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double LevelOf(in Spec p, double fill, double power, double h)
    {
        double stored;
        if (power > 0)
        {
            stored = power * p.Ec * h;
        }
        else if (power < 0)
        {
            stored = -(-power / p.Ed * h);
        }
        else
        {
            stored = 0;
        }

        double level = fill + (stored / p.Capacity);
        if (Math.Abs(level - p.MaxSoc) < 1e-12)
        {
            level = p.MaxSoc;
        }
        else if (Math.Abs(level - p.MinSoc) < 1e-12)
        {
            level = p.MinSoc;
        }

        return Math.Clamp(level, 0.0, 1.0);
    }
}
