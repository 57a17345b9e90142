using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's database over Quartier's series stores (<c>/v1/admin/database…</c>): the measurements (namespace
/// <c>Measurement</c>) and predictions (<c>Prediction</c>) live in memory and are saved to
/// <c>&lt;general.data_folder_path&gt;/db/eos-series.json</c> (read back at start), statistics count what is held, and
/// vacuum drops the values older than <c>database.keep_duration_h</c> before each store's newest value (none when unset, as in EOS).
/// </summary>
public static class EosDatabase
{
    /// <summary>The database file for <paramref name="config"/>.</summary>
    public static string File(EosConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.Combine(config.Text("general/data_folder_path")!, "db", "eos-series.json");
    }

    /// <summary>Both stores' statistics, by EOS's namespace.</summary>
    public static JsonObject Stats(EosState state, int? measurementVacuumed = null, int? predictionVacuumed = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new JsonObject
        {
            ["Measurement"] = Stats(state, state.Measurements, measurementVacuumed),
            ["Prediction"] = Stats(state, state.Predictions, predictionVacuumed),
        };
    }

    /// <summary>Writes both stores to <see cref="File"/> and notes the time in <see cref="EosState.DatabaseSavedAt"/>.</summary>
    public static void Save(EosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var file = File(state.Config);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var root = new JsonObject
        {
            ["Measurement"] = state.Measurements.ToStoreJson(),
            ["Prediction"] = state.Predictions.ToStoreJson(),
        };
        var temp = file + ".tmp";
        System.IO.File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        System.IO.File.Move(temp, file, overwrite: true);
        state.DatabaseSavedAt = state.Clock.GetUtcNow();
    }

    /// <summary>Merges <see cref="File"/> into the stores when it exists; the number of values read.</summary>
    /// <exception cref="InputException">The file is not a saved database.</exception>
    public static int Load(EosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var file = File(state.Config);
        if (!System.IO.File.Exists(file))
        {
            return 0;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(System.IO.File.ReadAllText(file), documentOptions: Core.Input.SafeJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InputException($"malformed JSON: {e.Message}", file, e.LineNumber is long l ? (int)l + 1 : null, inner: e);
        }

        if (node is not JsonObject root || root["Measurement"] is not JsonObject measurements || root["Prediction"] is not JsonObject predictions)
        {
            throw new InputException("a saved EOS database is {\"Measurement\": {key: {datetime: value}}, \"Prediction\": {…}}", file);
        }

        var n = state.Measurements.Merge(measurements, file) + state.Predictions.Merge(predictions, file);
        state.ApplySocMeasurements(state.Measurements.Keys);
        return n;
    }

    /// <summary>Drops the values older than <c>database.keep_duration_h</c> before each store's newest; stats with the numbers dropped.</summary>
    public static JsonObject Vacuum(EosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var keep = state.Config.Number("database/keep_duration_h", double.NaN);
        int Drop(EosSeriesStore store) =>
            double.IsFinite(keep) && store.TimeRange.Max is { } max ? store.DeleteBefore(max - TimeSpan.FromHours(Math.Max(0, keep))) : 0;
        return Stats(state, Drop(state.Measurements), Drop(state.Predictions));
    }

    private static JsonObject Stats(EosState state, EosSeriesStore store, int? vacuumed)
    {
        var (min, max) = store.TimeRange;
        var keys = new JsonObject();
        foreach (var (key, count) in store.CountsByKey.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            keys[key] = count;
        }

        var stats = new JsonObject
        {
            ["enabled"] = true,
            ["backend"] = "QuartierMemory+JSON",
            ["path"] = File(state.Config),
            ["memory_records"] = store.RecordCount,
            ["total_records"] = store.RecordCount,
            ["total_values"] = store.ValueCount,
            ["keys"] = keys,
            ["compression_enabled"] = false,
            ["keep_duration_h"] = EosNodes.AsDouble(state.Config.Get("database/keep_duration_h")),
            ["autosave_interval_sec"] = null,
            ["saved_at"] = state.DatabaseSavedAt is { } t ? EosNodes.Format(t) : null,
            ["timestamp_range"] = new JsonObject { ["min"] = min is { } a ? EosNodes.Format(a) : null, ["max"] = max is { } b ? EosNodes.Format(b) : null },
        };
        if (vacuumed is { } v)
        {
            stats["vacuumed_values"] = v;
        }

        return stats;
    }
}
