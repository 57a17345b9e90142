using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Server.Eos;

/// <summary>
/// A device status as <c>PUT /v1/resource/status</c> takes it, normalised to EOS's schema (numbers as numbers,
/// <c>transition_timestamp</c>, ISO 8601 instants, <c>ELECTRIC.POWER.3_PHASE_SYM</c>): all nine EOS status types, plus
/// S2's OMBC/DDBC timer statuses. <see cref="Status"/> is what Quartier's resources apply (null for the three types that
/// only inform: <c>EnergyMeasurement</c>, <c>FRBCEnergyStatus</c>, <c>PPBCPowerProfileStatus</c>).
/// </summary>
public sealed record EosStatusDocument(string Type, JsonObject Json, ResourceStatus? Status)
{
    /// <summary>The status types accepted, EOS's names.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        "PowerMeasurement", "EnergyMeasurement", "PPBCPowerProfileStatus", "OMBCStatus", "FRBCActuatorStatus", "FRBCEnergyStatus",
        "FRBCStorageStatus", "FRBCTimerStatus", "DDBCActuatorStatus",
    ];

    private static readonly string[] SequenceStatuses = ["NOT_SCHEDULED", "SCHEDULED", "EXECUTING", "INTERRUPTED", "FINISHED", "ABORTED"];

    /// <summary>Parses a status body (the raw text, so the seed examples' trailing commas pass).</summary>
    /// <exception cref="InputException">Malformed JSON, an unknown type, a missing or malformed field (the JSON path named).</exception>
    public static EosStatusDocument Parse(string text, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InputException($"status document is not valid JSON: {e.Message}", source, e.LineNumber is long l ? (int)l + 1 : null, inner: e);
        }

        if (node is not JsonObject root)
        {
            throw new InputException($"$: a status document must be a JSON object, not {EosConfig.Kind(node)}", source);
        }

        var type = EosNodes.AsText(root["type"]) ?? EosNodes.AsText(root["message_type"])
            ?? throw new InputException($"$: the status document has no 'type'; valid: {string.Join(", ", Types)}", source, field: "type");
        var compact = type.Replace(".", string.Empty, StringComparison.Ordinal);
        switch (compact)
        {
            case "EnergyMeasurement":
                return new("EnergyMeasurement", Energy(root, "$", source), null);
            case "FRBCEnergyStatus":
                var json = new JsonObject { ["type"] = "FRBCEnergyStatus" };
                foreach (var name in (string[])["import_total", "export_total"])
                {
                    json[name] = root[name] is JsonObject m ? Energy(m, "$." + name, source) : root[name] is null ? null : throw new InputException($"$.{name} must be an EnergyMeasurement object or null", source, field: name);
                }

                return new("FRBCEnergyStatus", json, null);
            case "PPBCPowerProfileStatus":
                return new("PPBCPowerProfileStatus", Profile(root, source), null);
        }

        // EOS's CURRENCY quantity has no place in a resource's power: kept in the document, not given to the resource
        var currency = new List<JsonNode?>();
        if (root["values"] is JsonArray measured)
        {
            foreach (var v in measured.Where(v => EosNodes.AsText(v?["commodity_quantity"]) == "CURRENCY").ToList())
            {
                measured.Remove(v);
                currency.Add(new JsonObject { ["commodity_quantity"] = "CURRENCY", ["value"] = EosNodes.AsLaxDouble(v?["value"]) ?? throw new InputException("$.values: a CURRENCY value is not a number", source, field: "values") });
            }
        }

        ResourceStatus status;
        try
        {
            status = ResourceStatusParser.Parse(root.ToJsonString(), source);
        }
        catch (InputException e) when (e.Message.Contains("unknown status type", StringComparison.Ordinal))
        {
            throw new InputException($"$.type: unknown status type '{type}'; valid: {string.Join(", ", Types)}", source, field: "type", inner: e);
        }

        return status switch
        {
            ActuatorStatus a => new(Name(a.Type), Actuator(a), status),
            StorageStatus s => new("FRBCStorageStatus", new JsonObject { ["type"] = "FRBCStorageStatus", ["present_fill_level"] = s.PresentFillLevel }, status),
            TimerStatus t => new(Name(t.Type), new JsonObject { ["type"] = Name(t.Type), ["actuator_id"] = t.ActuatorId, ["timer_id"] = t.TimerId, ["finished_at"] = EosNodes.Format(t.FinishedAt) }, status),
            PowerMeasurementStatus p => new("PowerMeasurement", new JsonObject
            {
                ["type"] = "PowerMeasurement",
                ["measurement_timestamp"] = EosNodes.Format(p.MeasurementTimestamp),
                ["values"] = Append(Values(p.Values), currency),
            }, status),
            _ => throw new InputException($"$.type: status type '{type}' is not supported here; valid: {string.Join(", ", Types)}", source, field: "type"),
        };
    }

    /// <summary>EOS's spelling of a commodity quantity.</summary>
    public static string Quantity(CommodityQuantity q) => q == CommodityQuantity.ElectricPower3PhaseSymmetric ? "ELECTRIC.POWER.3_PHASE_SYM" : CommodityQuantities.ToS2(q);

    private static string Name(ResourceStatusType type) => ResourceStatusTypes.ToS2(type).Replace(".", string.Empty, StringComparison.Ordinal);

    private static JsonObject Actuator(ActuatorStatus a)
    {
        var json = new JsonObject { ["type"] = Name(a.Type) };
        if (a.Type != ResourceStatusType.OmbcStatus && a.ActuatorId is not null)
        {
            json["actuator_id"] = a.ActuatorId;
        }

        json["active_operation_mode_id"] = a.ActiveOperationModeId;
        json["operation_mode_factor"] = a.OperationModeFactor;
        json["previous_operation_mode_id"] = a.PreviousOperationModeId;
        json["transition_timestamp"] = a.TransitionTimestamp is { } t ? EosNodes.Format(t) : null;
        return json;
    }

    private static JsonArray Append(JsonArray values, List<JsonNode?> more)
    {
        foreach (var m in more)
        {
            values.Add(m);
        }

        return values;
    }

    private static JsonArray Values(IEnumerable<PowerValue> values) =>
        EosNodes.Array(values.Select(v => (JsonNode?)new JsonObject { ["commodity_quantity"] = Quantity(v.Quantity), ["value"] = v.Value }));

    private static JsonObject Energy(JsonObject root, string path, string source)
    {
        // an EnergyMeasurement's values are PowerValues (Wh) by EOS's schema: parsed as a PowerMeasurement
        var asPower = new JsonObject { ["type"] = "PowerMeasurement", ["measurement_timestamp"] = root["measurement_timestamp"]?.DeepClone(), ["values"] = root["values"]?.DeepClone() };
        PowerMeasurementStatus p;
        try
        {
            p = (PowerMeasurementStatus)ResourceStatusParser.Parse(asPower.ToJsonString(), source);
        }
        catch (InputException e)
        {
            throw new InputException(e.Message.Replace("$", path, StringComparison.Ordinal), source, e.Line, field: path, inner: e);
        }

        DateTimeOffset? reset = root["last_reset"] is { } r ? EosNodes.ParseTime(EosNodes.AsText(r), path + ".last_reset", source) : null;
        return new JsonObject
        {
            ["type"] = "EnergyMeasurement",
            ["measurement_timestamp"] = EosNodes.Format(p.MeasurementTimestamp),
            ["last_reset"] = reset is { } x ? EosNodes.Format(x) : null,
            ["values"] = Values(p.Values),
        };
    }

    private static JsonObject Profile(JsonObject root, string source)
    {
        if (root["sequence_container_status"] is not JsonArray list)
        {
            throw new InputException("$.sequence_container_status is missing or not a list", source, field: "sequence_container_status");
        }

        var items = new JsonArray();
        for (int i = 0; i < list.Count; i++)
        {
            var path = $"$.sequence_container_status[{i}]";
            if (list[i] is not JsonObject item)
            {
                throw new InputException($"{path} must be an object", source, field: path);
            }

            string Required(string name) => EosNodes.AsText(item[name]) ?? throw new InputException($"{path}.{name} is missing or not a text", source, field: $"{path}.{name}");
            var status = Required("status");
            if (!SequenceStatuses.Contains(status))
            {
                throw new InputException($"{path}.status '{status}' is unknown; valid: {string.Join(", ", SequenceStatuses)}", source, field: $"{path}.status");
            }

            string? progress = item["progress"] switch
            {
                null => null,
                JsonValue v when EosNodes.AsDouble(v) is { } seconds => System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(seconds)),
                JsonValue v when EosNodes.AsText(v) is { } text => text,
                _ => throw new InputException($"{path}.progress must be a duration (ISO 8601 such as PT10M, or seconds)", source, field: $"{path}.progress"),
            };
            items.Add(new JsonObject
            {
                ["power_profile_id"] = Required("power_profile_id"),
                ["sequence_container_id"] = Required("sequence_container_id"),
                ["selected_sequence_id"] = EosNodes.AsText(item["selected_sequence_id"]),
                ["progress"] = progress,
                ["status"] = status,
            });
        }

        return new JsonObject { ["type"] = "PPBCPowerProfileStatus", ["sequence_container_status"] = items };
    }
}
