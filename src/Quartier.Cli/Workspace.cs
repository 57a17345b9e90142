namespace Quartier.Cli;

/// <summary>Where results live when <c>--db</c> is not given: <c>$QUARTIER_DB</c>, else <c>.quartier/quartier.db</c> in the current folder.</summary>
internal static class Workspace
{
    public static string DatabasePath(string? option)
    {
        var path = option ?? Environment.GetEnvironmentVariable("QUARTIER_DB") ?? Path.Combine(".quartier", "quartier.db");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        return path;
    }
}
