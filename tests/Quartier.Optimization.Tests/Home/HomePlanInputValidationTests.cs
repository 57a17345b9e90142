using Quartier.Core.Errors;
using Quartier.Optimization.Home;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Tests.Home;

public sealed class HomePlanInputValidationTests
{
    private static readonly HomePlanInput Valid = HomeInputs.Hourly();

    public static TheoryData<string, HomePlanInput, string?> Invalid()
    {
        var battery = new HomeBattery { CapacityWh = 10_000, MaxChargeW = 5000 };
        var ev = new HomeEv { CapacityWh = 40_000, MaxChargeW = 7400 };
        var hp = new HomeHeatPump { BufferCapacityWhPerK = 500, MinTempC = 40, MaxTempC = 50, InitialTempC = 45, HeatDemandW = HomeInputs.Filled(24, 500), Cop = 3, MaxElectricW = 2000 };
        return new TheoryData<string, HomePlanInput, string?>
        {
            { "StepSeconds 600 is not allowed; use 900 (15 min) or 3600 (1 h)", Valid with { StepSeconds = 600 }, null },
            { "the horizon must be 24–48 h, i.e. 24..48 steps", Valid with { PvW = new double[12] }, null },
            { "the horizon must be 24–48 h, i.e. 96..192 steps", Valid with { StepSeconds = 900 }, null },
            { "Start 2025-03-01T00:00:00.0000000+01:00 must be UTC", Valid with { Start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)) }, null },
            { "LoadW has 23 values; expected 24", Valid with { LoadW = new double[23] }, null },
            { "PvW[4] = -1 must be a finite number >= 0", Valid with { PvW = Valid.PvW.With(4, -1) }, null },
            { "ImportPriceEurPerKwh[2] = NaN must be a finite number", Valid with { ImportPriceEurPerKwh = Valid.ImportPriceEurPerKwh.With(2, double.NaN) }, null },
            { "set either ExportPriceEurPerKwh (constant) or ExportPricesEurPerKwh (per step), not both", Valid with { ExportPricesEurPerKwh = new double[24] }, null },
            { "ExportLimitW -1 must be >= 0 W", Valid with { ExportLimitW = -1 }, null },
            { "battery 'battery': InitialSoc 0.05 must be within MinSoc..MaxSoc (0.1..1)", Valid with { Battery = battery with { InitialSoc = 0.05, MinSoc = 0.1 } }, "battery" },
            { "battery 'battery': ChargeEfficiency 1.2 is outside (0, 1]", Valid with { Battery = battery with { ChargeEfficiency = 1.2 } }, "battery" },
            { "EV 'ev': Departures[0].Step 25 must be within 1..24", Valid with { Ev = ev with { Departures = [new EvDeparture(25, 0.8)] } }, "ev" },
            { "EV 'ev': PowerLevelsW[1] = 9000 must be within 0..MaxChargeW (7400)", Valid with { Ev = ev with { PowerLevelsW = [0, 9000] } }, "ev" },
            { "EV 'ev': Available[0] = [20, 30) must be a non-empty step range within 0..24", Valid with { Ev = ev with { Available = [new StepRange(20, 30)] } }, "ev" },
            { "appliance 'washer': no window is long enough for the run of 4 steps", Valid with { Appliances = [HomeAppliance.Constant("washer", 1000, 4, [new StepRange(3, 6)])] }, "washer" },
            { "appliance id 'washer' is used twice", Valid with { Appliances = [HomeAppliance.Constant("washer", 1000, 1), HomeAppliance.Constant("washer", 500, 1)] }, "washer" },
            { "heat pump 'heatpump': InitialTempC 52 must be within the comfort band 40..50", Valid with { HeatPump = hp with { InitialTempC = 52 } }, "heatpump" },
            { "heat pump 'heatpump': the COP is missing", Valid with { HeatPump = hp with { Cop = null } }, "heatpump" },
            { "heat pump 'heatpump': HeatDemandW has 10 values; expected 24", Valid with { HeatPump = hp with { HeatDemandW = new double[10] } }, "heatpump" },
            { "heat pump 'heatpump': MinElectricW 2500 must be within 0..MaxElectricW (2000)", Valid with { HeatPump = hp with { MinElectricW = 2500 } }, "heatpump" },
        };
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidInputIsRejectedWithAMessageNamingTheField(string expected, HomePlanInput input, string? elementId)
    {
        var e = Assert.Throws<InputException>(() => HomePlanner.BuildModel(input));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(elementId, e.ElementId);
    }

    [Fact]
    public void ModelHasReadableNames()
    {
        var model = HomePlanner.BuildModel(HomePlannerFullHomeTests.FullHome());
        var lp = model.ToLpFormat();
        Assert.Contains("balance_0", lp, StringComparison.Ordinal);
        Assert.Contains("bat_soc_191", lp, StringComparison.Ordinal);
        Assert.Contains("ev_departure_1", lp, StringComparison.Ordinal);
        Assert.Contains("start_dishwasher_80", lp, StringComparison.Ordinal);
        Assert.Contains("hp_temp_191", lp, StringComparison.Ordinal);

        // Binaries: dishwasher starts (80..116), battery at the 8 negative-price steps, import/export only where the
        // export price reaches the import price (the same 8 steps); with a minimum heat pump power one per step more.
        Assert.Equal(37 + 8 + 8, model.Variables.Count(v => v.Kind == VariableKind.Binary));
        var withMinimum = HomePlanner.BuildModel(HomePlannerFullHomeTests.FullHome(heatPumpMinW: 600));
        Assert.Equal(37 + 8 + 8 + 192, withMinimum.Variables.Count(v => v.Kind == VariableKind.Binary));
    }
}
