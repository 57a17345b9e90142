using System.Text.Json.Serialization;

namespace Quartier.Cossmic.Results;

/// <summary>What the exact algorithm's solver did in one run (all zero for the other algorithms).</summary>
/// <param name="Replans">Events with jobs to (re-)plan.</param>
/// <param name="MilpSolves">MILPs solved (independent groups of jobs are solved separately).</param>
/// <param name="ProvenOptimal">Solves proven optimal (relative gap 10⁻⁶).</param>
/// <param name="TimeLimited">Solves stopped by the node or time limit whose incumbent was used (not proven optimal).</param>
/// <param name="GreedyFallbacks">Groups planned greedily because the solver returned no solution.</param>
/// <param name="CoarsenedGrids">Groups whose start grid was coarsened to fit the MILP size limit.</param>
/// <param name="LargestColumns">Columns of the largest MILP.</param>
/// <param name="LargestNonZeros">Estimated non-zeros of the largest MILP.</param>
/// <param name="SolverSeconds">Wall time spent in the solver (model building excluded).</param>
/// <param name="MaxRelativeGap">Largest relative gap between incumbent and bound among the solves stopped at a limit (0 when all were proven optimal).</param>
public sealed record CossmicSolverStats(int Replans, int MilpSolves, int ProvenOptimal, int TimeLimited, int GreedyFallbacks, int CoarsenedGrids, int LargestColumns, long LargestNonZeros, double SolverSeconds, double MaxRelativeGap)
{
    /// <summary>True when every MILP was proven optimal and nothing fell back or was coarsened.</summary>
    [JsonIgnore]
    public bool Exact => TimeLimited == 0 && GreedyFallbacks == 0 && CoarsenedGrids == 0;
}
