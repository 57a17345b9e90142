using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Frbc;

namespace Quartier.Resources.Tests.S2;

public sealed class S2ValidatorTests
{
    /// <summary>
    /// One broken document per case: an example with one edit, the single rule it must break and the path it must name.
    /// </summary>
    private static readonly Dictionary<string, (string MessageType, Action<JsonNode> Edit, string Rule, string Path)> Cases = new(StringComparer.Ordinal)
    {
        ["id-format"] = ("FRBC.Instruction", n => n["actuator_id"] = "hp compressor", S2Rules.IdFormat, "actuator_id"),
        ["id-format-too-short"] = ("ReceptionStatus", n => n["subject_message_id"] = "m", S2Rules.IdFormat, "subject_message_id"),
        ["cardinality-roles"] = ("ResourceManagerDetails", n => AddRoles(n["roles"]!.AsArray(), Role("ENERGY_PRODUCER", "ELECTRICITY"), Role("ENERGY_PRODUCER", "GAS")), S2Rules.Cardinality, "roles"),
        ["cardinality-288"] = ("FRBC.UsageForecast", n => Repeat(n["elements"]!.AsArray(), 289), S2Rules.Cardinality, "elements"),
        ["cardinality-empty-elements"] = ("FRBC.FillLevelTargetProfile", n => n["elements"]!.AsArray().Clear(), S2Rules.Cardinality, "elements"),
        ["unique-operation-mode"] = ("FRBC.SystemDescription", n => Modes(n).Add(Modes(n)[0]!.DeepClone()), S2Rules.UniqueId, "actuators[0].operation_modes[2].id"),
        ["unique-actuator"] = ("DDBC.SystemDescription", n => n["actuators"]![1]!["id"] = "hybrid-hp", S2Rules.UniqueId, "actuators[1].id"),
        ["unique-container"] = ("PPBC.PowerProfileDefinition", n => n["power_sequences_containers"]![1]!["id"] = "wm-wash", S2Rules.UniqueId, "power_sequences_containers[1].id"),
        ["unique-sequence"] = ("PPBC.PowerProfileDefinition", n => n["power_sequences_containers"]![0]!["power_sequences"]![1]!["id"] = "wash-eco", S2Rules.UniqueId, "power_sequences_containers[0].power_sequences[1].id"),
        ["unique-timer"] = ("OMBC.SystemDescription", n => n["timers"]!.AsArray().Add(n["timers"]![1]!.DeepClone()), S2Rules.UniqueId, "timers[2].id"),
        ["unique-transition"] = ("OMBC.SystemDescription", n => n["transitions"]![1]!["id"] = "chp-start", S2Rules.UniqueId, "transitions[1].id"),
        ["transition-to-unknown-mode"] = ("FRBC.SystemDescription", n => n["actuators"]![0]!["transitions"]![1]!["to"] = "om-standby", S2Rules.TransitionOperationMode, "actuators[0].transitions[1].to"),
        ["transition-from-unknown-mode"] = ("OMBC.SystemDescription", n => n["transitions"]![0]!["from"] = "chp-standby", S2Rules.TransitionOperationMode, "transitions[0].from"),
        ["blocking-timer-unknown"] = ("FRBC.SystemDescription", n => n["actuators"]![0]!["transitions"]![0]!["blocking_timers"]![0] = "timer-legionella", S2Rules.TransitionTimer, "actuators[0].transitions[0].blocking_timers[0]"),
        ["start-timer-unknown"] = ("DDBC.SystemDescription", n => n["actuators"]![0]!["transitions"]![0]!["start_timers"]![0] = "hp-min-off", S2Rules.TransitionTimer, "actuators[0].transitions[0].start_timers[0]"),
        ["fill-level-gap"] = ("FRBC.SystemDescription", n => FillLevel(n, 1, 1)["start_of_range"] = 51, S2Rules.FillLevelContiguous, "actuators[0].operation_modes[1].elements[1].fill_level_range"),
        ["fill-level-overlap"] = ("FRBC.SystemDescription", n => FillLevel(n, 1, 1)["start_of_range"] = 49, S2Rules.FillLevelContiguous, "actuators[0].operation_modes[1].elements[1].fill_level_range"),
        ["fill-level-unsorted"] = ("FRBC.SystemDescription", n => SwapElements(n), S2Rules.FillLevelContiguous, "actuators[0].operation_modes[1].elements[1].fill_level_range"),
        ["leakage-gap"] = ("FRBC.LeakageBehaviour", n => n["elements"]![1]!["fill_level_range"]!["start_of_range"] = 52, S2Rules.FillLevelContiguous, "elements[1].fill_level_range"),
        ["fill-level-outside-storage"] = ("FRBC.SystemDescription", n => FillLevel(n, 1, 0)["start_of_range"] = 40, S2Rules.FillLevelWithinStorage, "actuators[0].operation_modes[1].elements[0].fill_level_range"),
        ["fill-level-above-storage"] = ("FRBC.SystemDescription", n => FillLevel(n, 0, 0)["end_of_range"] = 60, S2Rules.FillLevelWithinStorage, "actuators[0].operation_modes[0].elements[0].fill_level_range"),
        ["two-power-ranges-same-quantity"] = ("FRBC.SystemDescription", n => PowerRanges(n, 1, 0).Add(PowerRanges(n, 1, 0)[0]!.DeepClone()), S2Rules.OnePerCommodityQuantity, "actuators[0].operation_modes[1].elements[0].power_ranges[1].commodity_quantity"),
        ["two-measurements-same-quantity"] = ("PowerMeasurement", n => n["values"]![2]!["commodity_quantity"] = "ELECTRIC.POWER.L1", S2Rules.OnePerCommodityQuantity, "values[2].commodity_quantity"),
        ["two-envelopes-same-quantity"] = ("PEBC.Instruction", n => AddEnvelopeCopy(n), S2Rules.OnePerCommodityQuantity, "power_envelopes[1].commodity_quantity"),
        ["power-range-reversed"] = ("FRBC.SystemDescription", n => PowerRanges(n, 1, 0)[0]!["start_of_range"] = 2500, S2Rules.RangeOrder, "actuators[0].operation_modes[1].elements[0].power_ranges[0]"),
        ["ombc-power-range-reversed"] = ("OMBC.SystemDescription", n => n["operation_modes"]![1]!["power_ranges"]![0]!["end_of_range"] = -6000, S2Rules.RangeOrder, "operation_modes[1].power_ranges[0]"),
        ["fill-level-range-empty"] = ("FRBC.SystemDescription", n => FillLevel(n, 0, 0)["end_of_range"] = 45, S2Rules.RangeOrder, "actuators[0].operation_modes[0].elements[0].fill_level_range"),
        ["running-costs-reversed"] = ("DDBC.SystemDescription", n => n["actuators"]![0]!["operation_modes"]![1]!["running_costs"]!["start_of_range"] = 0.00001, S2Rules.RangeOrder, "actuators[0].operation_modes[1].running_costs"),
        ["limit-range-reversed"] = ("PEBC.PowerConstraints", n => n["allowed_limit_ranges"]![0]!["range_boundary"]!["end_of_range"] = -5000, S2Rules.RangeOrder, "allowed_limit_ranges[0].range_boundary"),
        ["target-range-reversed"] = ("FRBC.FillLevelTargetProfile", n => n["elements"]![1]!["fill_level_range"]!["start_of_range"] = 56, S2Rules.RangeOrder, "elements[1].fill_level_range"),
        ["envelope-lower-above-upper"] = ("PEBC.Instruction", n => n["power_envelopes"]![0]!["power_envelope_elements"]![1]!["lower_limit"] = 500, S2Rules.LimitOrder, "power_envelopes[0].power_envelope_elements[1].lower_limit"),
        ["energy-lower-above-upper"] = ("PEBC.EnergyConstraint", n => n["lower_average_power"] = 3500, S2Rules.LimitOrder, "upper_average_power"),
        ["forecast-upper-below-expected"] = ("PowerForecast", n => n["elements"]![0]!["power_values"]![0]!["value_upper_68PPR"] = -2200, S2Rules.ForecastOrder, "elements[0].power_values[0].value_upper_68PPR"),
        ["forecast-lower-above-expected"] = ("PowerForecast", n => n["elements"]![0]!["power_values"]![0]!["value_lower_68PPR"] = -2000, S2Rules.ForecastOrder, "elements[0].power_values[0].value_lower_68PPR"),
        ["usage-forecast-limits-swapped"] = ("FRBC.UsageForecast", n => n["elements"]![0]!["usage_rate_upper_limit"] = 0.005, S2Rules.ForecastOrder, "elements[0].usage_rate_upper_limit"),
        ["demand-forecast-lower-95-above-68"] = ("DDBC.AverageDemandRateForecast", n => n["elements"]![0]!["demand_rate_lower_95PPR"] = 3600, S2Rules.ForecastOrder, "elements[0].demand_rate_lower_95PPR"),
        ["instruction-factor-above-one"] = ("FRBC.Instruction", n => n["operation_mode_factor"] = 1.5, S2Rules.OperationModeFactor, "operation_mode_factor"),
        ["status-factor-negative"] = ("OMBC.Status", n => n["operation_mode_factor"] = -0.1, S2Rules.OperationModeFactor, "operation_mode_factor"),
        ["ddbc-status-factor"] = ("DDBC.ActuatorStatus", n => n["operation_mode_factor"] = 2, S2Rules.OperationModeFactor, "operation_mode_factor"),
        ["timer-negative"] = ("FRBC.SystemDescription", n => n["actuators"]![0]!["timers"]![0]!["duration"] = -1, S2Rules.DurationNonNegative, "actuators[0].timers[0].duration"),
        ["transition-duration-negative"] = ("OMBC.SystemDescription", n => n["transitions"]![0]!["transition_duration"] = -120000, S2Rules.DurationNonNegative, "transitions[0].transition_duration"),
        ["envelope-element-negative"] = ("PEBC.Instruction", n => n["power_envelopes"]![0]!["power_envelope_elements"]![0]!["duration"] = -900000, S2Rules.DurationNonNegative, "power_envelopes[0].power_envelope_elements[0].duration"),
        ["processing-delay-negative"] = ("ResourceManagerDetails", n => n["instruction_processing_delay"] = -5, S2Rules.DurationNonNegative, "instruction_processing_delay"),
        ["frbc-heat-not-supported"] = ("FRBC.SystemDescription", n => PowerRanges(n, 1, 0)[0]!["commodity_quantity"] = "HEAT.THERMAL_POWER", S2Rules.SupportedCommodities, "actuators[0].operation_modes[1].elements[0].power_ranges[0].commodity_quantity"),
        ["ddbc-gas-not-supported"] = ("DDBC.SystemDescription", n => n["actuators"]![1]!["supported_commodites"]![0] = "ELECTRICITY", S2Rules.SupportedCommodities, "actuators[1].operation_modes[0].power_ranges[0].commodity_quantity"),
        ["profile-ends-at-start"] = ("PPBC.PowerProfileDefinition", n => n["end_time"] = "2024-05-01T09:00:00Z", S2Rules.TimeOrder, "end_time"),
        ["energy-constraint-ends-before-start"] = ("PEBC.EnergyConstraint", n => n["valid_until"] = "2024-05-01T17:00:00Z", S2Rules.TimeOrder, "valid_until"),
        ["power-constraints-ends-before-start"] = ("PEBC.PowerConstraints", n => n["valid_until"] = "2024-04-30T00:00:00Z", S2Rules.TimeOrder, "valid_until"),
        ["no-upper-limit-range"] = ("PEBC.PowerConstraints", n => n["allowed_limit_ranges"]![1]!["limit_type"] = "LOWER_LIMIT", S2Rules.LimitTypesPresent, "allowed_limit_ranges"),
        ["rm-handshake-without-versions"] = ("Handshake", n => n.AsObject().Remove("supported_protocol_versions"), S2Rules.HandshakeProtocolVersions, "supported_protocol_versions"),
        ["executing-without-progress"] = ("PPBC.PowerProfileStatus", n => n["sequence_container_status"]![0]!.AsObject().Remove("progress"), S2Rules.SequenceStatus, "sequence_container_status[0].progress"),
        ["scheduled-without-selection"] = ("PPBC.PowerProfileStatus", n => n["sequence_container_status"]![1]!["status"] = "SCHEDULED", S2Rules.SequenceStatus, "sequence_container_status[1].selected_sequence_id"),
        ["container-status-twice"] = ("PPBC.PowerProfileStatus", n => n["sequence_container_status"]![1]!["sequence_container_id"] = "wm-wash", S2Rules.UniqueId, "sequence_container_status[1].sequence_container_id"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public static TheoryData<string> MessageTypes => S2Examples.MessageTypes;

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_example_is_valid(string messageType)
    {
        var errors = S2Validator.Validate(S2Json.Parse(S2Examples.ByMessageType[messageType]));

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Broken_document_fails_exactly_one_rule_at_its_path(string caseName)
    {
        var (messageType, edit, rule, path) = Cases[caseName];
        var node = JsonNode.Parse(S2Examples.ByMessageType[messageType])!;
        edit(node);
        var message = S2Json.Parse(node.ToJsonString(), caseName);

        var errors = S2Validator.Validate(message);

        var error = Assert.Single(errors);
        Assert.Equal(rule, error.Rule);
        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Every_rule_has_a_broken_document_case()
    {
        var covered = Cases.Values.Select(c => c.Rule).Append(S2Rules.Required).ToHashSet(); // required: see the test below

        Assert.Equal(S2Rules.All.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Null_required_members_built_in_code_are_reported_not_thrown()
    {
        var sd = S2Json.Parse<FrbcSystemDescription>(S2Examples.ByMessageType["FRBC.SystemDescription"]) with { Storage = null! };

        var error = Assert.Single(S2Validator.Validate(sd));

        Assert.Equal(new S2ValidationError(S2Rules.Required, "storage", "is required"), error);
    }

    [Fact]
    public void Cem_handshake_may_omit_protocol_versions()
    {
        var node = JsonNode.Parse(S2Examples.ByMessageType["Handshake"])!;
        node["role"] = "CEM";
        node.AsObject().Remove("supported_protocol_versions");

        Assert.Empty(S2Validator.Validate(S2Json.Parse(node.ToJsonString())));
    }

    [Fact]
    public void Error_messages_say_what_is_wrong_and_what_is_allowed()
    {
        var node = JsonNode.Parse(S2Examples.ByMessageType["FRBC.SystemDescription"])!;
        FillLevel(node, 1, 1)["start_of_range"] = 51;
        node["actuators"]![0]!["transitions"]![1]!["to"] = "om-standby";

        var errors = S2Validator.Validate(S2Json.Parse(node.ToJsonString()));

        Assert.Equal(2, errors.Count);
        Assert.Equal(
            "starts at 51 and so leaves a gap after the previous element, which ends at 50; fill level ranges must be contiguous and ascending",
            errors[0].Message);
        Assert.Equal("'om-standby' is not an operation mode of actuators[0]; known: om-off, om-on", errors[1].Message);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_broken_rule_in_an_input_exception()
    {
        var node = JsonNode.Parse(S2Examples.ByMessageType["FRBC.Instruction"])!;
        node["operation_mode_factor"] = 1.5;
        node["actuator_id"] = "hp compressor";
        var message = S2Json.Parse(node.ToJsonString());

        var ex = Assert.Throws<InputException>(() => S2Validator.ThrowIfInvalid(message, "cem.log"));

        Assert.Equal("cem.log", ex.File);
        Assert.Equal("msg-frbc-instr-42", ex.ElementId);
        Assert.StartsWith("S2 FRBC.Instruction 'msg-frbc-instr-42' breaks 2 rules: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[id-format] actuator_id: 'hp compressor' is not an S2 ID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[operation-mode-factor] operation_mode_factor: 1.5 is outside 0..1", ex.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<S2ValidationException>(ex.InnerException);
        Assert.Equal([S2Rules.IdFormat, S2Rules.OperationModeFactor], inner.Errors.Select(e => e.Rule));
        S2Validator.ThrowIfInvalid(S2Json.Parse(S2Examples.ByMessageType["FRBC.Instruction"]), "cem.log");
    }

    private static JsonArray Modes(JsonNode n) => n["actuators"]![0]!["operation_modes"]!.AsArray();

    private static JsonNode FillLevel(JsonNode n, int mode, int element) => Modes(n)[mode]!["elements"]![element]!["fill_level_range"]!;

    private static JsonArray PowerRanges(JsonNode n, int mode, int element) => Modes(n)[mode]!["elements"]![element]!["power_ranges"]!.AsArray();

    private static JsonObject Role(string role, string commodity) => new() { ["role"] = role, ["commodity"] = commodity };

    private static void AddRoles(JsonArray roles, params JsonObject[] added)
    {
        foreach (var role in added)
        {
            roles.Add(role);
        }
    }

    private static void Repeat(JsonArray elements, int count)
    {
        var first = elements[1]!;
        while (elements.Count < count)
        {
            elements.Add(first.DeepClone());
        }
    }

    private static void SwapElements(JsonNode n)
    {
        var elements = Modes(n)[1]!["elements"]!.AsArray();
        var first = elements[0]!.DeepClone();
        elements.RemoveAt(0);
        elements.Add(first);
    }

    private static void AddEnvelopeCopy(JsonNode n)
    {
        var envelopes = n["power_envelopes"]!.AsArray();
        var copy = envelopes[0]!.DeepClone();
        copy["id"] = "pv-envelope-2";
        envelopes.Add(copy);
    }
}
