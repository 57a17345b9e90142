using Quartier.Core.Results;

namespace Quartier.Simulation.Engine;

/// <summary>A service that summarises its own run into key figures (added to the run's KPIs after the last step).</summary>
public interface IKpiSource
{
    /// <summary>The key figures accumulated so far.</summary>
    IReadOnlyList<Kpi> Kpis();
}
