namespace Quartier.Tests.Shared;

/// <summary>
/// Finds the shared reference files (<c>shared/reference</c>, beside or above the repository) by walking
/// up from the test binaries, so tests run from any output folder.
/// </summary>
internal static class ReferenceData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Full path of <paramref name="relative"/> (e.g. <c>dots/small-test/test.esdl</c>) under shared/reference.</summary>
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(Root.Value, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"reference file '{relative}' not found under {Root.Value}", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "reference"), System.IO.Path.Combine(dir.FullName, "..", "shared", "reference") })
            {
                if (Directory.Exists(candidate))
                {
                    return System.IO.Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException($"no shared/reference directory above {AppContext.BaseDirectory}");
    }
}
