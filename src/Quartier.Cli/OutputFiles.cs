using Quartier.Core.Errors;

namespace Quartier.Cli;

/// <summary>
/// Checks an output path given on the command line before anything is computed or stored: a file path must not be a
/// folder, its folder must be creatable and writable; a folder path must not be a file. Refusals are
/// <see cref="InputException"/>s naming the option and the path.
/// </summary>
internal static class OutputFiles
{
    /// <summary>The full path of an output file, its folder created and a write probed; refused naming <paramref name="option"/>.</summary>
    public static string CheckFile(string path, string option)
    {
        var full = Full(path, option);
        if (Directory.Exists(full))
        {
            throw new InputException($"{option} is a folder; give a file name", path);
        }

        var folder = Path.GetDirectoryName(full) ?? full;
        CreateFolder(folder, path, option);
        Probe(() =>
        {
            if (File.Exists(full))
            {
                using var _ = new FileStream(full, FileMode.Open, FileAccess.Write);
            }
            else
            {
                using var _ = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
        }, path, option);
        return full;
    }

    /// <summary>The full path of an output folder, created and a write probed; refused naming <paramref name="option"/>.</summary>
    public static string CheckFolder(string path, string option)
    {
        var full = Full(path, option);
        if (File.Exists(full))
        {
            throw new InputException($"{option} is a file; give a folder", path);
        }

        CreateFolder(full, path, option);
        Probe(() =>
        {
            using var _ = new FileStream(Path.Combine(full, $".quartier-probe-{Environment.ProcessId}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }, path, option);
        return full;
    }

    private static string Full(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new InputException($"{option} needs a path", option);
        }

        return Path.GetFullPath(path);
    }

    private static void CreateFolder(string folder, string path, string option)
    {
        for (var up = folder; !string.IsNullOrEmpty(up); up = Path.GetDirectoryName(up))
        {
            if (Directory.Exists(up))
            {
                break;
            }

            if (File.Exists(up))
            {
                throw new InputException($"{option}: '{up}' is a file, not a folder", path);
            }
        }

        Probe(() => Directory.CreateDirectory(folder), path, option);
    }

    private static void Probe(Action write, string path, string option)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{option} cannot be written: {e.Message}", path, inner: e);
        }
    }
}
