using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>A simulated resource whose state can be synchronised from reported status documents.</summary>
public interface IResource
{
    /// <summary>Resource id (unique within a <see cref="ResourceRegistry"/>).</summary>
    string Id { get; }

    /// <summary>The S2 control type the resource is simulated with.</summary>
    ControlType ControlType { get; }

    /// <summary>The last reported power measurement (none yet: <see cref="ResourceMeasurement.HasValue"/> false).</summary>
    ResourceMeasurement Measurement { get; }

    /// <summary>Takes over a reported status; later steps start from it.</summary>
    /// <exception cref="Quartier.Core.Errors.InputException">The status does not fit this resource (names what and lists what is valid).</exception>
    void ApplyStatus(ResourceStatus status);
}
