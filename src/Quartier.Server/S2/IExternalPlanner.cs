namespace Quartier.Server.S2;

/// <summary>
/// Another energy manager in this server that plans some resources itself (the EOS loop plans the devices of its
/// configuration). The CEM's own planner sends no instruction to a resource one of these claims, so that two planners never
/// start competing modes and timers on the same device.
/// </summary>
public interface IExternalPlanner
{
    /// <summary>Whether this planner plans the resource <paramref name="resourceId"/> (asked before every CEM plan).</summary>
    bool Plans(string resourceId);
}
