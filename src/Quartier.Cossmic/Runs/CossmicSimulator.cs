using System.Runtime.ExceptionServices;
using Quartier.Core.Errors;
using Quartier.Optimization.Solvers;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Runs;

/// <summary>
/// Simulates a neighbourhood: N seeded runs of the chosen algorithm (in parallel; results do not depend on the order),
/// each an event-driven day (or <see cref="CossmicRunOptions.Days"/>) — jobs arrive at their registration, predictions
/// are issued at their event times, the scheduler assigns starts and contracts on every event, started jobs keep
/// running — followed by the 60 s energy balance on the actual production; then statistics across the runs.
/// </summary>
public static class CossmicSimulator
{
    /// <summary>Runs the set. Throws <see cref="Quartier.Core.Errors.InputException"/> for bad options.</summary>
    /// <param name="scenario">The neighbourhood.</param>
    /// <param name="options">Algorithm, runs, seed, days, variation (see <see cref="CossmicRunOptions"/>).</param>
    /// <param name="progress">Told after every finished run (for a progress bar).</param>
    /// <param name="cancellationToken">Stops every run within an event batch (the exact planner's solver within a fraction of a second) and throws <see cref="OperationCanceledException"/>.</param>
    public static CossmicRunSet Run(CossmicScenario scenario, CossmicRunOptions options, IProgress<CossmicProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = Check(scenario, options);
        var timeline = new Timeline(scenario, resolved, cancellationToken);
        var runs = new CossmicRunResult[resolved.Runs];
        var completed = 0;
        var parallelism = resolved.MaxParallelism > 0 ? resolved.MaxParallelism : Environment.ProcessorCount;
        void One(int r)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs[r] = RunEngine.Run(timeline, r, cancellationToken);
            var done = Interlocked.Increment(ref completed);
            progress?.Report(new CossmicProgress(done, runs.Length, r, runs[r].Kpis.PvShare));
        }

        if (runs.Length == 1 || parallelism == 1)
        {
            for (var r = 0; r < runs.Length; r++)
            {
                One(r);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, One);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                if (e.InnerExceptions[0] is SolverUnavailableException missing)
                {
                    throw Missing(missing);
                }

                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
            catch (SolverUnavailableException missing)
            {
                throw Missing(missing);
            }
        }

        var predicted = 0.0;
        for (var p = 0; p < timeline.ProducerCount; p++)
        {
            var final = timeline.Final(p);
            for (var k = 0; k < timeline.HorizonSteps; k++)
            {
                predicted += final[k];
            }
        }

        return new CossmicRunSet(CossmicInputSummary.Of(scenario, predicted), resolved, runs, CossmicStatistics.Of(runs));
    }

    /// <summary>
    /// Refuses to start when the exact algorithm's MILP solver cannot be loaded: a <see cref="SimulationException"/>
    /// (a missing prerequisite, not bad input) with the solver's install hint (the Debian package).
    /// </summary>
    /// <summary>
    /// The options resolved and checked against <paramref name="scenario"/> as <see cref="Run"/> checks them: the days within
    /// its horizon, and the exact algorithm's solver installed. Throws <see cref="Quartier.Core.Errors.InputException"/>.
    /// </summary>
    public static CossmicRunOptions Check(CossmicScenario scenario, CossmicRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = options.Resolve();
        scenario.CheckHorizon(resolved.Days);
        if (resolved.Algorithm == CossmicAlgorithms.Exact)
        {
            EnsureSolver(resolved.Solver);
        }

        return resolved;
    }

    public static void EnsureSolver(string solver)
    {
        try
        {
            _ = solver == "glpk" ? GlpkSolver.Version : CbcSolver.Version;
        }
        catch (SolverUnavailableException e)
        {
            throw Missing(e);
        }
    }

    private static SimulationException Missing(SolverUnavailableException e) =>
        new($"the exact algorithm needs its MILP solver: {e.Message}; or choose another algorithm ({string.Join(", ", CossmicAlgorithms.Names.Where(n => n != CossmicAlgorithms.Exact))})", e);
}
