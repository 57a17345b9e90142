using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Quartier.Core.Errors;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// CBC 2.10 through its C interface (libCbcSolver.so.3). Every call builds its own native model (freed in a
/// SafeHandle). Pure LPs go through CBC too: its C interface hands them straight to Clp (no time limit applies);
/// those solves run concurrently. MILP solves go through CBC's command driver (CbcMain1), which keeps parser state
/// in process globals, so they are serialised by a process-wide lock. CBC's C interface has no abort call, and its
/// time limit is not checked everywhere; a MILP solve is stopped the way CBC's own command line stops on Ctrl-C (its
/// interrupt handler ends the search with the best solution found), driven by Quartier's watchdog
/// (<see cref="CbcInterrupt"/>) once the caller's token is cancelled or the time limit has passed.
/// </summary>
public sealed class CbcSolver : ISolver
{
    /// <summary>Integrality tolerance under which integer columns are rounded to the nearest integer.</summary>
    private const double IntegerSnap = 1e-6;

    /// <summary>Stack of a detached solve's thread: as a main thread's (8 MiB), which CBC ran on before, not .NET's 1.5 MiB default.</summary>
    private const int DetachedStackBytes = 16 << 20;

    /// <summary>Serialises CBC's command driver (CbcMain0/CbcMain1), which is not re-entrant in 2.10.</summary>
    private static readonly Lock DriverGate = new();

    public string Name => "cbc";

    /// <summary>True when the native library can be loaded (honours <c>QUARTIER_CBC_LIBRARY</c>).</summary>
    public static bool IsAvailable => NativeLibraries.TryLoad(NativeLibraries.Cbc, out _, out _);

    /// <summary>The CBC version string, e.g. <c>2.10.8</c>.</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.Ensure(NativeLibraries.Cbc);
            return Marshal.PtrToStringUTF8(CbcNative.Cbc_getVersion()) ?? "?";
        }
    }

    public Solution Solve(Model model, SolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= SolveOptions.Default;
        SolverOptionsCheck.Validate(options);
        options.Cancellation.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        CbcInterrupt.Capture();
        NativeLibraries.Ensure(NativeLibraries.Cbc);
        var problem = NativeProblem.From(model);
        return model.IntegerCount > 0 && options.Interrupt && options.Cancellation.CanBeCanceled
            ? SolveDetached(model, problem, options, clock)
            : SolveHere(model, problem, options, clock);
    }

    /// <summary>
    /// A cancellable MILP solve runs on its own thread, and the caller waits for it or for its token. CBC looks at the
    /// interrupt only in branch and bound: preprocessing, the root LP and the root heuristics can run on for a second or
    /// more after the watchdog raised it. A cancelled caller therefore returns at once (throws
    /// <see cref="OperationCanceledException"/>) and leaves the native solve behind: the thread owns the model, stops
    /// at CBC's next check (the watchdog keeps the interrupt raised), frees the model and ends. Nothing it finds is
    /// used. Until then it holds the driver lock, so a later MILP solve in the same process waits for it.
    /// </summary>
    private Solution SolveDetached(Model model, NativeProblem problem, SolveOptions options, Stopwatch clock)
    {
        var solve = new DetachedSolve(() => SolveHere(model, problem, options, clock));
        var thread = new Thread(solve.Run, DetachedStackBytes) { IsBackground = true, Name = "CBC solve" };
        thread.Start();
        WaitHandle.WaitAny([solve.Done.WaitHandle, options.Cancellation.WaitHandle]);
        options.Cancellation.ThrowIfCancellationRequested();
        return solve.Result();
    }

    private sealed class DetachedSolve(Func<Solution> body)
    {
        private Solution? _solution;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _error;

        public ManualResetEventSlim Done { get; } = new();

        public void Run()
        {
            try
            {
                _solution = body();
            }
            catch (Exception e)
            {
                _error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Done.Set();
            }
        }

        public Solution Result()
        {
            Done.Wait();
            _error?.Throw();
            return _solution!;
        }
    }

    private Solution SolveHere(Model model, NativeProblem problem, SolveOptions options, Stopwatch clock)
    {
        using var watch = new SolveWatch(clock, options);
        try
        {
            using var handle = NewModel();
            if (handle.IsInvalid)
            {
                return new Solution(SolveStatus.Error, Name, null, double.NaN, null, clock.Elapsed.TotalSeconds, "CBC: Cbc_newModel returned null.");
            }

            Load(handle, model, problem, options);
            var solution = Run(handle, model, clock, watch, options.Interrupt);

            if (solution.Status == SolveStatus.Infeasible && model.IntegerCount > 0)
            {
                solution = Recheck(model, problem, options, solution, clock, watch);
            }

            if (solution.Status == SolveStatus.Infeasible && model.IntegerCount == 0 && model.ObjectiveColumns.Length > 0)
            {
                // CBC's LP path reports "infeasible" for unbounded LPs too; a zero-objective solve tells them apart.
                solution = Disambiguate(model, problem, options, clock);
            }

            options.Cancellation.ThrowIfCancellationRequested();
            return solution;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw NativeLibraries.Unavailable(NativeLibraries.Cbc, "a usable libCbcSolver.so.3 (2.10)", e);
        }
    }

    /// <summary>
    /// CBC 2.10 can declare a feasible MILP infeasible at the root: an LP optimum whose binaries sit within the default
    /// integer tolerance (1e-6) of an integer passes as integral, its rounded point then fails the row check, and the
    /// search ends with no incumbent ("proven infeasible", 0 nodes). Seen on DOTS's hybrid heat pump (a big-M on the
    /// buffer heat with a binary at 6e-8). A proof of infeasibility is therefore re-checked once at 1e-9 integer and
    /// primal tolerances, which does not admit such a point; only a second proof is reported.
    /// </summary>
    private Solution Recheck(Model model, NativeProblem problem, SolveOptions options, Solution first, Stopwatch clock, SolveWatch watch)
    {
        var left = options.TimeLimitSeconds - clock.Elapsed.TotalSeconds;
        if (left <= 0)
        {
            return first;
        }

        using var handle = NewModel();
        Load(handle, model, problem, options with { TimeLimitSeconds = left }, tight: true);
        var second = Run(handle, model, clock, watch, options.Interrupt);

        return second.Status == SolveStatus.Infeasible
            ? second.WithMessage(second.Message + " (confirmed at 1e-9 integer and primal tolerances)")
            : second.WithMessage(second.Message + " (after CBC's first solve wrongly proved the model infeasible; re-solved at 1e-9 integer and primal tolerances)");
    }

    private Solution Run(CbcModelHandle handle, Model model, Stopwatch clock, SolveWatch watch, bool interruptible)
    {
        if (model.IntegerCount == 0)
        {
            // Pure LP: Cbc_solve calls Clp's initialSolve on this model's own solver object; no shared state. Clp installs
            // its SIGINT handler and leaves it: .NET's goes back at once.
            var lp = CbcNative.Cbc_solve(handle);
            CbcInterrupt.Restore();
            return Collect(handle, model, lp, clock, watch);
        }

        // Cbc_solve runs CbcMain1, whose command parser keeps its state in process globals: one at a time.
        lock (DriverGate)
        {
            watch.ThrowIfCancelled();
            if (!interruptible)
            {
                var rc0 = CbcNative.Cbc_solve(handle);
                CbcInterrupt.Restore();
                return Collect(handle, model, rc0, clock, watch);
            }

            using var interrupt = CbcInterrupt.Begin(handle, watch);
            var rc = CbcNative.Cbc_solve(handle);
            interrupt.End(CbcNative.Cbc_status(handle));
            return Collect(handle, model, rc, clock, watch);
        }
    }

    private Solution Disambiguate(Model model, NativeProblem problem, SolveOptions options, Stopwatch clock)
    {
        Array.Clear(problem.Objective);
        using var handle = NewModel();
        Load(handle, model, problem, options with { TimeLimitSeconds = Math.Max(1, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds) });
        CbcNative.Cbc_solve(handle);
        CbcInterrupt.Restore();
        if (CbcNative.Cbc_isProvenOptimal(handle) != 0)
        {
            return new Solution(SolveStatus.Unbounded, Name, null, double.NaN, null, clock.Elapsed.TotalSeconds,
                "CBC (Clp): the LP is unbounded (CBC reported infeasible-or-unbounded; a zero-objective solve found a feasible point)");
        }

        return new Solution(SolveStatus.Infeasible, Name, null, double.NaN, null, clock.Elapsed.TotalSeconds,
            "CBC (Clp): the LP is infeasible (confirmed by a zero-objective solve)");
    }

    private static CbcModelHandle NewModel()
    {
        // Cbc_newModel runs CbcMain0, which resets the same driver globals.
        lock (DriverGate)
        {
            return CbcNative.Cbc_newModel();
        }
    }

    private static unsafe void Load(CbcModelHandle handle, Model model, NativeProblem p, SolveOptions options, bool tight = false)
    {
        fixed (int* start = p.Start)
        fixed (int* index = p.Index)
        fixed (double* value = p.Value)
        fixed (double* colLower = p.ColumnLower)
        fixed (double* colUpper = p.ColumnUpper)
        fixed (double* obj = p.Objective)
        fixed (double* rowLower = p.RowLower)
        fixed (double* rowUpper = p.RowUpper)
        {
            CbcNative.Cbc_loadProblem(handle, p.ColumnCount, p.RowCount, start, index, value, colLower, colUpper, obj, rowLower, rowUpper);
        }

        CbcNative.Cbc_setProblemName(handle, model.Name);
        var variables = model.Variables;
        for (var j = 0; j < variables.Count; j++)
        {
            CbcNative.Cbc_setColName(handle, j, variables[j].Name);
            if (variables[j].IsInteger)
            {
                CbcNative.Cbc_setInteger(handle, j);
            }
        }

        var constraints = model.Constraints;
        for (var i = 0; i < constraints.Count; i++)
        {
            CbcNative.Cbc_setRowName(handle, i, constraints[i].Name);
        }

        CbcNative.Cbc_setObjSense(handle, model.Sense == ObjectiveSense.Maximize ? -1 : 1);
        CbcNative.Cbc_setLogLevel(handle, options.Log ? 1 : 0);
        CbcNative.Cbc_setParameter(handle, "log", options.Log ? "1" : "0");
        CbcNative.Cbc_setParameter(handle, "timeMode", "elapsed");
        // CBC's own limit is the backstop: Quartier's watchdog stops MILPs at the limit itself (CBC's check runs late).
        var backstop = model.IntegerCount > 0 ? (options.TimeLimitSeconds * 1.1) + 0.1 : options.TimeLimitSeconds;
        CbcNative.Cbc_setParameter(handle, "sec", backstop.ToString("R", CultureInfo.InvariantCulture));
        CbcNative.Cbc_setParameter(handle, "ratioGap", options.RelativeGap.ToString("R", CultureInfo.InvariantCulture));
        CbcNative.Cbc_setMaximumSeconds(handle, backstop);
        CbcNative.Cbc_setAllowableFractionGap(handle, options.RelativeGap);
        if (options.AbsoluteGap > 0)
        {
            CbcNative.Cbc_setParameter(handle, "allowableGap", options.AbsoluteGap.ToString("R", CultureInfo.InvariantCulture));
            CbcNative.Cbc_setAllowableGap(handle, options.AbsoluteGap);
        }
        if (tight)
        {
            CbcNative.Cbc_setParameter(handle, "integerTolerance", "1e-9");
            CbcNative.Cbc_setParameter(handle, "primalTolerance", "1e-9");
        }

        if (options.MaxNodes is { } nodes)
        {
            CbcNative.Cbc_setParameter(handle, "maxNodes", nodes.ToString(CultureInfo.InvariantCulture));
            CbcNative.Cbc_setMaximumNodes(handle, nodes);
        }

        if (options.Start is { Count: > 0 } given)
        {
            var columns = new int[given.Count];
            var values = new double[given.Count];
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i].Key.Index >= p.ColumnCount)
                {
                    throw new InputException($"Solver option Start: column {given[i].Key.Index} is not in the model ({p.ColumnCount} columns).", elementId: "Start");
                }

                (columns[i], values[i]) = (given[i].Key.Index, given[i].Value);
            }

            if (model.IntegerCount > 0)
            {
                // only a MILP has a branch and bound to start from it
                fixed (int* c = columns)
                fixed (double* v = values)
                {
                    CbcNative.Cbc_setMIPStartI(handle, columns.Length, c, v);
                }
            }
        }
    }

    private Solution Collect(CbcModelHandle handle, Model model, int rc, Stopwatch clock, SolveWatch watch)
    {
        var isMip = model.IntegerCount > 0;
        var optimal = CbcNative.Cbc_isProvenOptimal(handle) != 0;
        var infeasible = CbcNative.Cbc_isProvenInfeasible(handle) != 0;
        var unbounded = CbcNative.Cbc_isContinuousUnbounded(handle) != 0;
        var timedOut = CbcNative.Cbc_isSecondsLimitReached(handle) != 0;
        var abandoned = CbcNative.Cbc_isAbandoned(handle) != 0;
        var status = CbcNative.Cbc_status(handle);
        var secondary = CbcNative.Cbc_secondaryStatus(handle);

        // MIP: the incumbent (null when none was found). LP: Clp's primal solution, valid when proven optimal.
        var pointer = isMip ? CbcNative.Cbc_bestSolution(handle) : (optimal ? CbcNative.Cbc_getColSolution(handle) : 0);
        var values = pointer == 0 ? null : CopyValues(model, pointer);
        double? bound = null;
        if (isMip)
        {
            var b = CbcNative.Cbc_getBestPossibleObjValue(handle);
            if (double.IsFinite(b) && Math.Abs(b) < 1e30)
            {
                bound = b + model.ObjectiveConstant;
            }
        }

        var objective = values is null ? double.NaN : model.EvaluateObjective(values);
        if (!isMip && values is not null)
        {
            bound = objective;
        }

        var codes = $"(Cbc_solve {rc}, status {status}, secondary {secondary})";
        SolveStatus result;
        string message;
        if (optimal && values is not null)
        {
            result = SolveStatus.Optimal;
            message = isMip ? $"CBC: optimal within the relative gap {codes}" : $"CBC (Clp): LP optimal {codes}";
        }
        else if (unbounded)
        {
            result = SolveStatus.Unbounded;
            values = null;
            bound = null;
            message = isMip
                ? $"CBC: the LP relaxation is unbounded, so the MILP is unbounded (or infeasible) {codes}"
                : $"CBC (Clp): the LP is unbounded {codes}";
        }
        else if (infeasible)
        {
            result = SolveStatus.Infeasible;
            values = null;
            bound = null;
            message = $"CBC: proven infeasible {codes}";
        }
        else if (watch.Reason != SolveWatch.StopReason.None)
        {
            // The watchdog interrupted the search (CBC: "stopped on event"), with the incumbent and the bound of then.
            watch.ThrowIfCancelled();
            result = SolveStatus.TimedOut;
            message = values is null
                ? $"CBC: {watch.TimeLimitNote()} without a feasible solution {codes}"
                : $"CBC: {watch.TimeLimitNote()}; best incumbent returned, gap not closed {codes}";
        }
        else if (timedOut)
        {
            result = SolveStatus.TimedOut;
            message = values is null
                ? $"CBC: time limit reached without a feasible solution {codes}"
                : $"CBC: time limit reached; best incumbent returned, gap not closed {codes}";
        }
        else if (values is not null)
        {
            result = SolveStatus.Feasible;
            message = $"CBC: stopped with an incumbent before proving optimality{(CbcNative.Cbc_isNodeLimitReached(handle) != 0 ? " (node limit)" : abandoned ? " (abandoned)" : string.Empty)} {codes}";
        }
        else
        {
            result = SolveStatus.Error;
            message = $"CBC: no solution{(abandoned ? "; the search was abandoned (numerical difficulties)" : string.Empty)} {codes}";
        }

        return new Solution(result, Name, values, objective, bound, clock.Elapsed.TotalSeconds, message);
    }

    private static unsafe double[] CopyValues(Model model, nint pointer)
    {
        var n = model.Variables.Count;
        var values = new ReadOnlySpan<double>((void*)pointer, n).ToArray();
        var variables = model.Variables;
        for (var j = 0; j < n; j++)
        {
            if (variables[j].IsInteger)
            {
                var r = Math.Round(values[j]);
                if (Math.Abs(values[j] - r) <= IntegerSnap)
                {
                    values[j] = r;
                }
            }
        }

        return values;
    }
}
