namespace Quartier.Resources.Eos;

/// <summary>
/// The arithmetic of EOS's hourly battery (the PV battery or the vehicle), as
/// <see cref="EosSimulation"/> performs it, on a state-of-charge value the caller owns. The operations reproduce the
/// simulator's floating-point steps one for one, so a plan evaluated here yields bit-identical states and hourly
/// figures; nothing allocates after construction.
/// </summary>
public sealed class EosBatteryModel
{
    private readonly double[] _rates;

    public EosBatteryModel(EosBatteryParameters p)
    {
        ChargingEfficiency = p.ChargingEfficiency;
        DischargingEfficiency = p.DischargingEfficiency;
        CapacityWh = p.CapacityWh;
        MaxChargePowerW = p.MaxChargePowerW ?? p.CapacityWh;
        MinSocWh = p.EffectiveMinSocPercentage / 100 * p.CapacityWh;
        MaxSocWh = p.MaxSocPercentage / 100 * p.CapacityWh;
        double initial = p.InitialSocPercentage / 100 * p.CapacityWh;
        InitialSocWh = MaxSocWh < initial ? MaxSocWh : initial;
        _rates = p.ChargeRates is { Length: > 0 } rates ? [.. rates.Distinct().Order()] : [.. EosBatteryParameters.DefaultChargeRates];
    }

    public double CapacityWh { get; }

    public double ChargingEfficiency { get; }

    public double DischargingEfficiency { get; }

    public double MaxChargePowerW { get; }

    public double MinSocWh { get; }

    public double MaxSocWh { get; }

    public double InitialSocWh { get; }

    /// <summary>Discharges up to <paramref name="requestWh"/> when <paramref name="allowed"/>; returns the energy delivered.</summary>
    public double Discharge(ref double soc, double requestWh, bool allowed) => Discharge(ref soc, requestWh, allowed, out _);

    /// <summary>As <see cref="Discharge(ref double, double, bool)"/>, with the conversion losses.</summary>
    public double Discharge(ref double soc, double requestWh, bool allowed, out double lossesWh)
    {
        if (!allowed)
        {
            lossesWh = 0.0;
            return 0.0;
        }

        double available = Max(soc - MinSocWh, 0.0);
        double raw = Min(available, MaxChargePowerW);
        double delivered = Min(requestWh, raw * DischargingEfficiency);
        double used = delivered / DischargingEfficiency;
        soc = Max(soc - used, MinSocWh);
        lossesWh = used - delivered;
        return delivered;
    }

    /// <summary>Charges with up to <paramref name="requestWh"/> of raw energy when <paramref name="flag"/> ≠ 0; returns the energy stored and its losses.</summary>
    public double ChargeEnergy(ref double soc, double requestWh, double flag, out double lossesWh)
    {
        if (flag == 0)
        {
            lossesWh = 0.0;
            return 0.0;
        }

        double headroom = Max(MaxSocWh - soc, 0.0) / ChargingEfficiency;
        return Store(ref soc, requestWh, headroom, out lossesWh);
    }

    /// <summary>Charges at <paramref name="factor"/> of the maximum power with EOS's fall-back to lower rates; <paramref name="flag"/> is the hour's charge-array entry.</summary>
    public double ChargeFactor(ref double soc, double factor, double flag, out double lossesWh) => ChargeFactor(ref soc, factor, flag, out lossesWh, out _);

    /// <summary>As <see cref="ChargeFactor(ref double, double, double, out double)"/>, with the rate actually used (EOS overwrites the hour's factor with it; 0 when nothing fits).</summary>
    public double ChargeFactor(ref double soc, double factor, double flag, out double lossesWh, out double usedRate)
    {
        lossesWh = 0.0;
        usedRate = flag;
        if (flag == 0)
        {
            return 0.0;
        }

        double request = MaxChargePowerW * factor;
        double headroom = Max(MaxSocWh - soc, 0.0) / ChargingEfficiency;
        if (request > headroom)
        {
            // rates strictly below the requested factor, highest first
            for (int k = LowerBound(factor) - 1; k >= 0; k--)
            {
                request = MaxChargePowerW * _rates[k];
                if (request <= headroom)
                {
                    usedRate = _rates[k];
                    break;
                }
            }

            if (request > headroom)
            {
                usedRate = 0;
                return 0.0;
            }
        }

        return Store(ref soc, request, headroom, out lossesWh);
    }

    /// <summary>Python's <c>min(a, b)</c>.</summary>
    public static double Min(double a, double b) => b < a ? b : a;

    /// <summary>Python's <c>max(a, b)</c>.</summary>
    public static double Max(double a, double b) => b > a ? b : a;

    private double Store(ref double soc, double request, double headroom, out double lossesWh)
    {
        double limit = Min(headroom, MaxChargePowerW);
        double raw = request < limit ? request : limit;
        double stored = raw * ChargingEfficiency;
        soc += stored;
        lossesWh = raw - stored;
        return stored;
    }

    private int LowerBound(double factor)
    {
        int lo = 0, hi = _rates.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_rates[mid] < factor)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
