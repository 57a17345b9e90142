namespace Quartier.Grid.Network;

/// <summary>
/// The line-code and transformer-code libraries a network is built with, and where each came from: a file the user
/// named, else <c>LineCode.dss</c> / <c>XFMRCode.dss</c> next to the ESDL (DOTS's layout), else the built-in copy
/// of DOTS's libraries.
/// </summary>
public sealed record CodeLibraries(
    IReadOnlyDictionary<string, LineCode> LineCodes,
    string LineCodeSource,
    IReadOnlyDictionary<string, TransformerCode> TransformerCodes,
    string TransformerCodeSource)
{
    public const string LineCodeFile = "LineCode.dss";
    public const string TransformerCodeFile = "XFMRCode.dss";

    /// <summary>Resolves both libraries for the ESDL at <paramref name="esdlPath"/> (null: no ESDL folder to look in).</summary>
    public static CodeLibraries Resolve(string? esdlPath, string? lineCodesPath = null, string? transformerCodesPath = null)
    {
        var (lines, lineSource) = Find(esdlPath, lineCodesPath, LineCodeFile, OpenDssCodes.ReadLineCodes, OpenDssCodes.DefaultLineCodes);
        var (xfmrs, xfmrSource) = Find(esdlPath, transformerCodesPath, TransformerCodeFile, OpenDssCodes.ReadTransformerCodes, OpenDssCodes.DefaultTransformerCodes);
        return new CodeLibraries(lines, lineSource, xfmrs, xfmrSource);
    }

    private static (IReadOnlyDictionary<string, T> Codes, string Source) Find<T>(
        string? esdl, string? given, string fileName, Func<string, IReadOnlyDictionary<string, T>> read, Func<IReadOnlyDictionary<string, T>> builtIn)
    {
        if (given is not null)
        {
            return (read(given), given);
        }

        if (esdl is not null)
        {
            var candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(esdl)) ?? ".", fileName);
            if (File.Exists(candidate))
            {
                return (read(candidate), candidate);
            }
        }

        return (builtIn(), $"{fileName} (built-in copy of DOTS's library)");
    }
}
