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
    private readonly EosBatteryModel _model;
    private double _soc;

    public EosBattery(EosBatteryParameters p, int hours)
    {
        Parameters = p;
        _model = new EosBatteryModel(p);
        _soc = _model.InitialSocWh;
        ChargeArray = new double[hours];
        DischargeArray = new double[hours];
    }

    public EosBatteryParameters Parameters { get; }

    public double CapacityWh => _model.CapacityWh;

    public double ChargingEfficiency => _model.ChargingEfficiency;

    public double DischargingEfficiency => _model.DischargingEfficiency;

    /// <summary>Charge (and discharge) limit per hour, Wh.</summary>
    public double MaxChargePowerW => _model.MaxChargePowerW;

    public double MinSocWh => _model.MinSocWh;

    public double MaxSocWh => _model.MaxSocWh;

    public double SocWh => _soc;

    /// <summary>Per hour: the charge factor; 0 forbids charging.</summary>
    public double[] ChargeArray { get; }

    /// <summary>Per hour: non-zero allows discharging.</summary>
    public double[] DischargeArray { get; }

    public double SocPercentage => _soc / CapacityWh * 100;

    /// <summary>Delivers up to <paramref name="requestWh"/>; returns the delivered energy and the conversion losses.</summary>
    public double Discharge(double requestWh, int hour, out double lossesWh) =>
        _model.Discharge(ref _soc, requestWh, DischargeArray[hour] != 0, out lossesWh);

    /// <summary>Charges with up to <paramref name="requestWh"/> of raw energy (EOS mode 1); returns the stored energy and the losses.</summary>
    public double ChargeEnergy(double requestWh, int hour, out double lossesWh) =>
        _model.ChargeEnergy(ref _soc, requestWh, ChargeArray[hour], out lossesWh);

    /// <summary>Charges at <paramref name="factor"/> of the maximum power (EOS mode 2), falling back to lower rates (the hour's factor is overwritten, as in EOS); returns the stored energy and the losses.</summary>
    public double ChargeFactor(double factor, int hour, out double lossesWh)
    {
        double stored = _model.ChargeFactor(ref _soc, factor, ChargeArray[hour], out lossesWh, out double used);
        ChargeArray[hour] = used;
        return stored;
    }
}
