using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's cache management data (<c>/v1/admin/cache…</c>): records of cached results by key, each with its
/// <c>cache_file</c>, <c>mode</c>, <c>until_datetime</c> and <c>ttl_duration</c>, saved to and loaded from
/// <c>&lt;general.data_folder_path&gt;/&lt;cache.subpath&gt;/cachefilestore.json</c> as EOS does. Quartier's providers
/// recompute their predictions each cycle and put nothing here, so the store holds only what a load brought in; clear,
/// clear-expired, save and load act on it exactly as on EOS's. Not thread-safe; <see cref="EosState"/> locks.
/// </summary>
public sealed class EosCache
{
    private readonly SortedDictionary<string, Record> _records = new(StringComparer.Ordinal);

    /// <summary>Records held.</summary>
    public int Count => _records.Count;

    /// <summary>The store file for <paramref name="config"/>.</summary>
    public static string StoreFile(EosConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.Combine(config.Text("general/data_folder_path")!, config.Text("cache/subpath") ?? "cache", "cachefilestore.json");
    }

    /// <summary>The management data: <c>{key: {cache_file, mode, until_datetime, ttl_duration}}</c>.</summary>
    public JsonObject Current()
    {
        var result = new JsonObject();
        foreach (var (key, r) in _records)
        {
            result[key] = new JsonObject
            {
                ["cache_file"] = r.CacheFile,
                ["mode"] = r.Mode,
                ["until_datetime"] = r.Until is { } u ? EosNodes.Format(u) : null,
                ["ttl_duration"] = r.TtlSeconds,
            };
        }

        return result;
    }

    /// <summary>Removes every record (and its cache file when it lies in <paramref name="folder"/>).</summary>
    public void ClearAll(string folder) => Remove(_ => true, folder);

    /// <summary>Removes the records valid only before <paramref name="before"/> (EOS: the start of today).</summary>
    public void ClearExpired(DateTimeOffset before, string folder) => Remove(r => r.Until is { } u && u < before, folder);

    /// <summary>Writes the management data to <paramref name="file"/>; what was written.</summary>
    public JsonObject Save(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var data = Current();
        var temp = file + ".tmp";
        File.WriteAllText(temp, data.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, file, overwrite: true);
        return data;
    }

    /// <summary>Adds the records of <paramref name="file"/> whose keys are not held (held ones win, as in EOS); the records read.</summary>
    /// <exception cref="InputException">The file is not EOS's cache management data.</exception>
    public JsonObject Load(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(file), documentOptions: Core.Input.SafeJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InputException($"malformed JSON: {e.Message}", file, e.LineNumber is long l ? (int)l + 1 : null, inner: e);
        }

        if (node is not JsonObject store)
        {
            throw new InputException($"cache management data must be a JSON object of records by key, not {EosConfig.Kind(node)}", file);
        }

        var loaded = new List<(string, Record)>();
        foreach (var (key, value) in store)
        {
            if (value is null)
            {
                continue;
            }

            if (value is not JsonObject r || EosNodes.AsText(r["cache_file"]) is not { } cacheFile)
            {
                throw new InputException($"record '{key}' needs cache_file (a path)", file, field: key);
            }

            DateTimeOffset? until = null;
            if (EosNodes.AsText(r["until_datetime"]) is { } u)
            {
                until = EosNodes.ParseTime(u, $"{key}.until_datetime", file);
            }

            loaded.Add((key, new Record(cacheFile, EosNodes.AsText(r["mode"]) ?? "wb+", until, EosNodes.AsDouble(r["ttl_duration"]))));
        }

        foreach (var (key, record) in loaded)
        {
            _records.TryAdd(key, record);
        }

        return (JsonObject)store.DeepClone();
    }

    private void Remove(Func<Record, bool> doomed, string folder)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        foreach (var (key, record) in _records.Where(r => doomed(r.Value)).ToList())
        {
            var path = Path.GetFullPath(record.CacheFile);
            if (path.StartsWith(root, StringComparison.Ordinal) && File.Exists(path))
            {
                File.Delete(path);
            }

            _records.Remove(key);
        }
    }

    private sealed record Record(string CacheFile, string Mode, DateTimeOffset? Until, double? TtlSeconds);

    /// <summary>Start of today (UTC) on <paramref name="clock"/>: what EOS's clear-expired keeps from.</summary>
    public static DateTimeOffset StartOfToday(TimeProvider clock) =>
        new((clock ?? throw new ArgumentNullException(nameof(clock))).GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
}
