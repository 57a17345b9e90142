using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// Configuration backups as EOS keeps them: files beside the configuration file with its stem and the backup id as
/// suffix (<c>EOS.config.20251204124100</c> beside <c>EOS.config.json</c>), listed with their modification time and
/// the <c>general.version</c> they hold, restored by id (<c>PUT /v1/config/revert</c>).
/// </summary>
public sealed partial class EosConfig
{
    /// <summary>The backups by id: <c>{date_time, version}</c> (EOS's <c>list_backups</c>).</summary>
    public JsonObject Backups()
    {
        var result = new JsonObject();
        var folder = Path.GetDirectoryName(File)!;
        if (!Directory.Exists(folder))
        {
            return result;
        }

        var stem = Path.GetFileNameWithoutExtension(File);
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileNameWithoutExtension(file) != stem || Path.GetFullPath(file) == File || Path.GetExtension(file).Length < 2)
            {
                continue;
            }

            string version = "unknown";
            try
            {
                version = EosNodes.AsText(JsonNode.Parse(System.IO.File.ReadAllText(file))?["general"]?["version"]) ?? "unknown";
            }
            catch (JsonException)
            {
                // a backup that is not JSON is still listed; reverting to it is refused
            }

            result[Path.GetExtension(file)[1..]] = new JsonObject
            {
                ["date_time"] = EosNodes.Format(new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(file), TimeSpan.Zero)),
                ["version"] = version,
            };
        }

        return result;
    }

    /// <summary>Copies the configuration file to a new backup; its id (UTC <c>yyyyMMddHHmmss</c>, <c>-1</c>, <c>-2</c> … when taken).</summary>
    public string Backup()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var id = stamp;
        for (int k = 1; System.IO.File.Exists(BackupPath(id)); k++)
        {
            id = stamp + "-" + k.ToString(CultureInfo.InvariantCulture);
        }

        System.IO.File.Copy(File, BackupPath(id));
        return id;
    }

    /// <summary>Replaces the settings by a backup's (EOS's <c>revert_settings</c>); the file itself is not written.</summary>
    /// <exception cref="KeyNotFoundException">No backup <paramref name="id"/>.</exception>
    /// <exception cref="InputException">The id is malformed or the backup is not a valid configuration; nothing is changed.</exception>
    public void Revert(string id)
    {
        if (string.IsNullOrEmpty(id) || !BackupId().IsMatch(id))
        {
            throw new InputException($"backup id '{id}' is malformed; ids are the suffixes GET /v1/config/backup lists (letters, digits, '-', '_')", "query", field: "backup_id");
        }

        var path = BackupPath(id);
        if (!System.IO.File.Exists(path) || id == Path.GetExtension(File).TrimStart('.'))
        {
            throw new KeyNotFoundException($"configuration backup '{id}' not found beside {File}; backups: {string.Join(", ", Backups().Select(b => b.Key))}");
        }

        Commit(ReadSettings(path), path);
    }

    private string BackupPath(string id) => Path.Combine(Path.GetDirectoryName(File)!, Path.GetFileNameWithoutExtension(File) + "." + id);

    /// <summary>The settings of a configuration file, checked (read-only fields and the version dropped).</summary>
    private static JsonObject ReadSettings(string file)
    {
        var text = Core.Input.InputFiles.ReadAllText(file, "EOS configuration file");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: Core.Input.SafeJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InputException($"malformed JSON: {e.Message}", file, e.LineNumber is long l ? (int)l + 1 : null, inner: e);
        }

        var settings = node as JsonObject ?? throw new InputException($"an EOS configuration must be a JSON object, not {Kind(node)}", file);
        settings.Remove("general", out var general);
        if (general is JsonObject g)
        {
            g.Remove("version");
            settings["general"] = g;
        }

        RemoveReadOnly(settings);
        Check(settings, Defaults, string.Empty, file);
        return settings;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BackupId();
}
