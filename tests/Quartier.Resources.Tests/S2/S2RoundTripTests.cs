using System.Text.Json.Nodes;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;

namespace Quartier.Resources.Tests.S2;

public sealed class S2RoundTripTests
{
    [Theory]
    [MemberData(nameof(S2Examples.MessageTypes), MemberType = typeof(S2Examples))]
    public void Example_parses_to_its_type_and_serialises_to_the_same_json(string messageType)
    {
        var json = S2Examples.ByMessageType[messageType];

        var message = S2Json.Parse(json, $"{messageType}.json");
        var written = S2Json.Serialize(message);
        var reparsed = S2Json.Parse(written);

        Assert.True(S2MessageTypes.TryGetType(messageType, out var type));
        Assert.IsType(type, message);
        Assert.Equal(messageType, message.MessageType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), $"round trip changed the JSON:\n{json}\n---\n{written}");
        Assert.Equal(written, S2Json.Serialize(reparsed));
        Assert.StartsWith($"{{\"message_type\":\"{messageType}\",", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Frbc_system_description_values_land_in_the_right_members()
    {
        var sd = S2Json.Parse<FrbcSystemDescription>(S2Examples.ByMessageType["FRBC.SystemDescription"]);

        Assert.Equal("msg-frbc-sd-1", sd.MessageId);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), sd.ValidFrom);
        var actuator = Assert.Single(sd.Actuators);
        Assert.Equal([Commodity.Electricity], actuator.SupportedCommodities);
        var on = actuator.OperationModes[1];
        Assert.Equal("om-on", on.Id);
        Assert.Equal(50, on.Elements[1].FillLevelRange.StartOfRange);
        Assert.Equal(0.0072, on.Elements[1].FillRate.EndOfRange);
        Assert.Equal(CommodityQuantity.ElectricPowerL1, on.Elements[1].PowerRanges[0].CommodityQuantity);
        Assert.Equal(2200, on.Elements[1].PowerRanges[0].EndOfRange);
        Assert.Equal(0.000002, on.Elements[0].RunningCosts!.EndOfRange);
        Assert.Null(actuator.OperationModes[0].Elements[0].RunningCosts);
        var t = actuator.Transitions[0];
        Assert.Equal(("om-off", "om-on"), (t.From, t.To));
        Assert.Equal(TimeSpan.FromSeconds(30), t.TransitionDuration!.Value.ToTimeSpan());
        Assert.Equal(0.002, t.TransitionCosts);
        Assert.Null(actuator.Transitions[1].TransitionDuration);
        Assert.Equal(TimeSpan.FromMinutes(10), actuator.Timers[0].Duration.ToTimeSpan());
        Assert.Equal((45.0, 55.0), (sd.Storage.FillLevelRange.StartOfRange, sd.Storage.FillLevelRange.EndOfRange));
        Assert.Equal("degrees Celsius", sd.Storage.FillLevelLabel);
        // factor 0.5 of the 45..50 °C element: 1250 W and 0.00522 K/s
        Assert.Equal(1250, on.Elements[0].PowerRanges[0].At(0.5), 9);
        Assert.Equal(0.00522, on.Elements[0].FillRate.At(0.5), 9);
    }

    [Fact]
    public void Schema_spellings_map_to_csharp_names()
    {
        var ddbc = S2Json.Parse<DdbcSystemDescription>(S2Examples.ByMessageType["DDBC.SystemDescription"]);
        Assert.Equal("hp-heat", ddbc.Actuators[0].OperationModes[1].Id); // "Id"
        Assert.Equal([Commodity.Gas], ddbc.Actuators[1].SupportedCommodities); // "supported_commodites"
        Assert.Equal(24000, ddbc.Actuators[1].OperationModes[0].SupplyRange.EndOfRange);

        var forecast = S2Json.Parse<PowerForecast>(S2Examples.ByMessageType["PowerForecast"]);
        var v = forecast.Elements[0].PowerValues[0];
        Assert.Equal((-4000.0, -3000.0, -2400.0, -2100.0, -1800.0, -1200.0, 0.0), (v.ValueLowerLimit, v.ValueLower95Ppr, v.ValueLower68Ppr, v.ValueExpected, v.ValueUpper68Ppr, v.ValueUpper95Ppr, v.ValueUpperLimit));
        Assert.Null(forecast.Elements[1].PowerValues[0].ValueUpper95Ppr);
        Assert.Equal(TimeSpan.FromMinutes(15), forecast.Elements[0].Duration.ToTimeSpan());

        var profile = S2Json.Parse<PpbcPowerProfileDefinition>(S2Examples.ByMessageType["PPBC.PowerProfileDefinition"]);
        Assert.Equal(["wm-wash", "wm-spin"], profile.PowerSequencesContainers.Select(c => c.Id));
        Assert.Equal(TimeSpan.FromHours(1), profile.PowerSequencesContainers[1].PowerSequences[0].MaxPauseBefore!.Value.ToTimeSpan());

        var status = S2Json.Parse<PpbcPowerProfileStatus>(S2Examples.ByMessageType["PPBC.PowerProfileStatus"]);
        Assert.Equal(PpbcPowerSequenceStatus.Executing, status.SequenceContainerStatus[0].Status);
        Assert.Equal(PpbcPowerSequenceStatus.NotScheduled, status.SequenceContainerStatus[1].Status);
        Assert.Null(status.SequenceContainerStatus[1].Progress);

        var revoke = S2Json.Parse<RevokeObject>(S2Examples.ByMessageType["RevokeObject"]);
        Assert.Equal(RevokableObjects.PpbcScheduleInstruction, revoke.ObjectType);

        var reception = S2Json.Parse<ReceptionStatus>(S2Examples.ByMessageType["ReceptionStatus"]);
        Assert.Equal(ReceptionStatusValues.InvalidContent, reception.Status);
        Assert.Null(reception.GetMessageId());
        Assert.Equal("msg-rmd-1", S2Json.Parse(S2Examples.ByMessageType["ResourceManagerDetails"]).GetMessageId());
    }

    [Fact]
    public void Message_built_in_code_serialises_to_exact_schema_json()
    {
        var instruction = new PebcInstruction
        {
            MessageId = "m-1",
            Id = "i-1",
            ExecutionTime = new DateTimeOffset(2024, 5, 1, 14, 0, 0, 500, TimeSpan.FromHours(2)),
            AbnormalCondition = false,
            PowerConstraintsId = "pc-1",
            PowerEnvelopes =
            [
                new PebcPowerEnvelope
                {
                    Id = "env-1",
                    CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric,
                    PowerEnvelopeElements = [new PebcPowerEnvelopeElement { Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)), UpperLimit = 0, LowerLimit = -3500.5 }],
                },
            ],
        };

        var json = S2Json.Serialize(instruction);

        Assert.Equal(
            """{"message_type":"PEBC.Instruction","message_id":"m-1","id":"i-1","execution_time":"2024-05-01T14:00:00.5+02:00","abnormal_condition":false,"power_constraints_id":"pc-1","power_envelopes":[{"id":"env-1","commodity_quantity":"ELECTRIC.POWER.3_PHASE_SYMMETRIC","power_envelope_elements":[{"duration":900000,"upper_limit":0,"lower_limit":-3500.5}]}]}""",
            json);
        Assert.Equal(instruction.ExecutionTime, S2Json.Parse<PebcInstruction>(json).ExecutionTime);
    }

    [Fact]
    public void Optional_members_left_null_are_omitted()
    {
        var status = new FrbcActuatorStatus { MessageId = "m-2", ActuatorId = "a-1", ActiveOperationModeId = "om-1", OperationModeFactor = 0 };

        Assert.Equal(
            """{"message_type":"FRBC.ActuatorStatus","message_id":"m-2","actuator_id":"a-1","active_operation_mode_id":"om-1","operation_mode_factor":0}""",
            S2Json.Serialize(status));
    }

    [Fact]
    public void Parse_of_base_types_accepts_any_matching_message()
    {
        var json = S2Examples.ByMessageType["PPBC.ScheduleInstruction"];

        var asBase = S2Json.Parse<S2IdentifiedMessage>(json);
        var asShared = S2Json.Parse<PpbcSequenceInstruction>(json);

        Assert.IsType<PpbcScheduleInstruction>(asBase);
        Assert.Equal("wash-eco", asShared.PowerSequenceId);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 11, 0, 0, TimeSpan.Zero), asShared.ExecutionTime);
    }
}
