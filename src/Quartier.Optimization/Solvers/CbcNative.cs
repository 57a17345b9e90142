using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Quartier.Optimization.Solvers;

/// <summary>P/Invoke declarations for CBC 2.10's C interface (Cbc_C_Interface.h); CoinBigIndex is <c>int</c>.</summary>
internal static partial class CbcNative
{
    private const string Lib = NativeLibraries.CbcLogicalName;

    [LibraryImport(Lib)]
    internal static partial nint Cbc_getVersion();

    [LibraryImport(Lib)]
    internal static partial CbcModelHandle Cbc_newModel();

    [LibraryImport(Lib)]
    internal static partial void Cbc_deleteModel(nint model);

    [LibraryImport(Lib)]
    internal static unsafe partial void Cbc_loadProblem(
        CbcModelHandle model, int numCols, int numRows, int* start, int* index, double* value,
        double* colLower, double* colUpper, double* obj, double* rowLower, double* rowUpper);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Cbc_setProblemName(CbcModelHandle model, string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setColName(CbcModelHandle model, int column, string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setRowName(CbcModelHandle model, int row, string name);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setInteger(CbcModelHandle model, int column);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setObjSense(CbcModelHandle model, double sense);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setParameter(CbcModelHandle model, string name, string value);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setLogLevel(CbcModelHandle model, int level);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setMaximumSeconds(CbcModelHandle model, double seconds);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setMaximumNodes(CbcModelHandle model, int nodes);

    [LibraryImport(Lib)]
    internal static unsafe partial void Cbc_setMIPStartI(CbcModelHandle model, int count, int* columns, double* values);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setAllowableFractionGap(CbcModelHandle model, double gap);

    [LibraryImport(Lib)]
    internal static partial void Cbc_setAllowableGap(CbcModelHandle model, double gap);

    [LibraryImport(Lib)]
    internal static partial int Cbc_solve(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isProvenOptimal(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isProvenInfeasible(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isContinuousUnbounded(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isSecondsLimitReached(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isNodeLimitReached(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isAbandoned(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isInitialSolveProvenOptimal(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isInitialSolveProvenPrimalInfeasible(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_isInitialSolveAbandoned(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_status(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_secondaryStatus(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial nint Cbc_getColSolution(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial nint Cbc_bestSolution(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_getNumCols(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial double Cbc_getObjValue(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial double Cbc_getBestPossibleObjValue(CbcModelHandle model);

    [LibraryImport(Lib)]
    internal static partial int Cbc_getNodeCount(CbcModelHandle model);
}

/// <summary>Owns a <c>Cbc_Model*</c>; released with <c>Cbc_deleteModel</c>.</summary>
internal sealed class CbcModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CbcModelHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        CbcNative.Cbc_deleteModel(handle);
        return true;
    }
}
