using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Tests.Status;

public sealed class ResourceStatusTests
{
    // The status documents exactly as on the EOS resource page.
    private const string EosActuatorStatus = EosStatusExamples.ActuatorStatus;

    private const string EosStorageStatus = EosStatusExamples.StorageStatus;

    private const string EosThreePhaseMeasurement = EosStatusExamples.ThreePhaseMeasurement;

    private const string EosSymmetricMeasurement = EosStatusExamples.SymmetricMeasurement;

    private static readonly DateTimeOffset Stamp = new(2025, 7, 25, 12, 0, 12, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = new(2025, 7, 25, 13, 0, 0, TimeSpan.Zero);

    private static readonly BatterySpec Spec = new()
    {
        CapacityWh = 10_000,
        MaxChargePowerW = 4000,
        MaxDischargePowerW = 5000,
        ChargeEfficiency = 0.95,
        DischargeEfficiency = 0.9,
        InitialSoc = 0.5,
    };

    private static (ResourceRegistry Registry, BatteryResource Battery) WithBattery()
    {
        var battery = new BatteryResource("bat1", Spec, BatteryMode.Idle, 0);
        var registry = new ResourceRegistry();
        registry.Add(battery);
        registry.Add(new EvResource("ev1", new EvSpec { CapacityWh = 60_000 }));
        return (registry, battery);
    }

    [Fact]
    public void ParsesTheEosActuatorStatus()
    {
        var status = Assert.IsType<ActuatorStatus>(ResourceStatusParser.Parse(EosActuatorStatus, "eos.json"));
        Assert.Equal(ResourceStatusType.FrbcActuatorStatus, status.Type);
        Assert.Null(status.ActuatorId);
        Assert.Equal("GRID_SUPPORT_IMPORT", status.ActiveOperationModeId);
        Assert.Equal(0.375, status.OperationModeFactor);
        Assert.Equal("SELF_CONSUMPTION", status.PreviousOperationModeId);
        Assert.Equal(Stamp, status.TransitionTimestamp);
        Assert.Equal("eos.json", status.Source);
        Assert.Empty(status.Warnings);
    }

    [Fact]
    public void EosActuatorStatusDrivesTheNextBatteryStep()
    {
        var (registry, battery) = WithBattery();
        registry.ApplyStatus("bat1", EosActuatorStatus);
        Assert.Equal(BatteryMode.GridSupportImport, battery.Mode);
        Assert.Equal(0.375, battery.Factor);
        Assert.Equal("SELF_CONSUMPTION", battery.Simulation.PreviousModeId(BatteryResource.ActuatorId));
        Assert.Equal(Stamp, battery.Simulation.TransitionTimestamp(BatteryResource.ActuatorId));
        // GRID_SUPPORT_IMPORT at 0.375 of 4000 W.
        Assert.Equal(1500, battery.Step(T1, 3600, new SiteConditions(0, 500)).PowerW, 9);
    }

    [Fact]
    public void ReportedForcedChargeChargesAtTheReportedFactor()
    {
        var (registry, battery) = WithBattery();
        const string s2 = """
            {"message_type": "FRBC.ActuatorStatus", "message_id": "m1", "actuator_id": "battery",
             "active_operation_mode_id": "FORCED_CHARGE", "operation_mode_factor": 0.375,
             "previous_operation_mode_id": "IDLE", "transition_timestamp": "2025-07-25T12:00:12Z"}
            """;
        registry.ApplyStatus("bat1", s2);
        Assert.Equal(BatteryMode.ForcedCharge, battery.Mode);
        var r = battery.Step(T1, 3600, new SiteConditions(0, 0));
        Assert.Equal(0.375 * 4000, r.PowerW, 9);
        Assert.Equal(0.5 + (1500 * 0.95 / 10_000), r.FillLevel, 12);
    }

    [Fact]
    public void EosStorageStatusMovesTheFillLevel()
    {
        var (registry, battery) = WithBattery();
        Assert.Equal(0.5, battery.FillLevel);
        var status = Assert.IsType<StorageStatus>(registry.ApplyStatus("bat1", EosStorageStatus));
        Assert.Equal(0.88, status.PresentFillLevel);
        Assert.Equal(0.88, battery.FillLevel);
        Assert.Equal(0.88, battery.Step(T1, 3600, new SiteConditions(0, 1000)).FillLevel, 12);   // IDLE holds it
        battery.Instruct(BatteryMode.ForcedCharge, 1, T1.AddHours(1));
        // Headroom from 0.88: 1200 Wh -> 1263.2 W over the hour, ending full.
        var r = battery.Step(T1.AddHours(1), 3600, new SiteConditions(0, 0));
        Assert.Equal(1200 / 0.95, r.PowerW, 9);
        Assert.Equal(1, r.FillLevel, 12);
    }

    [Fact]
    public void EosThreePhaseMeasurementWithTrailingCommaSumsTheDuplicate()
    {
        var (registry, battery) = WithBattery();
        var status = Assert.IsType<PowerMeasurementStatus>(registry.ApplyStatus("bat1", EosThreePhaseMeasurement));
        Assert.Equal(Stamp, status.MeasurementTimestamp);
        Assert.Equal(2, status.Values.Count);
        Assert.Equal(new PowerValue(CommodityQuantity.ElectricPowerL1, 887.5), status.Values[0]);
        Assert.Equal(CommodityQuantity.ElectricPowerL2, status.Values[1].Quantity);
        Assert.Equal(2006.2, status.Values[1].Value, 9);
        var warning = Assert.Single(status.Warnings);
        Assert.Equal("$.values[2]: ELECTRIC.POWER.L2 is measured more than once; the values are summed (905.5 + 1100.7 = 2006.2)", warning);

        Assert.True(battery.Measurement.HasValue);
        Assert.Equal(Stamp, battery.Measurement.Timestamp);
        Assert.Equal(887.5 + 2006.2, battery.MeasuredPowerW, 9);
        Assert.Equal(887.5, battery.Measurement.PhaseW(1), 9);
        Assert.Equal(2006.2, battery.Measurement.PhaseW(2), 9);
        Assert.Equal(0, battery.Measurement.PhaseW(3), 9);
    }

    [Fact]
    public void SymmetricMeasurementInEosAndS2Spelling()
    {
        var (registry, battery) = WithBattery();
        Assert.True(double.IsNaN(battery.MeasuredPowerW));
        registry.ApplyStatus("bat1", EosSymmetricMeasurement);
        Assert.Equal(1000, battery.MeasuredPowerW, 9);
        Assert.Equal(1000.0 / 3, battery.Measurement.PhaseW(1), 9);
        Assert.Equal(1000, battery.Measurement.Values[CommodityQuantity.ElectricPower3PhaseSymmetric]);

        registry.ApplyStatus("ev1", """{"message_type":"PowerMeasurement","measurement_timestamp":"2019-08-24T14:15:22Z","values":[{"commodity_quantity":"ELECTRIC.POWER.3_PHASE_SYMMETRIC","value":10963}]}""");
        var ev = registry.Get<EvResource>("ev1");
        Assert.Equal(10963, ev.MeasuredPowerW, 9);
        Assert.Equal(new DateTimeOffset(2019, 8, 24, 14, 15, 22, TimeSpan.Zero), ev.Measurement.Timestamp);
    }

    [Theory]
    [InlineData("20250725T12:00:12")]
    [InlineData("20250725T120012")]
    [InlineData("2025-07-25T12:00:12Z")]
    [InlineData("2025-07-25T12:00:12")]
    [InlineData("2025-07-25T14:00:12+02:00")]
    [InlineData("2025-07-25T12:00:12.000Z")]
    [InlineData("2025-07-25 12:00:12")]
    public void TimestampsInEveryAcceptedForm(string text)
    {
        Assert.True(ResourceStatusParser.TryParseTimestamp(text, out var t));
        Assert.Equal(Stamp, t);
        Assert.Equal(Stamp.UtcTicks, t.UtcTicks);
    }

    [Fact]
    public void TimerStatusesBlockTransitions()
    {
        var hp = new HeatPumpResource("hp1", new HeatPumpSpec { MaxThermalPowerW = 6000, BufferCapacityWhPerK = 200 });
        var registry = new ResourceRegistry();
        registry.Add(hp);
        registry.ApplyStatus("hp1", """{"message_type":"FRBC.ActuatorStatus","actuator_id":"heat_pump","active_operation_mode_id":"ON","operation_mode_factor":1}""");
        registry.ApplyStatus("hp1", """{"message_type":"FRBC.TimerStatus","timer_id":"MIN_ON","actuator_id":"heat_pump","finished_at":"2025-07-25T13:30:00Z"}""");
        Assert.Contains("blocked by timer 'MIN_ON' until 2025-07-25T13:30:00Z", hp.Instruct(HeatPumpMode.Off, 0, T1).Reason, StringComparison.Ordinal);
        Assert.True(hp.Instruct(HeatPumpMode.Off, 0, T1.AddMinutes(30)).IsAccepted);
    }

    private static (ResourceRegistry Registry, OmbcResource Ombc, DdbcResource Ddbc) WithOmbcAndDdbc()
    {
        PowerRange[] P(double a, double b) => [new PowerRange(a, b, CommodityQuantity.ElectricPowerL1)];
        var ombc = new OmbcResource("gen", new OmbcSimulation(new OmbcModel(
            [new OmbcOperationMode("OFF", P(0, 0)), new OmbcOperationMode("ON", P(1000, 2500))],
            [ResourceTransition.Simple("on", "OFF", "ON"), new ResourceTransition("off", "ON", "OFF", [], ["cool"], TimeSpan.Zero, false)],
            [new ResourceTimer("cool", TimeSpan.FromMinutes(10))])));
        var ddbc = new DdbcResource("hhp", new DdbcSimulation(new DdbcModel(
            [new DdbcActuator("boiler", [new DdbcOperationMode("OFF", new NumberRange(0, 0), P(0, 0)), new DdbcOperationMode("ON", new NumberRange(0, 20000), P(0, 100))], [ResourceTransition.Simple("on", "OFF", "ON")], [])],
            8000)));
        var registry = new ResourceRegistry();
        registry.Add(ombc);
        registry.Add(ddbc);
        return (registry, ombc, ddbc);
    }

    [Fact]
    public void OmbcAndDdbcStatuses()
    {
        var (registry, ombc, ddbc) = WithOmbcAndDdbc();
        registry.ApplyStatus("gen", """{"message_type":"OMBC.Status","active_operation_mode_id":"ON","operation_mode_factor":"0.5","previous_operation_mode_id":"OFF","transition_timestamp":"20250725T120012"}""");
        Assert.Equal("ON", ombc.Simulation.ActiveModeId);
        Assert.Equal(1750, ombc.Simulation.Step(T1, 60).ElectricW, 9);
        registry.ApplyStatus("gen", """{"type":"OMBCTimerStatus","timer_id":"cool","finished_at":"20250725T13:05:00"}""");
        Assert.Equal(T1.AddMinutes(5), ombc.Simulation.Timers.FinishedAt("cool"));
        Assert.Contains("blocked by timer 'cool'", ombc.Simulation.Instruct("OFF", 0, T1).Reason, StringComparison.Ordinal);

        registry.ApplyStatus("hhp", """{"message_type":"DDBC.ActuatorStatus","actuator_id":"boiler","active_operation_mode_id":"ON","operation_mode_factor":0.4}""");
        Assert.Equal(8000, ddbc.Simulation.Step(T1, 60).SupplyRate, 9);
        registry.ApplyStatus("hhp", """{"type":"DDBCActuatorStatus","active_operation_mode_id":"ON","operation_mode_factor":0.2}""");
        Assert.Equal(4000, ddbc.Simulation.Step(T1, 60).Deficit, 9);
    }

    [Fact]
    public void UnknownResourceListsTheKnownIds()
    {
        var (registry, _) = WithBattery();
        var e = Assert.Throws<InputException>(() => registry.ApplyStatus("bat9", EosStorageStatus, "put.json"));
        Assert.Equal("unknown resource id 'bat9'; known: bat1, ev1", e.Message);
        Assert.Equal("put.json", e.File);
        Assert.Equal("bat9", e.ElementId);
        Assert.Contains("registered twice", Assert.Throws<InputException>(() => registry.Add(new EvResource("ev1", new EvSpec { CapacityWh = 1 }))).Message, StringComparison.Ordinal);
        Assert.Contains("is a EvResource, not a BatteryResource", Assert.Throws<InputException>(() => registry.Get<BatteryResource>("ev1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModeListsTheValidIdsOfThatResource()
    {
        var (registry, battery) = WithBattery();
        var e = Assert.Throws<InputException>(() => registry.ApplyStatus("bat1", EosActuatorStatus.Replace("GRID_SUPPORT_IMPORT", "TURBO", StringComparison.Ordinal), "put.json"));
        Assert.Equal("resource 'bat1': actuator 'battery' has no operation mode 'TURBO'; valid: IDLE, SELF_CONSUMPTION, NON_EXPORT, PEAK_SHAVING, GRID_SUPPORT_EXPORT, GRID_SUPPORT_IMPORT, FREQUENCY_REGULATION, RAMP_RATE_CONTROL, RESERVE_BACKUP, OUTAGE_SUPPLY, FORCED_CHARGE, FORCED_DISCHARGE, FAULT", e.Message);
        Assert.Equal("put.json", e.File);
        Assert.Equal("bat1", e.ElementId);
        var ev = Assert.Throws<InputException>(() => registry.ApplyStatus("ev1", EosActuatorStatus));
        Assert.Equal("resource 'ev1': actuator 'ev' has no operation mode 'GRID_SUPPORT_IMPORT'; valid: IDLE, FORCED_CHARGE", ev.Message);
        Assert.Equal(BatteryMode.Idle, battery.Mode);
    }

    [Fact]
    public void FactorAndFillLevelOutsideZeroToOne()
    {
        var (registry, battery) = WithBattery();
        var factor = Assert.Throws<InputException>(() => registry.ApplyStatus("bat1", EosActuatorStatus.Replace("\"0.375\"", "\"1.375\"", StringComparison.Ordinal)));
        Assert.Equal("$.operation_mode_factor: 1.375 is outside 0..1", factor.Message);
        var fill = Assert.Throws<InputException>(() => registry.ApplyStatus("bat1", EosStorageStatus.Replace("0.88", "88", StringComparison.Ordinal), "put.json"));
        Assert.Equal("resource 'bat1': fill level 88 is outside the storage range 0..1", fill.Message);
        Assert.Equal("put.json", fill.File);
        Assert.Equal(0.5, battery.FillLevel);
    }

    [Fact]
    public void UnparsableNumbersAndTimestampsQuoteValueAndField()
    {
        var number = Assert.Throws<InputException>(() => ResourceStatusParser.Parse(EosStorageStatus.Replace("0.88", "0,88", StringComparison.Ordinal), "put.json"));
        Assert.Equal("$.present_fill_level: '0,88' is not a number", number.Message);
        Assert.Equal("put.json", number.File);
        var value = Assert.Throws<InputException>(() => ResourceStatusParser.Parse(EosThreePhaseMeasurement.Replace("1100.7", "lots", StringComparison.Ordinal)));
        Assert.Equal("$.values[2].value: 'lots' is not a number", value.Message);
        var nan = Assert.Throws<InputException>(() => ResourceStatusParser.Parse(EosStorageStatus.Replace("0.88", "NaN", StringComparison.Ordinal)));
        Assert.Equal("$.present_fill_level: 'NaN' is not a finite number", nan.Message);
        var stamp = Assert.Throws<InputException>(() => ResourceStatusParser.Parse(EosActuatorStatus.Replace("20250725T12:00:12", "25.07.2025 12:00", StringComparison.Ordinal)));
        Assert.Equal("$.transistion_timestamp: '25.07.2025 12:00' is not a timestamp; use 20250725T12:00:12, 20250725T120012 or ISO 8601 such as 2025-07-25T12:00:12Z", stamp.Message);
        var bool_ = Assert.Throws<InputException>(() => ResourceStatusParser.Parse("""{"type":"FRBCStorageStatus","present_fill_level":true}"""));
        Assert.Equal("$.present_fill_level: true is not a number", bool_.Message);
        var quantity = Assert.Throws<InputException>(() => ResourceStatusParser.Parse(EosSymmetricMeasurement.Replace("3_PHASE_SYM", "4_PHASE", StringComparison.Ordinal)));
        Assert.StartsWith("$.values[0].commodity_quantity: unknown commodity quantity 'ELECTRIC.POWER.4_PHASE'; valid: ELECTRIC.POWER.L1,", quantity.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOrMissingStatusType()
    {
        var unknown = Assert.Throws<InputException>(() => ResourceStatusParser.Parse("""{"type":"FRBCFillLevel","present_fill_level":1}""", "put.json"));
        Assert.Equal("$.type: unknown status type 'FRBCFillLevel'; valid: FRBC.ActuatorStatus, FRBC.StorageStatus, FRBC.TimerStatus, OMBC.Status, OMBC.TimerStatus, DDBC.ActuatorStatus, DDBC.TimerStatus, PowerMeasurement (the dot may be left out, e.g. FRBCActuatorStatus)", unknown.Message);
        var missing = Assert.Throws<InputException>(() => ResourceStatusParser.Parse("""{"present_fill_level":1}"""));
        Assert.StartsWith("$: the status document has no 'type' (EOS) or 'message_type' (S2)", missing.Message, StringComparison.Ordinal);
        var mixed = Assert.Throws<InputException>(() => ResourceStatusParser.Parse("""{"type":"FRBCStorageStatus","message_type":"OMBC.Status"}"""));
        Assert.Equal("$.type 'FRBCStorageStatus' and $.message_type 'OMBC.Status' name different status types", mixed.Message);
        var json = Assert.Throws<InputException>(() => ResourceStatusParser.Parse("{\"type\": \"FRBCStorageStatus\",\n \"present_fill_level\": }", "put.json"));
        Assert.StartsWith("status document is not valid JSON", json.Message, StringComparison.Ordinal);
        Assert.Equal(2, json.Line);
        Assert.Equal("$.present_fill_level is missing", Assert.Throws<InputException>(() => ResourceStatusParser.Parse("""{"type":"FRBCStorageStatus"}""")).Message);
        Assert.Equal("$: a status document must be a JSON object, not Array", Assert.Throws<InputException>(() => ResourceStatusParser.Parse("[]")).Message);
    }

    [Fact]
    public void StatusOfAnotherControlTypeIsRejected()
    {
        var (registry, _) = WithBattery();
        var e = Assert.Throws<InputException>(() => registry.ApplyStatus("bat1", """{"message_type":"OMBC.Status","active_operation_mode_id":"IDLE","operation_mode_factor":0}"""));
        Assert.Equal("resource 'bat1' is simulated with FILL_RATE_BASED_CONTROL; a OMBC.Status status does not apply (accepted: FRBC.ActuatorStatus, FRBC.StorageStatus, FRBC.TimerStatus, PowerMeasurement)", e.Message);
        var pv = new PvInverterResource("pv1", 5000);
        var appliance = new HomeApplianceResource("dw1", 2000, 3);
        registry.Add(pv);
        registry.Add(appliance);
        Assert.Contains("is simulated with POWER_ENVELOPE_BASED_CONTROL", Assert.Throws<InputException>(() => registry.ApplyStatus("pv1", EosStorageStatus)).Message, StringComparison.Ordinal);
        registry.ApplyStatus("dw1", EosSymmetricMeasurement);
        Assert.Equal(1000, appliance.MeasuredPowerW, 9);
        registry.ApplyStatus("pv1", EosSymmetricMeasurement.Replace("\"1000\"", "-3200", StringComparison.Ordinal));
        Assert.Equal(-3200, pv.MeasuredPowerW, 9);
    }

    [Fact]
    public void WarnsAboutUnknownFieldsAndAcceptsBothTimestampSpellings()
    {
        var status = Assert.IsType<ActuatorStatus>(ResourceStatusParser.Parse("""
            {"type":"FRBCActuatorStatus","active_operation_mode_id":"IDLE","operation_mode_factor":0,
             "transition_timestamp":"2025-07-25T12:00:12Z","transistion_timestamp":"20250101T000000","colour":"red"}
            """));
        Assert.Equal(Stamp, status.TransitionTimestamp);
        Assert.Equal(
            new[] { "$.colour: unknown field ignored", "$.transistion_timestamp: ignored because transition_timestamp is also given" },
            status.Warnings);
    }
}
