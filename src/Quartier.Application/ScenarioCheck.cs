using System.IO.Compression;
using Quartier.Core.Errors;
using Quartier.Cossmic.Import;

namespace Quartier.Application;

/// <summary>What a valid scenario is: its kind, a name, counts and the run it would make by default, and its diagnostics.</summary>
public sealed record ScenarioSummary(string Kind, string Name, IReadOnlyDictionary<string, int> Counts, string? DefaultRun, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Checks an uploaded scenario as a run would read it — an ESDL, a DOTS request, or a PySSMic/CoSSMic input folder
/// as a zip — without running it. Every refusal is an <see cref="InputException"/> naming the upload, line, element.
/// </summary>
public static class ScenarioCheck
{
    /// <summary>Kinds of scenario.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["esdl", "dots", "cossmic"];

    private const int MaxZipEntries = 10_000;
    private const long MaxZipBytes = 1L << 30;

    public static ScenarioSummary Validate(string kind, byte[] content, string label, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        switch (kind)
        {
            case "esdl":
            case "dots":
                var input = RunInput.FromBytes(content, label, kind == "dots", label);
                var prepared = RunJob.Prepare(input, new RunSettings());
                var counts = input.System.CountByType().ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
                return new ScenarioSummary(kind, name ?? prepared.Name, counts, prepared.Grid.ToString(), prepared.Diagnostics);
            case "cossmic":
                var folder = ExtractZip(content, label);
                try
                {
                    var scenario = CossmicImport.ReadFolder(folder, name ?? label);
                    var c = new Dictionary<string, int>(StringComparer.Ordinal) { ["houses"] = scenario.HouseIds.Count, ["jobs"] = scenario.Jobs.Count, ["producers"] = scenario.Producers.Count };
                    return new ScenarioSummary(kind, scenario.Name, c, null, [.. scenario.Warnings.Select(w => Diagnostic.Warning(w, "input"))]);
                }
                catch (InputException e)
                {
                    throw Relabel(e, folder, label);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }

            default:
                throw new InputException($"'{kind}' is not a kind of scenario; allowed: {string.Join(", ", Kinds)}", field: "kind");
        }
    }

    /// <summary>
    /// Extracts a zip of a CoSSMic input folder into a new temporary folder and returns the folder that holds its
    /// event files (the zip's root, or its one top folder). Refuses entries outside the folder, links, more than
    /// 10,000 entries or 1 GiB.
    /// </summary>
    public static string ExtractZip(byte[] zip, string label)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var root = Path.Combine(Path.GetTempPath(), "quartier-scenario-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxZipEntries)
            {
                throw new InputException($"the zip has {archive.Entries.Count:N0} entries; at most {MaxZipEntries:N0}", label);
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                var target = Path.GetFullPath(Path.Combine(root, name));
                if (name.StartsWith('/') || !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InputException($"zip entry '{entry.FullName}' points outside the folder", label);
                }

                if (name.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }

                total += entry.Length;
                if (total > MaxZipBytes)
                {
                    throw new InputException("the zip unpacks to more than 1 GiB", label);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }

            if (File.Exists(Path.Combine(root, CossmicImport.ProducerEventsFile)) || File.Exists(Path.Combine(root, "consumer_event.csv")))
            {
                return root;
            }

            var top = Directory.GetDirectories(root);
            if (top.Length == 1 && Directory.GetFiles(root).Length == 0)
            {
                var inner = Path.Combine(Path.GetTempPath(), "quartier-scenario-" + Guid.NewGuid().ToString("N")[..12]);
                Directory.Move(top[0], inner);
                Directory.Delete(root, true);
                return inner;
            }

            return root;
        }
        catch (InvalidDataException e)
        {
            Directory.Delete(root, true);
            throw new InputException($"not a zip archive: {e.Message}", label, inner: e);
        }
        catch
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }

            throw;
        }
    }

    private static InputException Relabel(InputException e, string folder, string label) =>
        e.File is { } f && f.StartsWith(folder, StringComparison.Ordinal)
            ? new InputException(e.Message, label + f[folder.Length..], e.Line, e.ElementId, e, e.Field)
            : e;
}
