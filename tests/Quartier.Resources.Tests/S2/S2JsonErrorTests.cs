using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;

namespace Quartier.Resources.Tests.S2;

public sealed class S2JsonErrorTests
{
    [Fact]
    public void Malformed_json_names_source_line_and_path()
    {
        const string json = """
            {
              "message_type": "FRBC.StorageStatus",
              "message_id": "msg-1",
              "present_fill_level": 48.6,
            }
            """;

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json, "rm-heatpump.jsonl"));

        Assert.Equal("rm-heatpump.jsonl", ex.File);
        Assert.Equal(5, ex.Line);
        Assert.StartsWith("invalid S2 JSON at $, line 5, position 1: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("trailing comma", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber:", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("rm-heatpump.jsonl:5: ", ex.Located, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public void Truncated_json_is_an_input_error()
    {
        var ex = Assert.Throws<InputException>(() => S2Json.Parse("{\"message_type\": \"FRBC.StorageStatus\", \"message_id\": \"msg-1\"", "x.json"));

        Assert.Equal(1, ex.Line);
        Assert.Contains("at $", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_message_type_lists_the_allowed_ones()
    {
        const string json = """
            {
              "message_type": "FRBC.SystemDescriptio",
              "message_id": "msg-1"
            }
            """;

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json, "cem.log"));

        Assert.Equal(2, ex.Line);
        Assert.StartsWith("unknown message_type 'FRBC.SystemDescriptio' (at $.message_type, line 2); allowed: DDBC.ActuatorStatus, ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FRBC.SystemDescription, FRBC.TimerStatus", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"message_id\": \"msg-1\"}", "missing required property 'message_type'")]
    [InlineData("{\"message_type\": 7}", "message_type must be a string")]
    [InlineData("[1, 2]", "expected an S2 message (a JSON object with message_type), found StartArray")]
    [InlineData("", "empty input")]
    public void Missing_or_malformed_message_type_is_explained(string json, string expected)
    {
        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json, "in.json"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("in.json", ex.File);
    }

    [Fact]
    public void Missing_required_property_is_named()
    {
        var node = JsonNode.Parse(S2Examples.ByMessageType["FRBC.Instruction"])!;
        node.AsObject().Remove("operation_mode_factor");

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(node.ToJsonString(), "cem.log"));

        Assert.Contains("missing required properties", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'operation_mode_factor'", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid S2 JSON at $, line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_property_in_a_nested_object_names_its_path()
    {
        var node = JsonNode.Parse(S2Examples.ByMessageType["FRBC.SystemDescription"])!;
        node["actuators"]![0]!["timers"]![1]!.AsObject().Remove("duration");

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(node.ToJsonString(), "sd.json"));

        Assert.Contains("at $.actuators[0].timers[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'duration'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_enum_string_names_path_line_and_allowed_values()
    {
        const string json = """
            {
              "message_type": "PowerMeasurement",
              "message_id": "msg-meas-1",
              "measurement_timestamp": "2024-05-01T12:00:00Z",
              "values": [
                { "commodity_quantity": "ELECTRIC.POWER.L1", "value": 1510 },
                { "commodity_quantity": "ELECTRIC.POWER.L4", "value": 1498 }
              ]
            }
            """;

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json, "meter.json"));

        Assert.Equal(7, ex.Line);
        Assert.Contains("at $.values[1].commodity_quantity, line 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains(
            "'ELECTRIC.POWER.L4' is not a valid CommodityQuantity; allowed: ELECTRIC.POWER.L1, ELECTRIC.POWER.L2, ELECTRIC.POWER.L3, ELECTRIC.POWER.3_PHASE_SYMMETRIC, NATURAL_GAS.FLOW_RATE",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"electric.power.l1\"", "'electric.power.l1' is not a valid CommodityQuantity")]
    [InlineData("0", "expected a CommodityQuantity string, found Number")]
    public void Enums_are_case_sensitive_strings(string value, string expected)
    {
        var json = $$"""{"message_type":"PowerMeasurement","message_id":"msg-1","measurement_timestamp":"2024-05-01T12:00:00Z","values":[{"commodity_quantity":{{value}},"value":1}]}""";

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.File);
    }

    [Theory]
    [InlineData("extra", "\"surprise\"", "'extra' could not be mapped")]
    [InlineData("actuator_id", "null", "doesn't allow setting null values")]
    [InlineData("actuator_id", "\"hp-compressor\"", "Duplicate property 'actuator_id'")]
    [InlineData("execution_time", "\"2024-05-01T12:15:00\"", "'2024-05-01T12:15:00' is not an RFC 3339 date-time with offset")]
    [InlineData("operation_mode_factor", "\"0.5\"", "could not be converted to System.Double")]
    public void Schema_violations_are_input_errors_with_path(string property, string value, string expected)
    {
        var json = S2Examples.ByMessageType["FRBC.Instruction"].Replace(
            "\"abnormal_condition\": false",
            $"\"abnormal_condition\": false,\n  \"{property}\": {value}",
            StringComparison.Ordinal);

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json, "cem.log"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"at $.{property}, line 10", ex.Message, StringComparison.Ordinal);
        Assert.Equal(10, ex.Line);
    }

    [Fact]
    public void Duration_with_a_fraction_is_refused()
    {
        var json = S2Examples.ByMessageType["FRBC.FillLevelTargetProfile"].Replace("1800000", "1800000.5", StringComparison.Ordinal);

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json));

        Assert.Contains("at $.elements[1].duration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("duration 1800000.5 is not an integer number of milliseconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_parse_refuses_another_message_type()
    {
        var ex = Assert.Throws<InputException>(() => S2Json.Parse<FrbcInstruction>(S2Examples.ByMessageType["OMBC.Instruction"], "cem.log"));

        Assert.Equal("expected a FRBC.Instruction message but message_type is 'OMBC.Instruction'", ex.Message);
        Assert.Equal("cem.log", ex.File);
    }

    [Fact]
    public void Deserialising_with_the_options_checks_the_message_type_const()
    {
        var json = S2Examples.ByMessageType["OMBC.Instruction"];

        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FrbcInstruction>(json, S2Json.Options));
        var ok = JsonSerializer.Deserialize<OmbcInstruction>(json, S2Json.Options)!;

        Assert.Equal("$.message_type", ex.Path);
        Assert.Contains("message_type 'OMBC.Instruction' does not match the expected 'FRBC.Instruction'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("chp-run", ok.OperationModeId);
    }

    [Fact]
    public void Reception_status_has_no_message_id()
    {
        var json = S2Examples.ByMessageType["ReceptionStatus"].Replace("\"status\"", "\"message_id\": \"msg-x\",\n  \"status\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InputException>(() => S2Json.Parse(json));

        Assert.Contains("'message_id' could not be mapped", ex.Message, StringComparison.Ordinal);
    }
}
