using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Devices;

/// <summary>
/// A curtailable PV inverter as a PEBC resource. Its power constraints allow a LOWER_LIMIT between
/// −PeakPowerW and 0 (production is negative in S2) and an UPPER_LIMIT of 0. A curtailment instruction sends the
/// envelope [−limit, 0]; production is the available PV power, capped at the inverter rating, clamped into the
/// active envelope. Step allocates nothing.
/// </summary>
public sealed class PvInverterResource : IResource
{
    private static readonly TimeSpan UntilReplaced = TimeSpan.MaxValue;
    private readonly PebcPowerEnvelope[] _envelope = new PebcPowerEnvelope[1];
    private ResourceMeasurement _measurement;

    /// <summary>Creates the inverter with no curtailment.</summary>
    /// <param name="id">Resource id.</param>
    /// <param name="peakPowerW">AC rating (W, &gt; 0).</param>
    /// <param name="quantity">Commodity quantity of the envelope (default symmetric three-phase).</param>
    public PvInverterResource(string id, double peakPowerW, CommodityQuantity quantity = CommodityQuantity.ElectricPower3PhaseSymmetric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!(peakPowerW > 0) || !double.IsFinite(peakPowerW))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"PV inverter '{id}': peak power {peakPowerW} W must be > 0"), elementId: id);
        }

        Id = id;
        PeakPowerW = peakPowerW;
        Quantity = quantity;
        var constraints = new PebcPowerConstraints(
            $"{id}_constraints",
            DateTimeOffset.MinValue,
            null,
            PebcConsequenceType.Vanish,
            [
                new PebcAllowedLimitRange(quantity, PebcLimitType.LowerLimit, new NumberRange(-peakPowerW, 0)),
                new PebcAllowedLimitRange(quantity, PebcLimitType.UpperLimit, new NumberRange(0, 0)),
            ]);
        Simulation = new PebcSimulation(constraints, id);
        Simulation.StatusUpdates.Enabled = false;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.PowerEnvelopeBased;

    /// <summary>AC rating (W).</summary>
    public double PeakPowerW { get; }

    /// <summary>Commodity quantity of the envelopes.</summary>
    public CommodityQuantity Quantity { get; }

    /// <summary>The PEBC simulation.</summary>
    public PebcSimulation Simulation { get; }

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <summary>Last measured electric power (W, negative = production); NaN before the first measurement.</summary>
    public double MeasuredPowerW => _measurement.ElectricW;

    /// <summary>
    /// Limits production to <paramref name="limitW"/> (0..PeakPowerW) from <paramref name="at"/> for
    /// <paramref name="duration"/> (null = until replaced); rejected outside the allowed range.
    /// </summary>
    public InstructionOutcome Instruct(double limitW, DateTimeOffset at, TimeSpan? duration = null)
    {
        var element = new PebcPowerEnvelopeElement(duration ?? UntilReplaced, -limitW, 0);
        _envelope[0] = new PebcPowerEnvelope($"{Id}_curtailment", Quantity, [element]);
        return Simulation.Instruct(_envelope, at);
    }

    /// <summary>Limits production to <paramref name="factor"/>·PeakPowerW (factor 0..1; OMBC-style).</summary>
    public InstructionOutcome InstructFactor(double factor, DateTimeOffset at, TimeSpan? duration = null) =>
        factor >= 0 && factor <= 1
            ? Instruct(factor * PeakPowerW, at, duration)
            : InstructionOutcome.Rejected(string.Create(CultureInfo.InvariantCulture, $"PV inverter '{Id}': factor {factor} is outside 0..1"));

    /// <summary>Removes the curtailment.</summary>
    public void ClearLimit() => Simulation.ClearEnvelopes();

    /// <summary>Production limit at <paramref name="at"/> (W; PeakPowerW when not curtailed).</summary>
    public double LimitW(DateTimeOffset at) =>
        Simulation.TryGetLimits(Quantity, at, out var lower, out _) ? Math.Min(-lower, PeakPowerW) : PeakPowerW;

    /// <summary>Produces from <paramref name="availablePvW"/> (W ≥ 0) over the step.</summary>
    public PvStepResult Step(DateTimeOffset at, double seconds, double availablePvW)
    {
        var available = Math.Max(availablePvW, 0);
        var natural = -Math.Min(available, PeakPowerW);
        var step = Simulation.Step(at, seconds, Quantity, natural);
        var produced = -step.Power;
        return new PvStepResult(produced, available - produced);
    }

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyMeasurementOnly(this, status, ref _measurement);
    }
}
