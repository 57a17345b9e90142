using static Quartier.Resources.Eos.EosArithmetic;

namespace Quartier.Resources.Eos;

/// <summary>
/// EOS's hourly battery model (used for the PV battery and the electric vehicle). Per hour a charge factor array
/// enables charging (non-zero) and a discharge array enables discharging. Methods do not allocate.
/// </summary>
/// <remarks>
/// Discharge: raw = min(max(soc − min, 0), P_max); delivered = min(request, raw·η_d); soc −= delivered/η_d.
/// Charge with energy (DC surplus): raw = min(request, (max − soc)/η_c, P_max); stored = raw·η_c.
/// Charge with a factor: request = P_max·factor; a request above the headroom (max − soc)/η_c falls back to the next
/// lower allowed rate (the hour's factor is overwritten, as in EOS), or to nothing when none fits.
/// The discharge limit is the charge power, as in EOS.
/// </remarks>
internal sealed class EosBattery
{
    private readonly double[] _rates;

    public EosBattery(EosBatteryParameters p, int hours)
    {
        Parameters = p;
        CapacityWh = p.CapacityWh;
        ChargingEfficiency = p.ChargingEfficiency;
        DischargingEfficiency = p.DischargingEfficiency;
        MaxChargePowerW = p.MaxChargePowerW ?? p.CapacityWh;
        MinSocWh = p.EffectiveMinSocPercentage / 100 * p.CapacityWh;
        MaxSocWh = p.MaxSocPercentage / 100 * p.CapacityWh;
        SocWh = Min(p.InitialSocPercentage / 100 * p.CapacityWh, MaxSocWh);
        _rates = p.ChargeRates is { Length: > 0 } rates ? [.. rates.Distinct().Order()] : [.. EosBatteryParameters.DefaultChargeRates];
        ChargeArray = new double[hours];
        DischargeArray = new double[hours];
    }

    public EosBatteryParameters Parameters { get; }

    public double CapacityWh { get; }

    public double ChargingEfficiency { get; }

    public double DischargingEfficiency { get; }

    /// <summary>Charge (and discharge) limit per hour, Wh.</summary>
    public double MaxChargePowerW { get; }

    public double MinSocWh { get; }

    public double MaxSocWh { get; }

    public double SocWh { get; private set; }

    /// <summary>Per hour: the charge factor; 0 forbids charging.</summary>
    public double[] ChargeArray { get; }

    /// <summary>Per hour: non-zero allows discharging.</summary>
    public double[] DischargeArray { get; }

    public double SocPercentage => SocWh / CapacityWh * 100;

    /// <summary>Delivers up to <paramref name="requestWh"/>; returns the delivered energy and the conversion losses.</summary>
    public double Discharge(double requestWh, int hour, out double lossesWh)
    {
        if (DischargeArray[hour] == 0)
        {
            lossesWh = 0.0;
            return 0.0;
        }

        double available = Max(SocWh - MinSocWh, 0.0);
        double raw = Min(available, MaxChargePowerW);
        double delivered = Min(requestWh, raw * DischargingEfficiency);
        double used = delivered / DischargingEfficiency;
        SocWh = Max(SocWh - used, MinSocWh);
        lossesWh = used - delivered;
        return delivered;
    }

    /// <summary>Charges with up to <paramref name="requestWh"/> of raw energy (EOS mode 1); returns the stored energy and the losses.</summary>
    public double ChargeEnergy(double requestWh, int hour, out double lossesWh)
    {
        if (ChargeArray[hour] == 0)
        {
            lossesWh = 0.0;
            return 0.0;
        }

        double headroom = Max(MaxSocWh - SocWh, 0.0) / ChargingEfficiency;
        return Store(requestWh, headroom, out lossesWh);
    }

    /// <summary>Charges at <paramref name="factor"/> of the maximum power (EOS mode 2), falling back to lower rates; returns the stored energy and the losses.</summary>
    public double ChargeFactor(double factor, int hour, out double lossesWh)
    {
        lossesWh = 0.0;
        if (ChargeArray[hour] == 0)
        {
            return 0.0;
        }

        double request = MaxChargePowerW * factor;
        double headroom = Max(MaxSocWh - SocWh, 0.0) / ChargingEfficiency;
        if (request > headroom)
        {
            // Rates strictly below the requested factor, highest first.
            for (int k = LowerBound(factor) - 1; k >= 0; k--)
            {
                request = MaxChargePowerW * _rates[k];
                if (request <= headroom)
                {
                    ChargeArray[hour] = _rates[k];
                    break;
                }
            }

            if (request > headroom)
            {
                ChargeArray[hour] = 0;
                return 0.0;
            }
        }

        return Store(request, headroom, out lossesWh);
    }

    private double Store(double request, double headroom, out double lossesWh)
    {
        double limit = Min(headroom, MaxChargePowerW);
        double raw = request < limit ? request : limit;
        double stored = raw * ChargingEfficiency;
        SocWh += stored;
        lossesWh = raw - stored;
        return stored;
    }

    /// <summary>Index of the first rate ≥ <paramref name="factor"/> (NumPy's <c>searchsorted(side="left")</c>).</summary>
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
