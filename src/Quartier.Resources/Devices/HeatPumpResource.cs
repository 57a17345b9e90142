using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Devices;

/// <summary>
/// A heat pump charging a thermal buffer, as an FRBC resource: one actuator (<see cref="ActuatorId"/>) with
/// modes OFF and ON; the fill level is the buffer temperature (°C) between MinTempC and MaxTempC.
/// <para>
/// ON with factor f delivers <c>f·MaxThermalPowerW</c> (fill rate <c>f·Pth/(C·3600)</c> K/s); the heat demand
/// of each step is the FRBC usage and the standing loss the leakage. At MaxTempC the runtime throttles the
/// output to what demand and loss take; at MinTempC the shortfall is reported as unmet heat. Electric power is
/// thermal / COP (<see cref="HeatPumpSpec.Cop"/>) at the step's source temperature and mean buffer temperature.
/// </para>
/// <para>
/// Timers: OFF→ON starts <c>MIN_ON</c> and is blocked by <c>MIN_OFF</c>; ON→OFF starts <c>MIN_OFF</c> and is blocked
/// by <c>MIN_ON</c>. The S2 element's power range (electric at a 7 °C source and the top buffer temperature) is
/// informative. Step allocates nothing.
/// </para>
/// </summary>
public sealed class HeatPumpResource : IResource
{
    /// <summary>The id of the heat pump's single FRBC actuator.</summary>
    public const string ActuatorId = "heat_pump";

    /// <summary>Minimum-on timer id.</summary>
    public const string MinOnTimerId = "MIN_ON";

    /// <summary>Minimum-off timer id.</summary>
    public const string MinOffTimerId = "MIN_OFF";

    private static readonly string[] ModeIds = ["OFF", "ON"];
    private readonly double _kelvinPerWattSecond;
    private ResourceMeasurement _measurement;

    /// <summary>Creates the heat pump, OFF, at <see cref="HeatPumpSpec.StartTempC"/>.</summary>
    /// <exception cref="Quartier.Core.Errors.InputException">The spec is invalid.</exception>
    public HeatPumpResource(string id, HeatPumpSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(id);
        Id = id;
        Spec = spec;
        _kelvinPerWattSecond = 1.0 / (spec.BufferCapacityWhPerK * 3600.0);
        Simulation = new FrbcSimulation(BuildModel(spec, _kelvinPerWattSecond), spec.StartTempC, id);
        Simulation.StatusUpdates.Enabled = false;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.FillRateBased;

    /// <summary>The parameters.</summary>
    public HeatPumpSpec Spec { get; }

    /// <summary>The FRBC simulation holding mode, timers and buffer temperature.</summary>
    public FrbcSimulation Simulation { get; }

    /// <summary>The active mode.</summary>
    public HeatPumpMode Mode => (HeatPumpMode)Simulation.ActiveModeIndex(0);

    /// <summary>The active factor.</summary>
    public double Factor => Simulation.FactorOf(0);

    /// <summary>Buffer temperature (°C).</summary>
    public double BufferTempC => Simulation.FillLevel;

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <summary>Last measured electric power (W); NaN before the first measurement.</summary>
    public double MeasuredPowerW => _measurement.ElectricW;

    /// <summary>
    /// Instructs OFF or ON with <paramref name="factor"/> at <paramref name="at"/>; rejected while the blocking
    /// minimum-on/off timer runs (the reason names it and its finish time).
    /// </summary>
    public InstructionOutcome Instruct(HeatPumpMode mode, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        if ((uint)mode > (uint)HeatPumpMode.On)
        {
            return InstructionOutcome.Rejected($"heat pump '{Id}': unknown mode {(int)mode}; valid: OFF, ON");
        }

        return Simulation.InstructIndex(0, (int)mode, factor, at.UtcTicks, abnormalCondition, instructionId);
    }

    /// <summary>
    /// Runs one step with a heat demand of <paramref name="heatDemandW"/> (taken from the buffer) and a heat
    /// source at <paramref name="sourceTempC"/>.
    /// </summary>
    public HeatPumpStepResult Step(DateTimeOffset at, double seconds, double heatDemandW, double sourceTempC)
    {
        var start = Simulation.FillLevel;
        var step = Simulation.Step(at, seconds, heatDemandW * _kelvinPerWattSecond);
        var thermal = step.SupplyRate / _kelvinPerWattSecond;
        var cop = Spec.Cop(sourceTempC, 0.5 * (start + step.FillLevel));
        var electric = thermal > 0 ? thermal / cop : 0;
        return new HeatPumpStepResult(electric, thermal, step.FillLevel, cop, step.UnmetFill * Spec.BufferCapacityWhPerK);
    }

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyFrbc(this, Simulation, status, ref _measurement);
    }

    private static FrbcModel BuildModel(HeatPumpSpec spec, double kelvinPerWattSecond)
    {
        var range = new NumberRange(spec.MinTempC, spec.MaxTempC);
        var q = CommodityQuantity.ElectricPower3PhaseSymmetric;
        var nominalElectric = spec.MaxThermalPowerW / spec.Cop(7, spec.MaxTempC);
        var modes = new[]
        {
            new FrbcOperationMode(ModeIds[0], [new FrbcOperationModeElement(range, new NumberRange(0, 0), [new PowerRange(0, 0, q)])]),
            new FrbcOperationMode(ModeIds[1], [new FrbcOperationModeElement(range, new NumberRange(0, spec.MaxThermalPowerW * kelvinPerWattSecond), [new PowerRange(0, nominalElectric, q)])]),
        };
        var transitions = new[]
        {
            new ResourceTransition("OFF_TO_ON", "OFF", "ON", [MinOnTimerId], [MinOffTimerId], TimeSpan.Zero, false),
            new ResourceTransition("ON_TO_OFF", "ON", "OFF", [MinOffTimerId], [MinOnTimerId], TimeSpan.Zero, false),
        };
        var timers = new[] { new ResourceTimer(MinOnTimerId, spec.MinOnTime), new ResourceTimer(MinOffTimerId, spec.MinOffTime) };
        FrbcLeakageElement[] leakage = spec.StandingLossW > 0 ? [new FrbcLeakageElement(range, spec.StandingLossW * kelvinPerWattSecond)] : [];
        return new FrbcModel([new FrbcActuator(ActuatorId, modes, transitions, timers)], new FrbcStorage(range, "buffer temperature (°C)"), leakage);
    }
}
