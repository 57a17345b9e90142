using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Simulation.Tests.TestSupport;

/// <summary>The reference ESDL files under <c>../shared/reference</c> (found by walking up from the test binaries).</summary>
internal static class ReferenceData
{
    private static readonly Lazy<string> Root = new(FindRoot);
    private static readonly Lazy<EnergySystem> SmallTestSystem = new(() => EsdlReader.ReadFile(SmallTestPath));
    private static readonly Lazy<EnergySystem> Arch72System = new(() => EsdlReader.ReadFile(Arch72Path));

    /// <summary>Full path of <paramref name="relative"/> (e.g. <c>weather/…epw</c>) under shared/reference.</summary>
    public static string Resolve(string relative) => Path.Combine(Root.Value, relative);

    public static string SmallTestPath => Path.Combine(Root.Value, "dots", "small-test", "test.esdl");

    public static string Arch72Path => Path.Combine(Root.Value, "dots", "arch72-bandwidth", "arch72-bandwidth.esdl");

    /// <summary>DOTS's small test (2 homes, 1 PV, 1 EV, 1 hybrid heat pump, LV network); read once and shared (services only read it).</summary>
    public static EnergySystem SmallTest => SmallTestSystem.Value;

    public static EnergySystem Arch72 => Arch72System.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference"));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no ../shared/reference above {AppContext.BaseDirectory}");
    }
}
