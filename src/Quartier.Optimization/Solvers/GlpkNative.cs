using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Quartier.Optimization.Solvers;

/// <summary>P/Invoke declarations for GLPK 5.0 (glpk.h). Arrays passed to GLPK are 1-based (element 0 unused).</summary>
internal static partial class GlpkNative
{
    internal const int GLP_MIN = 1;
    internal const int GLP_MAX = 2;
    internal const int GLP_CV = 1;
    internal const int GLP_IV = 2;
    internal const int GLP_BV = 3;
    internal const int GLP_FR = 1;
    internal const int GLP_LO = 2;
    internal const int GLP_UP = 3;
    internal const int GLP_DB = 4;
    internal const int GLP_FX = 5;
    internal const int GLP_UNDEF = 1;
    internal const int GLP_FEAS = 2;
    internal const int GLP_INFEAS = 3;
    internal const int GLP_NOFEAS = 4;
    internal const int GLP_OPT = 5;
    internal const int GLP_UNBND = 6;
    internal const int GLP_MSG_OFF = 0;
    internal const int GLP_MSG_ERR = 1;
    internal const int GLP_MSG_ON = 2;
    internal const int GLP_ON = 1;
    internal const int GLP_OFF = 0;
    internal const int GLP_EBOUND = 0x04;
    internal const int GLP_EFAIL = 0x05;
    internal const int GLP_EITLIM = 0x08;
    internal const int GLP_ETMLIM = 0x09;
    internal const int GLP_ENOPFS = 0x0A;
    internal const int GLP_ENODFS = 0x0B;
    internal const int GLP_EROOT = 0x0C;
    internal const int GLP_ESTOP = 0x0D;
    internal const int GLP_EMIPGAP = 0x0E;

    private const string Lib = NativeLibraries.GlpkLogicalName;

    [LibraryImport(Lib)]
    internal static partial nint glp_version();

    [LibraryImport(Lib)]
    internal static partial GlpkProblemHandle glp_create_prob();

    [LibraryImport(Lib)]
    internal static partial void glp_delete_prob(nint problem);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void glp_set_prob_name(GlpkProblemHandle problem, string name);

    [LibraryImport(Lib)]
    internal static partial void glp_set_obj_dir(GlpkProblemHandle problem, int direction);

    [LibraryImport(Lib)]
    internal static partial int glp_add_rows(GlpkProblemHandle problem, int count);

    [LibraryImport(Lib)]
    internal static partial int glp_add_cols(GlpkProblemHandle problem, int count);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void glp_set_row_name(GlpkProblemHandle problem, int row, string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void glp_set_col_name(GlpkProblemHandle problem, int column, string name);

    [LibraryImport(Lib)]
    internal static partial void glp_set_row_bnds(GlpkProblemHandle problem, int row, int type, double lower, double upper);

    [LibraryImport(Lib)]
    internal static partial void glp_set_col_bnds(GlpkProblemHandle problem, int column, int type, double lower, double upper);

    [LibraryImport(Lib)]
    internal static partial void glp_set_obj_coef(GlpkProblemHandle problem, int column, double coefficient);

    [LibraryImport(Lib)]
    internal static unsafe partial void glp_load_matrix(GlpkProblemHandle problem, int count, int* rows, int* columns, double* values);

    [LibraryImport(Lib)]
    internal static partial void glp_set_col_kind(GlpkProblemHandle problem, int column, int kind);

    [LibraryImport(Lib)]
    internal static unsafe partial void glp_init_smcp(GlpSmcp* parameters);

    [LibraryImport(Lib)]
    internal static unsafe partial int glp_simplex(GlpkProblemHandle problem, GlpSmcp* parameters);

    [LibraryImport(Lib)]
    internal static unsafe partial void glp_init_iocp(GlpIocp* parameters);

    [LibraryImport(Lib)]
    internal static unsafe partial int glp_intopt(GlpkProblemHandle problem, GlpIocp* parameters);

    /// <summary>Asks branch and cut to stop (from a <c>cb_func</c> callback); glp_intopt then returns GLP_ESTOP.</summary>
    [LibraryImport(Lib)]
    internal static partial void glp_ios_terminate(nint tree);

    [LibraryImport(Lib)]
    internal static partial int glp_get_status(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_get_prim_stat(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_get_dual_stat(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_mip_status(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial double glp_get_col_prim(GlpkProblemHandle problem, int column);

    [LibraryImport(Lib)]
    internal static partial double glp_mip_col_val(GlpkProblemHandle problem, int column);

    [LibraryImport(Lib)]
    internal static partial double glp_get_obj_val(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial double glp_mip_obj_val(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_term_out(int flag);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int glp_read_lp(GlpkProblemHandle problem, nint parameters, string fileName);

    [LibraryImport(Lib)]
    internal static partial int glp_get_num_cols(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_get_num_rows(GlpkProblemHandle problem);

    [LibraryImport(Lib)]
    internal static partial int glp_get_num_int(GlpkProblemHandle problem);
}

/// <summary>Owns a <c>glp_prob*</c>; released with <c>glp_delete_prob</c>.</summary>
internal sealed class GlpkProblemHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public GlpkProblemHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        GlpkNative.glp_delete_prob(handle);
        return true;
    }
}

/// <summary>glp_smcp of GLPK 5.0 (352 bytes); always filled by <c>glp_init_smcp</c> first.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GlpSmcp
{
    public int MsgLev;
    public int Meth;
    public int Pricing;
    public int RTest;
    public double TolBnd;
    public double TolDj;
    public double TolPiv;
    public double ObjLl;
    public double ObjUl;
    public int ItLim;
    public int TmLim;
    public int OutFrq;
    public int OutDly;
    public int Presolve;
    public int Excl;
    public int Shift;
    public int Aorn;
    public fixed double FooBar[33];
}

/// <summary>glp_iocp of GLPK 5.0 (328 bytes); always filled by <c>glp_init_iocp</c> first.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GlpIocp
{
    public int MsgLev;
    public int BrTech;
    public int BtTech;
    public double TolInt;
    public double TolObj;
    public int TmLim;
    public int OutFrq;
    public int OutDly;
    public nint CbFunc;
    public nint CbInfo;
    public int CbSize;
    public int PpTech;
    public double MipGap;
    public int MirCuts;
    public int GmiCuts;
    public int CovCuts;
    public int ClqCuts;
    public int Presolve;
    public int Binarize;
    public int FpHeur;
    public int PsHeur;
    public int PsTmLim;
    public int SrHeur;
    public int UseSol;
    public nint SaveSol;
    public int Alien;
    public int Flip;
    public fixed double FooBar[23];
}
