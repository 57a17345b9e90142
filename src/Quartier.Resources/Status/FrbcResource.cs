using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>A generic FRBC resource for the registry: a <see cref="FrbcSimulation"/> under an id.</summary>
public sealed class FrbcResource : IResource
{
    private ResourceMeasurement _measurement;

    /// <summary>Wraps <paramref name="simulation"/> as resource <paramref name="id"/>.</summary>
    public FrbcResource(string id, FrbcSimulation simulation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.FillRateBased;

    /// <summary>The simulation.</summary>
    public FrbcSimulation Simulation { get; }

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyFrbc(this, Simulation, status, ref _measurement);
    }
}
