using System.Text.Json.Serialization;
using Quartier.Core.Errors;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Runs;

/// <summary>
/// What to simulate: the algorithm, how many seeded runs, the simulated length, the variation between runs and the
/// exact algorithm's discretisation. <see cref="Resolve"/> validates and fills the automatic values; a run set stores
/// the resolved options.
/// </summary>
public sealed record CossmicRunOptions
{
    /// <summary>Prediction error (σ of the hourly factor) used when several runs are asked for and none is given.</summary>
    public const double DefaultPredictionError = 0.10;

    /// <summary>Arrival jitter (± seconds) used when several runs are asked for and none is given.</summary>
    public const int DefaultArrivalJitterSeconds = 900;

    /// <summary>Most runs in one set (each run's jobs are kept in the result bundle).</summary>
    public const int MaxRuns = 10_000;

    /// <summary>Scheduling algorithm (<see cref="CossmicAlgorithms.Names"/>): naive, random, fifty-fifty or exact.</summary>
    public string Algorithm { get; init; } = CossmicAlgorithms.Exact;

    /// <summary>Number of runs (≥ 1); run r uses seed <see cref="Seed"/> + r.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Base seed of the runs' random draws (variation and the random algorithms).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated length in days from time zero (as PySSMic's <c>length</c>); events after it are ignored.</summary>
    public int Days { get; init; } = 1;

    /// <summary>
    /// Standard deviation of the prediction error: the actual production of each producer in each hour is the final
    /// (merged) prediction times max(0, 1 + σ·z), z standard normal, drawn per run. Null: automatic —
    /// <see cref="DefaultPredictionError"/> when <see cref="Runs"/> &gt; 1, else 0 (actual = final prediction).
    /// </summary>
    public double? PredictionError { get; init; }

    /// <summary>
    /// Arrival jitter: each shiftable job's registration moves by a uniform whole number of seconds in ±J (kept between
    /// time zero and its latest start; background loads do not move). Null: automatic —
    /// <see cref="DefaultArrivalJitterSeconds"/> when <see cref="Runs"/> &gt; 1, else 0.
    /// </summary>
    public int? ArrivalJitterSeconds { get; init; }

    /// <summary>
    /// The exact algorithm's start grid (seconds, a multiple of 60): a job may start at its earliest possible start, at
    /// every multiple of the grid inside its window, and at its latest start. The energy balance is always 60 s.
    /// </summary>
    public int StartGridSeconds { get; init; } = 900;

    /// <summary>
    /// The exact algorithm's energy-balance slot (seconds, a multiple of 60 that divides a day): the MILP balances
    /// predicted production and load per slot; 60 is the profiles' own resolution. The KPIs always use 60 s.
    /// </summary>
    public int MilpSlotSeconds { get; init; } = 300;

    /// <summary>
    /// After each exact MILP, refine the plan in the 60 s balance: single jobs move by whole minutes (within ± one start
    /// grid step, inside their window) while the predicted 60 s coverage increases, then each to its earliest candidate
    /// start that loses no predicted coverage. False keeps the MILP plan as is (ties then broken by the solver).
    /// </summary>
    public bool Refine { get; init; } = true;

    /// <summary>How updated predictions are merged (PySSMic's way by default).</summary>
    public PredictionMerge Merge { get; init; } = PredictionMerge.PySsmic;

    /// <summary>MILP back end for the exact algorithm (<c>cbc</c> or <c>glpk</c>).</summary>
    public string Solver { get; init; } = "cbc";

    /// <summary>
    /// Time limit per MILP solve, a safety net behind <see cref="SolverMaxNodes"/> (default 3 s; the reference sets'
    /// MILPs are proven optimal in well under 0.1 s). On expiry the best incumbent is used and counted as stopped at a
    /// limit with its gap; without one the greedy plan. Results of time-limited solves depend on the machine's speed.
    /// </summary>
    public double SolverTimeLimitSeconds { get; init; } = 3;

    /// <summary>
    /// Branch-and-bound node limit per MILP (CBC; default 10). Large problems stop here, well before the time limit,
    /// so their results are the same on every machine (the 1,100-job benchmark: PV share 0.9819 in 1.7–1.8 s on every run, where a
    /// 1 s time limit alone gave 0.9807–0.9817 depending on timing). Null: time limit only.
    /// </summary>
    public int? SolverMaxNodes { get; init; } = 10;

    /// <summary>Largest MILP (matrix non-zeros) built per independent group of jobs; larger groups get a coarser start grid (doubled until it fits).</summary>
    public int MaxMilpNonZeros { get; init; } = 2_000_000;

    /// <summary>Bucket length (minutes) of the peak-to-average ratios.</summary>
    public int PeakIntervalMinutes { get; init; } = 15;

    /// <summary>Runs executed at the same time (0: one per processor). Does not change results.</summary>
    [JsonIgnore]
    public int MaxParallelism { get; init; }

    /// <summary>Validated copy with the algorithm name canonical and the automatic values filled in.</summary>
    public CossmicRunOptions Resolve()
    {
        var algorithm = CossmicAlgorithms.Canonical(Algorithm);
        Check(Runs >= 1 && Runs <= MaxRuns, $"runs {Runs} must be between 1 and {MaxRuns}", "runs");
        Check(Days >= 1 && Days <= 366, $"days {Days} must be between 1 and 366", "days");
        var error = PredictionError ?? (Runs > 1 ? DefaultPredictionError : 0);
        var jitter = ArrivalJitterSeconds ?? (Runs > 1 ? DefaultArrivalJitterSeconds : 0);
        Check(double.IsFinite(error) && error >= 0 && error <= 5, $"prediction error {error} must be between 0 and 5 (a standard deviation relative to the prediction)", "prediction-error");
        Check(jitter >= 0 && jitter <= 86400, $"arrival jitter {jitter} s must be between 0 and 86400 s", "jitter");
        Check(StartGridSeconds >= 60 && StartGridSeconds % 60 == 0 && StartGridSeconds <= 86400, $"start grid {StartGridSeconds} s must be a multiple of 60 s between 60 s and one day", "start-grid");
        Check(MilpSlotSeconds >= 60 && MilpSlotSeconds % 60 == 0 && 86400 % MilpSlotSeconds == 0, $"MILP slot {MilpSlotSeconds} s must be a multiple of 60 s that divides a day", "milp-slot");
        Check(double.IsFinite(SolverTimeLimitSeconds) && SolverTimeLimitSeconds > 0, $"solver time limit {SolverTimeLimitSeconds} s must be positive", "time-limit");
        Check(SolverMaxNodes is null or >= 0, $"node limit {SolverMaxNodes} must not be negative", "max-nodes");
        Check(MaxMilpNonZeros >= 1000, $"MILP size limit {MaxMilpNonZeros} must be at least 1000 non-zeros", "max-milp");
        Check(PeakIntervalMinutes >= 1 && PeakIntervalMinutes <= 1440, $"peak interval {PeakIntervalMinutes} min must be between 1 and 1440", "peak-interval");
        Check(MaxParallelism >= 0, $"parallelism {MaxParallelism} must not be negative", "parallelism");
        var solver = (Solver ?? "cbc").Trim().ToLowerInvariant();
        Check(solver is "cbc" or "glpk", $"solver '{Solver}' is not known; allowed: cbc, glpk", "solver");
        return this with { Algorithm = algorithm, PredictionError = error, ArrivalJitterSeconds = jitter, Solver = solver };
    }

    private static void Check(bool ok, string message, string option)
    {
        if (!ok)
        {
            throw new InputException(message, field: option);
        }
    }
}
