namespace Quartier.Resources.Devices;

/// <summary>Operation modes of <see cref="HomeApplianceResource"/> (ids <c>RUN</c>, <c>OFF</c>; the factor is ignored).</summary>
public enum ApplianceMode
{
    /// <summary><c>OFF</c>: does not run (or pauses an interruptible run).</summary>
    Off,

    /// <summary><c>RUN</c>: starts (or resumes) and runs to the end of its power sequence.</summary>
    Run,
}
