using System.Text.Json.Nodes;
using Quartier.Application;
using Quartier.Core.Errors;

namespace Quartier.Server.Jobs;

/// <summary>A file sent with a run (a multipart part named after the CLI option it stands for).</summary>
public sealed record RunUpload(string Field, string FileName, byte[] Content);

/// <summary>
/// The files a run's request may carry in place of the CLI's file options: <c>instructions</c>, <c>grid-frequency</c>,
/// <c>outages</c>, <c>eos-config</c>, <c>weather</c> and <c>prices</c>. They are kept with the job (in its settings, so a
/// restarted server prepares the run again) and written to a private temporary directory only while the run is prepared;
/// errors name the part and the file's own name, not the directory.
/// </summary>
public static class RunUploads
{
    /// <summary>The part names, as the CLI's options.</summary>
    public static readonly string[] Fields = ["instructions", "grid-frequency", "outages", "eos-config", "weather", "prices"];

    /// <summary>Runs <paramref name="prepare"/> with <paramref name="settings"/> pointing at the uploads written to disk.</summary>
    public static T With<T>(RunSettings settings, IReadOnlyList<RunUpload> uploads, Func<RunSettings, T> prepare)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(prepare);
        if (uploads.Count == 0)
        {
            return prepare(settings);
        }

        var dir = Directory.CreateTempSubdirectory("quartier-run-").FullName;
        try
        {
            foreach (var u in uploads)
            {
                var folder = Directory.CreateDirectory(Path.Combine(dir, u.Field)).FullName;
                var path = Path.Combine(folder, SafeName(u));
                File.WriteAllBytes(path, u.Content);
                settings = u.Field switch
                {
                    "instructions" => settings with { Instructions = path },
                    "grid-frequency" => settings with { GridFrequency = path },
                    "outages" => settings with { Outages = path },
                    "eos-config" => settings with { EosConfig = path },
                    "weather" => settings with { Weather = path },
                    "prices" => settings with { Prices = path },
                    _ => throw new InputException($"'{u.Field}' is not a file a run takes; give {string.Join(", ", Fields)}", field: u.Field),
                };
            }

            try
            {
                return prepare(settings);
            }
            catch (InputException e) when ((e.File ?? string.Empty).StartsWith(dir, StringComparison.Ordinal) || e.Message.Contains(dir, StringComparison.Ordinal))
            {
                var prefix = dir + Path.DirectorySeparatorChar;
                throw new InputException(e.Message.Replace(prefix, string.Empty, StringComparison.Ordinal), e.File?.Replace(prefix, string.Empty, StringComparison.Ordinal), e.Line, e.ElementId, e, e.Field);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The settings as the job keeps them: <paramref name="settingsJson"/> with the uploads (base64) added.</summary>
    public static string Keep(string settingsJson, IReadOnlyList<RunUpload> uploads)
    {
        if (uploads.Count == 0)
        {
            return settingsJson;
        }

        var node = JsonNode.Parse(settingsJson)!.AsObject();
        node["uploads"] = new JsonArray([.. uploads.Select(u => (JsonNode)new JsonObject { ["field"] = u.Field, ["name"] = u.FileName, ["content"] = Convert.ToBase64String(u.Content) })]);
        return node.ToJsonString();
    }

    /// <summary>The uploads a job's settings keep (none for older jobs).</summary>
    public static IReadOnlyList<RunUpload> Read(string settingsJson) =>
        JsonNode.Parse(settingsJson)?["uploads"] is JsonArray a
            ? [.. a.OfType<JsonObject>().Select(o => new RunUpload((string)o["field"]!, (string)o["name"]!, Convert.FromBase64String((string)o["content"]!)))]
            : [];

    /// <summary>The upload's own file name without any directory, or the part's name when it has none.</summary>
    private static string SafeName(RunUpload u)
    {
        var name = Path.GetFileName(u.FileName.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ? u.Field : name;
    }
}
