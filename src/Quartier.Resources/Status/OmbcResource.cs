using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>A generic OMBC resource for the registry: a <see cref="OmbcSimulation"/> under an id.</summary>
public sealed class OmbcResource : IResource
{
    private ResourceMeasurement _measurement;

    /// <summary>Wraps <paramref name="simulation"/> as resource <paramref name="id"/>.</summary>
    public OmbcResource(string id, OmbcSimulation simulation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.OperationModeBased;

    /// <summary>The simulation.</summary>
    public OmbcSimulation Simulation { get; }

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyOmbc(this, Simulation, status, ref _measurement);
    }
}
