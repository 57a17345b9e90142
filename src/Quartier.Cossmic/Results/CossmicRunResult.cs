namespace Quartier.Cossmic.Results;

/// <summary>One run: its seed, KPIs, solver statistics, per-house and per-job results.</summary>
/// <param name="Run">0-based run index.</param>
/// <param name="Seed">Seed of this run (base seed + run).</param>
/// <param name="WallSeconds">Wall time of the run (scheduling and balance).</param>
public sealed record CossmicRunResult(
    int Run,
    int Seed,
    double WallSeconds,
    CossmicKpis Kpis,
    CossmicSolverStats Solver,
    IReadOnlyList<CossmicHouseResult> Houses,
    IReadOnlyList<CossmicJobResult> Jobs);
