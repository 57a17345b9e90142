using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// Locates the solvers' native libraries. One <see cref="NativeLibrary.SetDllImportResolver"/> for this assembly maps
/// the logical names <see cref="CbcLogicalName"/> and <see cref="GlpkLogicalName"/> to the first loadable candidate:
/// the path in <c>QUARTIER_CBC_LIBRARY</c> / <c>QUARTIER_GLPK_LIBRARY</c> when set (then only that), else the
/// Debian sonames. The P/Invoke binding happens once per process; the availability check runs on every solve.
/// </summary>
internal static class NativeLibraries
{
    internal const string CbcLogicalName = "quartier-cbc";
    internal const string GlpkLogicalName = "quartier-glpk";

    internal static readonly LibrarySpec Cbc = new(
        "CBC", "QUARTIER_CBC_LIBRARY", ["libCbcSolver.so.3", "libCbcSolver.so"], "coinor-libcbc3");

    internal static readonly LibrarySpec Glpk = new(
        "GLPK", "QUARTIER_GLPK_LIBRARY", ["libglpk.so.40", "libglpk.so"], "libglpk40");

    private static readonly ConcurrentDictionary<string, nint> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _resolverInstalled;

    /// <summary>Loads the library (or throws <see cref="SolverUnavailableException"/>) and installs the resolver.</summary>
    internal static nint Ensure(LibrarySpec spec)
    {
        InstallResolver();
        if (TryLoad(spec, out var handle, out var tried))
        {
            return handle;
        }

        throw Unavailable(spec, tried, null);
    }

    internal static SolverUnavailableException Unavailable(LibrarySpec spec, string tried, Exception? inner) =>
        new($"{spec.Display} is not installed: {tried} not found; install it with `sudo apt-get install {spec.Package}` (or run scripts/setup)"
            + (spec.EnvVariable is { } env && Environment.GetEnvironmentVariable(env) is { Length: > 0 } ? $" or fix {env}" : string.Empty),
            inner);

    internal static bool TryLoad(LibrarySpec spec, out nint handle, out string tried)
    {
        var overridePath = Environment.GetEnvironmentVariable(spec.EnvVariable);
        string[] candidates = string.IsNullOrWhiteSpace(overridePath) ? spec.Candidates : [overridePath.Trim()];
        foreach (var candidate in candidates)
        {
            if (Loaded.TryGetValue(candidate, out handle))
            {
                tried = candidate;
                return true;
            }

            if (NativeLibrary.TryLoad(candidate, out handle))
            {
                Loaded[candidate] = handle;
                tried = candidate;
                return true;
            }
        }

        handle = 0;
        tried = string.Join(" / ", candidates);
        return false;
    }

    private static void InstallResolver()
    {
        if (Volatile.Read(ref _resolverInstalled))
        {
            return;
        }

        lock (Gate)
        {
            if (!_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
                Volatile.Write(ref _resolverInstalled, true);
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var spec = libraryName switch
        {
            CbcLogicalName => Cbc,
            GlpkLogicalName => Glpk,
            _ => null,
        };
        return spec is not null && TryLoad(spec, out var handle, out _) ? handle : 0;
    }

    internal sealed record LibrarySpec(string Display, string EnvVariable, string[] Candidates, string Package);
}
