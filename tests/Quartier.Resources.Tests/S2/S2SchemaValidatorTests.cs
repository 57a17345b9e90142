using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Schema;

namespace Quartier.Resources.Tests.S2;

public sealed class S2SchemaValidatorTests
{
    private static readonly S2SchemaValidator S2 = S2SchemaValidator.Default;

    [Fact]
    public void Embedded_schemas_are_the_reference_files_and_cover_every_message_type()
    {
        var fromReference = S2SchemaValidator.FromDirectory(Path.GetDirectoryName(S2SchemaChecker.SchemaDirectory("messages"))!, impliedObjectType: true);
        Assert.Equal(fromReference.MessageTypes, S2.MessageTypes);
        Assert.Equal(S2MessageTypes.Names, S2.MessageTypes);
        Assert.Equal(35, S2.MessageTypes.Count);
    }

    [Theory]
    [MemberData(nameof(S2Examples.MessageTypes), MemberType = typeof(S2Examples))]
    public void Every_example_message_validates_and_so_does_what_S2Json_writes_of_it(string messageType)
    {
        var json = S2Examples.ByMessageType[messageType];
        Assert.Empty(S2.ValidateMessage(Parse(json)));
        var written = S2Json.Serialize(S2Json.Parse(json));
        Assert.Empty(S2.ValidateMessage(Parse(written)));
    }

    [Fact]
    public void Violations_name_the_path_and_the_rule()
    {
        var instruction = JsonNode.Parse(S2Examples.ByMessageType["FRBC.Instruction"])!.AsObject();
        instruction.Remove("operation_mode_factor");
        instruction["execution_time"] = "2026-13-01 10:00";
        instruction["abnormal_condition"] = "no";
        instruction["colour"] = "blue";
        var errors = S2.ValidateMessage(Parse(instruction.ToJsonString())).Select(e => e.ToString()).ToArray();
        Assert.Contains("$: missing required property 'operation_mode_factor'", errors);
        Assert.Contains("$.execution_time: '2026-13-01 10:00' is not a valid date-time", errors);
        Assert.Contains("$.abnormal_condition: expected boolean, found string", errors);
        Assert.Contains(errors, e => e.StartsWith("$.colour: unknown property 'colour'; allowed: message_type, message_id, id,", StringComparison.Ordinal));
        Assert.Equal(4, errors.Length);
    }

    [Fact]
    public void Nested_refs_enums_consts_item_counts_and_minimum_are_checked()
    {
        var description = JsonNode.Parse(S2Examples.ByMessageType["FRBC.SystemDescription"])!.AsObject();
        var actuator = description["actuators"]![0]!.AsObject();
        actuator["operation_modes"]![0]!["elements"]![0]!["power_ranges"]![0]!["commodity_quantity"] = "ELECTRIC.POWER.4_PHASE";
        actuator["timers"] = new JsonArray(new JsonObject { ["id"] = "t1", ["duration"] = -5 });
        description["storage"] = 5;
        var errors = S2.ValidateMessage(Parse(description.ToJsonString())).Select(e => e.ToString()).ToArray();
        Assert.Contains(errors, e => e.StartsWith("$.actuators[0].operation_modes[0].elements[0].power_ranges[0].commodity_quantity: \"ELECTRIC.POWER.4_PHASE\" is not one of \"ELECTRIC.POWER.L1\"", StringComparison.Ordinal));
        Assert.Contains("$.actuators[0].timers[0].duration: -5 must be >= 0", errors);
        Assert.Contains("$.storage: expected object, found integer", errors);

        description["actuators"] = new JsonArray();
        Assert.Contains("$.actuators: has 0 items, at least 1 required", S2.ValidateMessage(Parse(description.ToJsonString())).Select(e => e.ToString()));
        var status = JsonNode.Parse(S2Examples.ByMessageType["ReceptionStatus"])!.AsObject();
        status["message_type"] = "FRBC.Instruction";
        Assert.NotEmpty(S2.ValidateMessage(Parse(status.ToJsonString())));
    }

    [Fact]
    public void Ids_follow_the_unanchored_pattern_and_integers_accept_whole_floats()
    {
        var handshake = JsonNode.Parse("""{"message_type":"Handshake","message_id":"a","role":"RM","supported_protocol_versions":["0.0.2-beta"]}""")!.AsObject();
        Assert.Equal(["$.message_id: 'a' does not match the pattern [a-zA-Z0-9\\-_:]{2,64}"], S2.ValidateMessage(Parse(handshake.ToJsonString())).Select(e => e.ToString()));
        handshake["message_id"] = "a b-c";
        Assert.Empty(S2.ValidateMessage(Parse(handshake.ToJsonString())));
        handshake["supported_protocol_versions"] = new JsonArray();
        Assert.Equal(["$.supported_protocol_versions: has 0 items, at least 1 required"], S2.ValidateMessage(Parse(handshake.ToJsonString())).Select(e => e.ToString()));

        var details = JsonNode.Parse(S2Examples.ByMessageType["ResourceManagerDetails"])!.AsObject();
        details["instruction_processing_delay"] = 1000.0;
        Assert.Empty(S2.ValidateMessage(Parse(details.ToJsonString().Replace("1000", "1000.0", StringComparison.Ordinal))));
        details["instruction_processing_delay"] = 0.5;
        Assert.Equal(["$.instruction_processing_delay: expected integer, found number"], S2.ValidateMessage(Parse(details.ToJsonString())).Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_or_missing_message_types_and_non_objects_are_errors()
    {
        Assert.StartsWith("$.message_type: unknown message_type 'FRBC.Wish'; known: DDBC.ActuatorStatus,", S2.ValidateMessage(Parse("""{"message_type":"FRBC.Wish"}"""))[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("$: missing the string property 'message_type'", S2.ValidateMessage(Parse("""{"message_id":"abc"}"""))[0].ToString());
        Assert.Equal("$: an S2 message must be a JSON object, found array", S2.ValidateMessage(Parse("[1]"))[0].ToString());
    }

    [Fact]
    public void OneOf_anyOf_not_formats_and_bounds_of_a_general_schema()
    {
        var schema = Parse("""
            {"$id":"https://example.test/a.json","type":"object",
             "properties":{
               "x":{"oneOf":[{"type":"integer"},{"type":"number","minimum":0}]},
               "y":{"anyOf":[{"const":"a"},{"$ref":"#/$defs/b"}]},
               "z":{"not":{"type":"null"},"format":"uuid"},
               "w":{"type":"number","exclusiveMaximum":10,"maximum":20},
               "s":{"type":"string","minLength":2,"maxLength":3},
               "o":{"type":"object","additionalProperties":{"type":"boolean"}}},
             "$defs":{"b":{"enum":["b","c"]}}}
            """);
        var validator = new S2SchemaValidator([schema]);
        const string Uri = "https://example.test/a.json";
        Assert.Empty(validator.Validate(Parse("""{"x":-1,"y":"c","z":"123e4567-e89b-12d3-a456-426614174000","w":9.5,"s":"ab","o":{"k":true}}"""), Uri));
        var errors = validator.Validate(Parse("""{"x":3,"y":"d","z":"nope","w":10,"s":"abcd","o":{"k":1}}"""), Uri).Select(e => e.ToString()).ToArray();
        Assert.Equal(
            [
                "$.x: matches 2 schemas of oneOf, not exactly one",
                "$.y: matches none of the 2 schemas of anyOf",
                "$.z: 'nope' is not a valid uuid",
                "$.w: 10 must be < 10",
                "$.s: is 4 characters long, at most 3 allowed",
                "$.o.k: expected boolean, found integer",
            ],
            errors);
        Assert.Equal(["$.x: matches none of the 2 schemas of oneOf"], validator.Validate(Parse("""{"x":-0.5}"""), Uri).Select(e => e.ToString()));
        Assert.Equal(["$.z: matches a schema it must not match (not)"], validator.Validate(Parse("""{"z":null}"""), Uri).Select(e => e.ToString()));
    }

    [Fact]
    public void Unsupported_keywords_and_missing_ids_are_refused_when_loading()
    {
        var e = Assert.Throws<ArgumentException>(() => new S2SchemaValidator([Parse("""{"$id":"https://example.test/u.json","properties":{"a":{"multipleOf":2}}}""")]));
        Assert.Contains("#/properties/a: keyword 'multipleOf' is not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("absolute $id", Assert.Throws<ArgumentException>(() => new S2SchemaValidator([Parse("""{"type":"object"}""")])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-07-01T10:00:00Z", true)]
    [InlineData("2026-07-01T10:00:00.123+02:00", true)]
    [InlineData("2026-07-01t10:00:00z", true)]
    [InlineData("2026-07-01T10:00Z", false)]
    [InlineData("2026-02-30T10:00:00Z", false)]
    [InlineData("2026-07-01T10:00:00", false)]
    [InlineData("2026-07-01", false)]
    public void Date_times_follow_RFC_3339(string text, bool valid) => Assert.Equal(valid, S2SchemaValidator.IsDateTime(text));

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
