namespace Quartier.Resources.Runtime;

/// <summary>
/// An S2 <c>Transition</c> between two operation modes of one actuator (or of an OMBC resource).
/// Initiating it (re)starts <paramref name="StartTimers"/>; it is refused while any of
/// <paramref name="BlockingTimers"/> is running, and when <paramref name="AbnormalConditionOnly"/> is set
/// outside an abnormal condition. During <paramref name="Duration"/> after initiation the device still behaves
/// as in the <paramref name="From"/> mode; afterwards as in the <paramref name="To"/> mode.
/// </summary>
public sealed record ResourceTransition(
    string Id,
    string From,
    string To,
    string[] StartTimers,
    string[] BlockingTimers,
    TimeSpan Duration,
    bool AbnormalConditionOnly)
{
    /// <summary>A transition without timers, instantaneous and allowed in normal conditions.</summary>
    public static ResourceTransition Simple(string id, string from, string to) =>
        new(id, from, to, [], [], TimeSpan.Zero, false);
}
