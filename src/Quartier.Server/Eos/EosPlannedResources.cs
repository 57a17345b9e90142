using Quartier.Server.S2;

namespace Quartier.Server.Eos;

/// <summary>The EOS loop plans every device of the EOS configuration (<c>devices.*[].device_id</c>); the S2 CEM leaves them to it.</summary>
public sealed class EosPlannedResources(EosState state) : IExternalPlanner
{
    /// <inheritdoc />
    public bool Plans(string resourceId)
    {
        lock (state.Gate)
        {
            return state.Config.Devices.Has(resourceId);
        }
    }
}
