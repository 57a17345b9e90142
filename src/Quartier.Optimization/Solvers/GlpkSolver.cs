using System.Diagnostics;
using System.Runtime.InteropServices;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// GLPK 5.0 through libglpk.so.40: <c>glp_intopt</c> (presolve on) for MILPs, <c>glp_simplex</c> (presolve on) for
/// LPs. GLPK keeps process-wide state (terminal output, environment), so solves are serialised by a lock; every call
/// builds its own problem object, freed by a SafeHandle. Branch and cut calls back into <see cref="SolveWatch"/>, which
/// stops it (<c>glp_ios_terminate</c>) once the caller's token is cancelled or the time limit has passed.
/// </summary>
public sealed class GlpkSolver : ISolver
{
    private const double IntegerSnap = 1e-6;
    private static readonly Lock Gate = new();

    public string Name => "glpk";

    /// <summary>True when the native library can be loaded (honours <c>QUARTIER_GLPK_LIBRARY</c>).</summary>
    public static bool IsAvailable => NativeLibraries.TryLoad(NativeLibraries.Glpk, out _, out _);

    /// <summary>The GLPK version string, e.g. <c>5.0</c>.</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.Ensure(NativeLibraries.Glpk);
            return Marshal.PtrToStringUTF8(GlpkNative.glp_version()) ?? "?";
        }
    }

    public Solution Solve(Model model, SolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= SolveOptions.Default;
        SolverOptionsCheck.Validate(options);
        options.Cancellation.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        NativeLibraries.Ensure(NativeLibraries.Glpk);
        var problem = NativeProblem.From(model);
        using var watch = new SolveWatch(clock, options);
        try
        {
            lock (Gate)
            {
                watch.ThrowIfCancelled();
                GlpkNative.glp_term_out(options.Log ? GlpkNative.GLP_ON : GlpkNative.GLP_OFF);
                try
                {
                    using var handle = GlpkNative.glp_create_prob();
                    if (handle.IsInvalid)
                    {
                        return new Solution(SolveStatus.Error, Name, null, double.NaN, null, clock.Elapsed.TotalSeconds, "GLPK: glp_create_prob returned null.");
                    }

                    Load(handle, model, problem);
                    var solution = model.IntegerCount > 0
                        ? SolveMip(handle, model, options, clock, watch)
                        : SolveLp(handle, model, options, clock);
                    watch.ThrowIfCancelled();
                    return solution;
                }
                finally
                {
                    GlpkNative.glp_term_out(GlpkNative.GLP_OFF);
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw NativeLibraries.Unavailable(NativeLibraries.Glpk, "a usable libglpk.so.40 (5.0)", e);
        }
    }

    private static unsafe void Load(GlpkProblemHandle handle, Model model, NativeProblem p)
    {
        GlpkNative.glp_set_prob_name(handle, model.Name);
        GlpkNative.glp_set_obj_dir(handle, model.Sense == ObjectiveSense.Maximize ? GlpkNative.GLP_MAX : GlpkNative.GLP_MIN);
        if (p.RowCount > 0)
        {
            GlpkNative.glp_add_rows(handle, p.RowCount);
        }

        if (p.ColumnCount > 0)
        {
            GlpkNative.glp_add_cols(handle, p.ColumnCount);
        }

        var constraints = model.Constraints;
        for (var i = 0; i < p.RowCount; i++)
        {
            GlpkNative.glp_set_row_name(handle, i + 1, constraints[i].Name);
            var (type, lower, upper) = BoundType(p.RowLower[i], p.RowUpper[i]);
            GlpkNative.glp_set_row_bnds(handle, i + 1, type, lower, upper);
        }

        var variables = model.Variables;
        for (var j = 0; j < p.ColumnCount; j++)
        {
            GlpkNative.glp_set_col_name(handle, j + 1, variables[j].Name);
            var (type, lower, upper) = BoundType(p.ColumnLower[j], p.ColumnUpper[j]);
            GlpkNative.glp_set_col_bnds(handle, j + 1, type, lower, upper);
            if (p.Objective[j] != 0)
            {
                GlpkNative.glp_set_obj_coef(handle, j + 1, p.Objective[j]);
            }

            switch (variables[j].Kind)
            {
                case VariableKind.Binary:
                    GlpkNative.glp_set_col_kind(handle, j + 1, GlpkNative.GLP_BV);
                    break;
                case VariableKind.Integer:
                    GlpkNative.glp_set_col_kind(handle, j + 1, GlpkNative.GLP_IV);
                    break;
            }
        }

        // Triplets, 1-based; element 0 is ignored by GLPK. Merged terms guarantee no duplicate (i, j).
        var ne = p.NonZeros;
        var ia = new int[ne + 1];
        var ja = new int[ne + 1];
        var ar = new double[ne + 1];
        var k = 1;
        for (var j = 0; j < p.ColumnCount; j++)
        {
            for (var q = p.Start[j]; q < p.Start[j + 1]; q++)
            {
                ia[k] = p.Index[q] + 1;
                ja[k] = j + 1;
                ar[k] = p.Value[q];
                k++;
            }
        }

        fixed (int* rows = ia)
        fixed (int* columns = ja)
        fixed (double* values = ar)
        {
            GlpkNative.glp_load_matrix(handle, ne, rows, columns, values);
        }
    }

    private static (int Type, double Lower, double Upper) BoundType(double lower, double upper)
    {
        var hasLower = !double.IsNegativeInfinity(lower);
        var hasUpper = !double.IsPositiveInfinity(upper);
        return (hasLower, hasUpper) switch
        {
            (false, false) => (GlpkNative.GLP_FR, 0, 0),
            (true, false) => (GlpkNative.GLP_LO, lower, 0),
            (false, true) => (GlpkNative.GLP_UP, 0, upper),
            _ when lower == upper => (GlpkNative.GLP_FX, lower, upper),
            _ => (GlpkNative.GLP_DB, lower, upper),
        };
    }

    private static int Milliseconds(double seconds) => (int)Math.Clamp(seconds * 1000.0, 1, int.MaxValue);

    private unsafe Solution SolveLp(GlpkProblemHandle handle, Model model, SolveOptions options, Stopwatch clock)
    {
        GlpSmcp parameters;
        GlpkNative.glp_init_smcp(&parameters);
        parameters.MsgLev = options.Log ? GlpkNative.GLP_MSG_ON : GlpkNative.GLP_MSG_OFF;
        parameters.Presolve = GlpkNative.GLP_ON;
        parameters.TmLim = Milliseconds(options.TimeLimitSeconds);
        var rc = GlpkNative.glp_simplex(handle, &parameters);
        if (rc is GlpkNative.GLP_ENOPFS or GlpkNative.GLP_ENODFS)
        {
            // The presolver only says "no primal/dual feasible solution"; without it the simplex status is definite.
            parameters.Presolve = GlpkNative.GLP_OFF;
            parameters.TmLim = Milliseconds(Math.Max(1, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds));
            rc = GlpkNative.glp_simplex(handle, &parameters);
        }

        var status = GlpkNative.glp_get_status(handle);
        var codes = $"(glp_simplex {rc}, status {status})";
        double[]? values = null;
        if (status is GlpkNative.GLP_OPT or GlpkNative.GLP_FEAS)
        {
            values = new double[model.Variables.Count];
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = GlpkNative.glp_get_col_prim(handle, j + 1);
            }
        }

        var objective = values is null ? double.NaN : model.EvaluateObjective(values);
        return (rc, status) switch
        {
            (0, GlpkNative.GLP_OPT) => Make(SolveStatus.Optimal, values, objective, objective, $"GLPK: LP optimal {codes}"),
            (_, GlpkNative.GLP_NOFEAS) => Make(SolveStatus.Infeasible, null, double.NaN, null, $"GLPK: the LP is infeasible {codes}"),
            (_, GlpkNative.GLP_UNBND) => Make(SolveStatus.Unbounded, null, double.NaN, null, $"GLPK: the LP is unbounded {codes}"),
            (GlpkNative.GLP_ENOPFS, _) => Make(SolveStatus.Infeasible, null, double.NaN, null, $"GLPK: the LP has no primal feasible solution {codes}"),
            (GlpkNative.GLP_ENODFS, _) => Make(SolveStatus.Unbounded, null, double.NaN, null, $"GLPK: the LP has no dual feasible solution (unbounded or infeasible) {codes}"),
            (GlpkNative.GLP_ETMLIM or GlpkNative.GLP_EITLIM, _) => Make(SolveStatus.TimedOut, status == GlpkNative.GLP_FEAS ? values : null, objective, null, $"GLPK: time limit reached {codes}"),
            _ => Make(SolveStatus.Error, null, double.NaN, null, $"GLPK: simplex failed {codes}"),
        };

        Solution Make(SolveStatus s, double[]? v, double o, double? b, string m) =>
            new(s, Name, v, o, b, clock.Elapsed.TotalSeconds, m);
    }

    /// <summary>GLPK's branch-and-cut callback: stops the search once the watch says so.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnSearch(nint tree, nint watch)
    {
        if (SolveWatch.From(watch).ShouldStop())
        {
            GlpkNative.glp_ios_terminate(tree);
        }
    }

    private unsafe Solution SolveMip(GlpkProblemHandle handle, Model model, SolveOptions options, Stopwatch clock, SolveWatch watch)
    {
        GlpIocp parameters;
        GlpkNative.glp_init_iocp(&parameters);
        parameters.CbFunc = (nint)(delegate* unmanaged[Cdecl]<nint, nint, void>)&OnSearch;
        parameters.CbInfo = watch.Pointer;
        parameters.MsgLev = options.Log ? GlpkNative.GLP_MSG_ON : GlpkNative.GLP_MSG_OFF;
        parameters.Presolve = GlpkNative.GLP_ON;
        parameters.TmLim = Milliseconds(options.TimeLimitSeconds);
        parameters.MipGap = options.RelativeGap;
        var rc = GlpkNative.glp_intopt(handle, &parameters);
        var status = GlpkNative.glp_mip_status(handle);
        var recheck = string.Empty;
        if ((rc == GlpkNative.GLP_ENOPFS || (rc == 0 && status == GlpkNative.GLP_NOFEAS)) && clock.Elapsed.TotalSeconds < options.TimeLimitSeconds)
        {
            // GLPK 5.0's MIP presolver proved a feasible DOTS heat-pump plan infeasible (CBC solved it; a year of the small
            // test stopped on it): a proof of infeasibility is re-checked once without the presolver, from an LP basis.
            GlpSmcp lp;
            GlpkNative.glp_init_smcp(&lp);
            lp.MsgLev = parameters.MsgLev;
            lp.TmLim = Milliseconds(options.TimeLimitSeconds - clock.Elapsed.TotalSeconds);
            var lpRc = GlpkNative.glp_simplex(handle, &lp);
            if (lpRc == 0 && GlpkNative.glp_get_status(handle) is GlpkNative.GLP_OPT)
            {
                parameters.Presolve = GlpkNative.GLP_OFF;
                parameters.TmLim = Milliseconds(Math.Max(0.001, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds));
                rc = GlpkNative.glp_intopt(handle, &parameters);
                status = GlpkNative.glp_mip_status(handle);
            }

            recheck = status is GlpkNative.GLP_OPT or GlpkNative.GLP_FEAS
                ? "; the presolver had declared it infeasible, re-solved without it"
                : "; confirmed without the presolver";
        }

        var codes = $"(glp_intopt {rc}, status {status}{recheck})";
        if (rc == GlpkNative.GLP_ESTOP && watch.Reason == SolveWatch.StopReason.TimeLimit)
        {
            rc = GlpkNative.GLP_ETMLIM;
            codes = $"(glp_intopt GLP_ESTOP: {watch.TimeLimitNote()}, status {status}{recheck})";
        }

        double[]? values = null;
        if (status is GlpkNative.GLP_OPT or GlpkNative.GLP_FEAS)
        {
            var variables = model.Variables;
            values = new double[variables.Count];
            for (var j = 0; j < values.Length; j++)
            {
                var x = GlpkNative.glp_mip_col_val(handle, j + 1);
                if (variables[j].IsInteger && Math.Abs(x - Math.Round(x)) <= IntegerSnap)
                {
                    x = Math.Round(x);
                }

                values[j] = x;
            }
        }

        var objective = values is null ? double.NaN : model.EvaluateObjective(values);
        switch (rc)
        {
            case 0 when status == GlpkNative.GLP_OPT:
                return Make(SolveStatus.Optimal, values, objective, objective, $"GLPK: MILP optimal {codes}");
            case GlpkNative.GLP_EMIPGAP when values is not null:
                return Make(SolveStatus.Optimal, values, objective, null, $"GLPK: optimal within the relative gap {options.RelativeGap} {codes}");
            case 0 when status == GlpkNative.GLP_NOFEAS:
            case GlpkNative.GLP_ENOPFS:
                return Make(SolveStatus.Infeasible, null, double.NaN, null, $"GLPK: the MILP is infeasible {codes}");
            case GlpkNative.GLP_ENODFS:
                return Make(SolveStatus.Unbounded, null, double.NaN, null, $"GLPK: the LP relaxation has no dual feasible solution, so the MILP is unbounded (or infeasible) {codes}");
            case GlpkNative.GLP_ETMLIM:
                return Make(SolveStatus.TimedOut, values, objective, null, values is null
                    ? $"GLPK: time limit reached without an integer feasible solution {codes}"
                    : $"GLPK: time limit reached; best incumbent returned, gap not closed {codes}");
            default:
                return values is not null
                    ? Make(SolveStatus.Feasible, values, objective, null, $"GLPK: stopped with an incumbent before proving optimality {codes}")
                    : Make(SolveStatus.Error, null, double.NaN, null, $"GLPK: branch-and-cut failed {codes}");
        }

        Solution Make(SolveStatus s, double[]? v, double o, double? b, string m) =>
            new(s, Name, v, o, b, clock.Elapsed.TotalSeconds, m);
    }

    /// <summary>GLPK's defaults as filled by <c>glp_init_iocp</c> (for layout checks).</summary>
    internal static unsafe GlpIocp DefaultIocp()
    {
        NativeLibraries.Ensure(NativeLibraries.Glpk);
        GlpIocp parameters;
        GlpkNative.glp_init_iocp(&parameters);
        return parameters;
    }

    /// <summary>GLPK's defaults as filled by <c>glp_init_smcp</c> (for layout checks).</summary>
    internal static unsafe GlpSmcp DefaultSmcp()
    {
        NativeLibraries.Ensure(NativeLibraries.Glpk);
        GlpSmcp parameters;
        GlpkNative.glp_init_smcp(&parameters);
        return parameters;
    }

    /// <summary>
    /// Reads a CPLEX LP file with GLPK's own reader and solves it (intopt when it has integer columns, else simplex).
    /// Returns the GLPK status code (GLP_OPT = 5, ...) and the objective including any constant; used to check
    /// <see cref="Model.ToLpFormat"/> against an independent parser.
    /// </summary>
    internal static unsafe (int ReadResult, int Columns, int Rows, int Integers, int Status, double Objective) SolveLpFile(string path)
    {
        NativeLibraries.Ensure(NativeLibraries.Glpk);
        lock (Gate)
        {
            GlpkNative.glp_term_out(GlpkNative.GLP_OFF);
            using var handle = GlpkNative.glp_create_prob();
            var read = GlpkNative.glp_read_lp(handle, 0, path);
            if (read != 0)
            {
                return (read, 0, 0, 0, 0, double.NaN);
            }

            var columns = GlpkNative.glp_get_num_cols(handle);
            var rows = GlpkNative.glp_get_num_rows(handle);
            var integers = GlpkNative.glp_get_num_int(handle);
            if (integers > 0)
            {
                GlpIocp parameters;
                GlpkNative.glp_init_iocp(&parameters);
                parameters.MsgLev = GlpkNative.GLP_MSG_OFF;
                parameters.Presolve = GlpkNative.GLP_ON;
                GlpkNative.glp_intopt(handle, &parameters);
                return (0, columns, rows, integers, GlpkNative.glp_mip_status(handle), GlpkNative.glp_mip_obj_val(handle));
            }

            GlpSmcp lp;
            GlpkNative.glp_init_smcp(&lp);
            lp.MsgLev = GlpkNative.GLP_MSG_OFF;
            GlpkNative.glp_simplex(handle, &lp);
            return (0, columns, rows, integers, GlpkNative.glp_get_status(handle), GlpkNative.glp_get_obj_val(handle));
        }
    }
}
