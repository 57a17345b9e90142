using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>
/// Parses resource status documents as EOS accepts them at <c>PUT /v1/resource/status</c> and as S2 sends them.
/// <list type="bullet">
/// <item>Type: <c>type</c> (EOS, e.g. <c>FRBCActuatorStatus</c>) or <c>message_type</c> (S2, e.g. <c>FRBC.ActuatorStatus</c>).</item>
/// <item>Numbers: JSON numbers or strings (<c>"0.375"</c>); must be finite.</item>
/// <item>Timestamps: <c>20250725T12:00:12</c>, <c>20250725T120012</c> or ISO 8601 with or without offset; no offset = UTC.</item>
/// <item>EOS's misspelt <c>transistion_timestamp</c> is accepted beside <c>transition_timestamp</c>;
/// <c>ELECTRIC.POWER.3_PHASE_SYM</c> beside <c>ELECTRIC.POWER.3_PHASE_SYMMETRIC</c>.</item>
/// <item>Trailing commas and comments are allowed. A commodity quantity measured twice is summed and reported in
/// <see cref="ResourceStatus.Warnings"/>, as are unknown fields.</item>
/// </list>
/// Errors are <see cref="InputException"/>s naming the source, the JSON path, the value and what is allowed.
/// </summary>
public static class ResourceStatusParser
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] TimestampFormats =
    [
        "yyyyMMdd'T'HH:mm:ss.FFFFFFFK",
        "yyyyMMdd'T'HHmmss.FFFFFFFK",
        "yyyyMMdd'T'HH:mmK",
        "yyyyMMdd'T'HHmmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd",
    ];

    private static readonly string[] CommonFields = ["type", "message_type", "message_id"];
    private static readonly string[] ActuatorFields = ["actuator_id", "active_operation_mode_id", "operation_mode_factor", "previous_operation_mode_id", "transition_timestamp", "transistion_timestamp"];
    private static readonly string[] StorageFields = ["present_fill_level"];
    private static readonly string[] TimerFields = ["timer_id", "actuator_id", "finished_at"];
    private static readonly string[] MeasurementFields = ["measurement_timestamp", "values"];

    /// <summary>Parses one status document.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Where it came from (file name, request) for messages; optional.</param>
    /// <exception cref="InputException">Invalid JSON, unknown type, a missing or malformed field.</exception>
    public static ResourceStatus Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is long l ? (int)l + 1 : (int?)null;
            throw new InputException($"status document is not valid JSON: {e.Message}", source, line, inner: e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(source, $"$: a status document must be a JSON object, not {root.ValueKind}");
            }

            var type = ReadType(root, source);
            var warnings = new List<string>();
            ResourceStatus status = type switch
            {
                ResourceStatusType.FrbcActuatorStatus or ResourceStatusType.OmbcStatus or ResourceStatusType.DdbcActuatorStatus
                    => ParseActuator(root, type, source, warnings),
                ResourceStatusType.FrbcStorageStatus => ParseStorage(root, source, warnings),
                ResourceStatusType.FrbcTimerStatus or ResourceStatusType.OmbcTimerStatus or ResourceStatusType.DdbcTimerStatus
                    => ParseTimer(root, type, source, warnings),
                _ => ParseMeasurement(root, source, warnings),
            };
            return status with { Source = source, Warnings = warnings };
        }
    }

    /// <summary>
    /// Parses a timestamp: <c>20250725T12:00:12</c>, <c>20250725T120012</c> or ISO 8601 (with or without
    /// fraction and offset; no offset = UTC).
    /// </summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(
            text.Trim(),
            TimestampFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out timestamp);
    }

    private static ResourceStatusType ReadType(JsonElement root, string? source)
    {
        string? typeText = null;
        string? field = null;
        foreach (var name in (ReadOnlySpan<string>)["type", "message_type"])
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Fail(source, $"$.{name} must be a string, not {value.ValueKind}");
            }

            var text = value.GetString()!;
            if (typeText is not null && ResourceStatusTypes.TryParse(typeText, out var a) && ResourceStatusTypes.TryParse(text, out var b) && a != b)
            {
                throw Fail(source, $"$.type '{typeText}' and $.message_type '{text}' name different status types");
            }

            typeText ??= text;
            field ??= name;
        }

        var valid = string.Join(", ", ResourceStatusTypes.S2Names);
        if (typeText is null)
        {
            throw Fail(source, $"$: the status document has no 'type' (EOS) or 'message_type' (S2); valid types: {valid} (the dot may be left out, e.g. FRBCActuatorStatus)");
        }

        if (!ResourceStatusTypes.TryParse(typeText, out var type))
        {
            throw Fail(source, $"$.{field}: unknown status type '{typeText}'; valid: {valid} (the dot may be left out, e.g. FRBCActuatorStatus)");
        }

        return type;
    }

    private static ActuatorStatus ParseActuator(JsonElement root, ResourceStatusType type, string? source, List<string> warnings)
    {
        Unknown(root, ActuatorFields, warnings);
        var actuatorId = OptionalString(root, "actuator_id", source);
        if (type == ResourceStatusType.OmbcStatus && actuatorId is not null)
        {
            warnings.Add("$.actuator_id: OMBC.Status has no actuator; the field is ignored");
            actuatorId = null;
        }

        var mode = RequiredString(root, "active_operation_mode_id", source);
        var factor = RequiredNumber(root, "operation_mode_factor", source);
        if (!(factor >= 0 && factor <= 1))
        {
            throw Fail(source, $"$.operation_mode_factor: {Format(factor)} is outside 0..1");
        }

        var previous = OptionalString(root, "previous_operation_mode_id", source);
        DateTimeOffset? timestamp = null;
        if (Present(root, "transition_timestamp", out _))
        {
            timestamp = RequiredTimestamp(root, "transition_timestamp", source);
            if (Present(root, "transistion_timestamp", out _))
            {
                warnings.Add("$.transistion_timestamp: ignored because transition_timestamp is also given");
            }
        }
        else if (Present(root, "transistion_timestamp", out _))
        {
            timestamp = RequiredTimestamp(root, "transistion_timestamp", source);
        }

        return new ActuatorStatus(type, actuatorId, mode, factor, previous, timestamp);
    }

    private static StorageStatus ParseStorage(JsonElement root, string? source, List<string> warnings)
    {
        Unknown(root, StorageFields, warnings);
        return new StorageStatus(RequiredNumber(root, "present_fill_level", source));
    }

    private static TimerStatus ParseTimer(JsonElement root, ResourceStatusType type, string? source, List<string> warnings)
    {
        Unknown(root, TimerFields, warnings);
        var timerId = RequiredString(root, "timer_id", source);
        var actuatorId = OptionalString(root, "actuator_id", source);
        var finishedAt = RequiredTimestamp(root, "finished_at", source);
        return new TimerStatus(type, timerId, actuatorId, finishedAt);
    }

    private static PowerMeasurementStatus ParseMeasurement(JsonElement root, string? source, List<string> warnings)
    {
        Unknown(root, MeasurementFields, warnings);
        var timestamp = RequiredTimestamp(root, "measurement_timestamp", source);
        if (!Present(root, "values", out var values))
        {
            throw Fail(source, "$.values is missing: a PowerMeasurement needs a list of {commodity_quantity, value}");
        }

        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
        {
            throw Fail(source, "$.values must be a non-empty list of {commodity_quantity, value}");
        }

        var list = new List<PowerValue>();
        var index = 0;
        foreach (var item in values.EnumerateArray())
        {
            var path = $"$.values[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail(source, $"{path} must be an object {{commodity_quantity, value}}");
            }

            var qText = RequiredString(item, "commodity_quantity", source, path);
            if (!CommodityQuantities.TryParse(qText, out var quantity))
            {
                throw Fail(source, $"{path}.commodity_quantity: unknown commodity quantity '{qText}'; valid: {string.Join(", ", CommodityQuantities.S2Names)} (EOS: ELECTRIC.POWER.3_PHASE_SYM)");
            }

            var value = RequiredNumber(item, "value", source, path);
            var existing = list.FindIndex(v => v.Quantity == quantity);
            if (existing >= 0)
            {
                var sum = list[existing].Value + value;
                warnings.Add($"{path}: {CommodityQuantities.ToS2(quantity)} is measured more than once; the values are summed ({Format(list[existing].Value)} + {Format(value)} = {Format(sum)})");
                list[existing] = new PowerValue(quantity, sum);
            }
            else
            {
                list.Add(new PowerValue(quantity, value));
            }

            index++;
        }

        return new PowerMeasurementStatus(timestamp, list);
    }

    private static void Unknown(JsonElement root, string[] known, List<string> warnings)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (Array.IndexOf(known, p.Name) < 0 && Array.IndexOf(CommonFields, p.Name) < 0)
            {
                warnings.Add($"$.{p.Name}: unknown field ignored");
            }
        }
    }

    private static bool Present(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredString(JsonElement obj, string name, string? source, string path = "$")
    {
        if (!Present(obj, name, out var value))
        {
            throw Fail(source, $"{path}.{name} is missing");
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Fail(source, $"{path}.{name} must be a non-empty string, not {Raw(value)}");
        }

        return value.GetString()!;
    }

    private static string? OptionalString(JsonElement obj, string name, string? source)
    {
        if (!Present(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail(source, $"$.{name} must be a string, not {Raw(value)}");
        }

        var s = value.GetString();
        return string.IsNullOrWhiteSpace(s) ? null : s;
    }

    private static double RequiredNumber(JsonElement obj, string name, string? source, string path = "$")
    {
        if (!Present(obj, name, out var value))
        {
            throw Fail(source, $"{path}.{name} is missing");
        }

        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String
            || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            throw Fail(source, $"{path}.{name}: {Raw(value)} is not a number");
        }

        if (!double.IsFinite(number))
        {
            throw Fail(source, $"{path}.{name}: {Raw(value)} is not a finite number");
        }

        return number;
    }

    private static DateTimeOffset RequiredTimestamp(JsonElement obj, string name, string? source)
    {
        if (!Present(obj, name, out var value))
        {
            throw Fail(source, $"$.{name} is missing");
        }

        if (value.ValueKind != JsonValueKind.String || !TryParseTimestamp(value.GetString(), out var timestamp))
        {
            throw Fail(source, $"$.{name}: {Raw(value)} is not a timestamp; use 20250725T12:00:12, 20250725T120012 or ISO 8601 such as 2025-07-25T12:00:12Z");
        }

        return timestamp;
    }

    private static string Raw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        _ => value.GetRawText(),
    };

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static InputException Fail(string? source, string message) => new(message, source);
}
