namespace Quartier.Simulation.Services;

/// <summary>
/// Whose rules the services follow where DOTS and Quartier differ (docs/architecture.md, "DOTS rules and Quartier
/// physics"): DOTS's (the default, so that a DOTS study gives DOTS's numbers) or Quartier's physics — EV charging
/// efficiency and session timing, the heat pumps' ESDL COPs and start state, the hot-water tap profile by time.
/// </summary>
public enum ServiceRules
{
    Dots,
    Quartier,
}
