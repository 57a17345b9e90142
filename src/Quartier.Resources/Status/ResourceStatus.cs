using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>
/// A parsed status document (see <see cref="ResourceStatusParser"/>). <see cref="Warnings"/> lists what was
/// accepted but unusual (e.g. a commodity quantity measured twice).
/// </summary>
public abstract record ResourceStatus(ResourceStatusType Type)
{
    /// <summary>Where the document came from (file name, request), for messages; may be null.</summary>
    public string? Source { get; init; }

    /// <summary>Non-fatal remarks found while parsing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// <c>FRBC.ActuatorStatus</c>, <c>DDBC.ActuatorStatus</c> or <c>OMBC.Status</c> (then <paramref name="ActuatorId"/>
/// is null): the active operation mode and factor, the previous mode and when the transition was initiated.
/// </summary>
public sealed record ActuatorStatus(
    ResourceStatusType Type,
    string? ActuatorId,
    string ActiveOperationModeId,
    double OperationModeFactor,
    string? PreviousOperationModeId,
    DateTimeOffset? TransitionTimestamp) : ResourceStatus(Type);

/// <summary><c>FRBC.StorageStatus</c>: the present fill level.</summary>
public sealed record StorageStatus(double PresentFillLevel) : ResourceStatus(ResourceStatusType.FrbcStorageStatus);

/// <summary><c>FRBC/OMBC/DDBC.TimerStatus</c>: when a timer finishes (finished in the past = not running).</summary>
public sealed record TimerStatus(
    ResourceStatusType Type,
    string TimerId,
    string? ActuatorId,
    DateTimeOffset FinishedAt) : ResourceStatus(Type);

/// <summary><c>PowerMeasurement</c>: measured power per commodity quantity, one value per quantity.</summary>
public sealed record PowerMeasurementStatus(
    DateTimeOffset MeasurementTimestamp,
    IReadOnlyList<PowerValue> Values) : ResourceStatus(ResourceStatusType.PowerMeasurement)
{
    /// <summary>The values as a per-quantity vector.</summary>
    public CommodityPowers Powers
    {
        get
        {
            var p = default(CommodityPowers);
            foreach (var v in Values)
            {
                p.Add(v.Quantity, v.Value);
            }

            return p;
        }
    }
}
