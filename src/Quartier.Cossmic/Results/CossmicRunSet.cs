using Quartier.Cossmic.Runs;

namespace Quartier.Cossmic.Results;

/// <summary>
/// Everything one <c>cossmic run</c> produced: the input summary, the resolved options (algorithm, seed, …), every run
/// and the statistics across runs. <see cref="CossmicBundle"/> writes and reads it.
/// </summary>
public sealed record CossmicRunSet(CossmicInputSummary Input, CossmicRunOptions Options, IReadOnlyList<CossmicRunResult> Runs, CossmicStatistics Statistics);
