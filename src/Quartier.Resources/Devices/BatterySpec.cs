using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Devices;

/// <summary>
/// Parameters of a stationary battery. Powers are AC (W), state-of-charge values are fractions 0..1 of
/// <see cref="CapacityWh"/> (the FRBC fill level). Call <see cref="Validate"/> (the resource does).
/// </summary>
public sealed record BatterySpec
{
    /// <summary>Usable capacity (Wh, &gt; 0).</summary>
    public required double CapacityWh { get; init; }

    /// <summary>Maximum AC charging power (W, ≥ 0). Default 5000.</summary>
    public double MaxChargePowerW { get; init; } = 5000;

    /// <summary>Maximum AC discharging power (W, ≥ 0); null = <see cref="MaxChargePowerW"/>.</summary>
    public double? MaxDischargePowerW { get; init; }

    /// <summary>Share of the AC charging energy that is stored, (0, 1]. Default 0.88.</summary>
    public double ChargeEfficiency { get; init; } = 0.88;

    /// <summary>Share of the drawn stored energy delivered as AC, (0, 1]. Default 0.88.</summary>
    public double DischargeEfficiency { get; init; } = 0.88;

    /// <summary>Lowest state of charge discharging may reach. Default 0.</summary>
    public double MinSoc { get; init; }

    /// <summary>Highest state of charge charging may reach. Default 1.</summary>
    public double MaxSoc { get; init; } = 1;

    /// <summary>State of charge at the start. Default 0.5.</summary>
    public double InitialSoc { get; init; } = 0.5;

    /// <summary>State of charge RESERVE_BACKUP keeps for backup. Default 0.2.</summary>
    public double ReserveSoc { get; init; } = 0.2;

    /// <summary>Grid import PEAK_SHAVING keeps the site at or below (W, ≥ 0). Default 0.</summary>
    public double PeakImportLimitW { get; init; }

    /// <summary>Export NON_EXPORT still allows before it charges (W, ≥ 0). Default 0.</summary>
    public double ExportLimitW { get; init; }

    /// <summary>Contracted power of GRID_SUPPORT_EXPORT/IMPORT at factor 1 (W); null = the maximum power of the direction.</summary>
    public double? GridSupportPowerW { get; init; }

    /// <summary>FREQUENCY_REGULATION response per Hz beyond the deadband (W/Hz); null = <c>min(Pc, Pd)/0.2 Hz</c> (full power at 200 mHz).</summary>
    public double? FrequencyDroopWPerHz { get; init; }

    /// <summary>Frequency deviation with no response (Hz, ≥ 0). Default 0.01.</summary>
    public double FrequencyDeadbandHz { get; init; } = 0.01;

    /// <summary>Nominal grid frequency (Hz). Default 50.</summary>
    public double NominalFrequencyHz { get; init; } = 50;

    /// <summary>Largest change of grid power per step RAMP_RATE_CONTROL allows (W); null = 10 % of the larger maximum power.</summary>
    public double? RampLimitWPerStep { get; init; }

    /// <summary>Minimum time in a mode before another transition (S2 timer <c>MIN_DWELL</c>); zero = none.</summary>
    public TimeSpan MinModeDwell { get; init; }

    /// <summary>Duration of every transition between modes other than FAULT (the old mode runs on meanwhile); zero = instantaneous.</summary>
    public TimeSpan TransitionDuration { get; init; }

    /// <summary>Maximum discharging power with the default applied.</summary>
    public double DischargeLimitW => MaxDischargePowerW ?? MaxChargePowerW;

    /// <summary>Droop with the default applied (W/Hz).</summary>
    public double DroopWPerHz => FrequencyDroopWPerHz ?? (Math.Min(MaxChargePowerW, DischargeLimitW) / 0.2);

    /// <summary>Ramp limit with the default applied (W per step).</summary>
    public double RampLimitW => RampLimitWPerStep ?? (0.1 * Math.Max(MaxChargePowerW, DischargeLimitW));

    /// <summary>Checks every value; the message names the battery, the field, the value and what is allowed.</summary>
    /// <exception cref="InputException">A value is out of range.</exception>
    public void Validate(string? batteryId = null)
    {
        var who = batteryId is null ? "battery" : $"battery '{batteryId}'";
        Positive(who, nameof(CapacityWh), CapacityWh);
        NonNegative(who, nameof(MaxChargePowerW), MaxChargePowerW);
        NonNegative(who, nameof(MaxDischargePowerW), DischargeLimitW);
        Efficiency(who, nameof(ChargeEfficiency), ChargeEfficiency);
        Efficiency(who, nameof(DischargeEfficiency), DischargeEfficiency);
        Fraction(who, nameof(MinSoc), MinSoc);
        Fraction(who, nameof(MaxSoc), MaxSoc);
        Fraction(who, nameof(InitialSoc), InitialSoc);
        Fraction(who, nameof(ReserveSoc), ReserveSoc);
        if (!(MinSoc < MaxSoc))
        {
            throw Fail(who, $"MinSoc {F(MinSoc)} must be below MaxSoc {F(MaxSoc)}");
        }

        NonNegative(who, nameof(PeakImportLimitW), PeakImportLimitW);
        NonNegative(who, nameof(ExportLimitW), ExportLimitW);
        if (GridSupportPowerW is { } gs)
        {
            NonNegative(who, nameof(GridSupportPowerW), gs);
        }

        NonNegative(who, nameof(FrequencyDroopWPerHz), DroopWPerHz);
        NonNegative(who, nameof(FrequencyDeadbandHz), FrequencyDeadbandHz);
        Positive(who, nameof(NominalFrequencyHz), NominalFrequencyHz);
        NonNegative(who, nameof(RampLimitWPerStep), RampLimitW);
        if (TransitionDuration < TimeSpan.Zero)
        {
            throw Fail(who, $"TransitionDuration {TransitionDuration} must not be negative");
        }

        if (MinModeDwell < TimeSpan.Zero)
        {
            throw Fail(who, $"MinModeDwell {MinModeDwell} must not be negative");
        }
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static InputException Fail(string who, string message) => new($"{who}: {message}");

    private static void Positive(string who, string name, double v)
    {
        if (!(v > 0) || !double.IsFinite(v))
        {
            throw Fail(who, $"{name} {F(v)} must be a finite number > 0");
        }
    }

    private static void NonNegative(string who, string name, double v)
    {
        if (!(v >= 0) || !double.IsFinite(v))
        {
            throw Fail(who, $"{name} {F(v)} must be a finite number >= 0");
        }
    }

    private static void Fraction(string who, string name, double v)
    {
        if (!(v >= 0 && v <= 1))
        {
            throw Fail(who, $"{name} {F(v)} is outside 0..1 (a fraction of the capacity)");
        }
    }

    private static void Efficiency(string who, string name, double v)
    {
        if (!(v > 0 && v <= 1))
        {
            throw Fail(who, $"{name} {F(v)} is outside (0, 1]");
        }
    }
}
