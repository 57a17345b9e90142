namespace Quartier.Cli.Tests.Properties;

/// <summary>
/// A valid input for a reader: its files (paths relative to a folder), what the reader is pointed at (one of them, or
/// the folder when <paramref name="Target"/> is "."), and the reading itself — the reader and, where its command does
/// that, what follows before anything is stored (wiring and a short run), with checks that the result is valid.
/// </summary>
internal sealed record Subject(string Name, IReadOnlyList<(string Path, byte[] Bytes)> Files, string Target, Action<string> Read)
{
    /// <summary>A subject of one file.</summary>
    public static Subject OneFile(string name, string fileName, byte[] bytes, Action<string> read) => new(name, [(fileName, bytes)], fileName, read);

    /// <summary>How the structural mutations see a file.</summary>
    public static InputShape ShapeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".esdl" or ".xml" => InputShape.Xml,
        ".json" or ".qcb" => InputShape.Json,
        _ => InputShape.Lines,
    };

    /// <summary>Writes the files into <paramref name="folder"/>; returns the full path the reader is called on.</summary>
    public string Write(string folder)
    {
        foreach (var (path, bytes) in Files)
        {
            var full = System.IO.Path.Combine(folder, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        return Target == "." ? folder : System.IO.Path.Combine(folder, Target);
    }
}
