using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Resources.Devices;

namespace Quartier.Simulation.Services;

/// <summary>
/// An ESDL Battery as an S2 battery resource: its <see cref="BatterySpec"/> from the ESDL attributes
/// (capacity in J, fillLevel 0..1, charge/discharge efficiencies, maxChargeRate/maxDischargeRate in W) and the
/// description JSON (min_soc, max_soc, reserve_soc, peak_import_limit, export_limit, grid_support_power,
/// min_mode_dwell s, transition_duration s, frequency_droop W/Hz, frequency_deadband Hz, nominal_frequency Hz, ramp_limit W), and the instruction the rule-based EMS gives it (description <c>operation_mode</c>,
/// default SELF_CONSUMPTION, and <c>operation_mode_factor</c>, default 1).
/// </summary>
public sealed record BatteryControl(BatterySpec Spec, BatteryMode Mode, double Factor)
{
    /// <summary>Reads the battery's spec and instruction; errors name the asset.</summary>
    public static BatteryControl FromAsset(Asset a)
    {
        double capacity = UnitConvert.JoulesToWattHours(a.RequiredDouble("capacity"));
        if (!(capacity > 0))
        {
            throw a.Error($"Battery '{a.Name}' capacity must be positive");
        }

        double fill = a.DoubleOr("fillLevel", 0.5);
        if (fill is < 0 or > 1)
        {
            throw a.Error($"Battery '{a.Name}' fillLevel {fill} must be a ratio in 0..1 (not a percentage)");
        }

        double ec = a.DoubleOr("chargeEfficiency", 1.0);
        double ed = a.DoubleOr("dischargeEfficiency", 1.0);
        if (ec is <= 0 or > 1 || ed is <= 0 or > 1)
        {
            throw a.Error($"Battery '{a.Name}' efficiencies must be in (0, 1] (got {ec}, {ed})");
        }

        double fallbackRate = a.OptionalDouble("power") ?? capacity;
        double maxCharge = a.DoubleOr("maxChargeRate", fallbackRate);
        double maxDischarge = a.DoubleOr("maxDischargeRate", fallbackRate);
        if (maxCharge < 0 || maxDischarge < 0)
        {
            throw a.Error($"Battery '{a.Name}' rates must not be negative");
        }

        var modeId = a.ParameterString("operation_mode") ?? BatteryModes.Id(BatteryMode.SelfConsumption);
        if (!BatteryModes.TryParse(modeId, out var mode))
        {
            throw a.Error($"Battery '{a.Name}' operation_mode '{modeId}' is not a battery mode; valid: {string.Join(", ", BatteryModes.AllIds)}");
        }

        if (mode == BatteryMode.Fault)
        {
            throw a.Error($"Battery '{a.Name}' operation_mode FAULT is entered only under an abnormal condition; schedule it (--instructions) with abnormal_condition true", "operation_mode");
        }

        double factor = a.ParameterOr("operation_mode_factor", 1.0);
        if (factor is < 0 or > 1 || double.IsNaN(factor))
        {
            throw a.Error($"Battery '{a.Name}' operation_mode_factor {factor} must lie in 0..1");
        }

        var spec = new BatterySpec
        {
            CapacityWh = capacity,
            MaxChargePowerW = maxCharge,
            MaxDischargePowerW = maxDischarge,
            ChargeEfficiency = ec,
            DischargeEfficiency = ed,
            MinSoc = a.ParameterOr("min_soc", 0),
            MaxSoc = a.ParameterOr("max_soc", 1),
            InitialSoc = fill,
            ReserveSoc = a.ParameterOr("reserve_soc", 0.2),
            PeakImportLimitW = a.ParameterOr("peak_import_limit", 0),
            ExportLimitW = a.ParameterOr("export_limit", 0),
            GridSupportPowerW = a.ParameterOr("grid_support_power", double.NaN) is var g && double.IsNaN(g) ? null : g,
            MinModeDwell = TimeSpan.FromSeconds(a.ParameterOr("min_mode_dwell", 0)),
            TransitionDuration = TimeSpan.FromSeconds(a.ParameterOr("transition_duration", 0)),
            FrequencyDroopWPerHz = a.ParameterOr("frequency_droop", double.NaN) is var droop && double.IsNaN(droop) ? null : droop,
            FrequencyDeadbandHz = a.ParameterOr("frequency_deadband", 0.01),
            NominalFrequencyHz = a.ParameterOr("nominal_frequency", 50),
            RampLimitWPerStep = a.ParameterOr("ramp_limit", double.NaN) is var ramp && double.IsNaN(ramp) ? null : ramp,
        };
        try
        {
            spec.Validate(a.Name);
        }
        catch (InputException e)
        {
            throw a.Error(e.Message);
        }

        return new BatteryControl(spec, mode, factor);
    }

    /// <summary>The limits the mode works within at <paramref name="fillLevel"/> over <paramref name="seconds"/> (RESERVE_BACKUP keeps its reserve).</summary>
    public BatteryLimits Limits(BatteryMode mode, double fillLevel, double seconds) =>
        BatteryBehaviour.Limits(Spec, fillLevel, seconds, mode == BatteryMode.ReserveBackup ? Spec.ReserveSoc : 0);
}
