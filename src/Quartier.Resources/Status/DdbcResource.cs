using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>A generic DDBC resource for the registry: a <see cref="DdbcSimulation"/> under an id.</summary>
public sealed class DdbcResource : IResource
{
    private ResourceMeasurement _measurement;

    /// <summary>Wraps <paramref name="simulation"/> as resource <paramref name="id"/>.</summary>
    public DdbcResource(string id, DdbcSimulation simulation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.DemandDrivenBased;

    /// <summary>The simulation.</summary>
    public DdbcSimulation Simulation { get; }

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyDdbc(this, Simulation, status, ref _measurement);
    }
}
