using Quartier.Resources.S2;

namespace Quartier.Resources.Tests.S2;

public sealed class S2TypesTests
{
    [Fact]
    public void Commodity_quantities_use_the_exact_schema_strings()
    {
        string[] expected =
        [
            "ELECTRIC.POWER.L1", "ELECTRIC.POWER.L2", "ELECTRIC.POWER.L3", "ELECTRIC.POWER.3_PHASE_SYMMETRIC",
            "NATURAL_GAS.FLOW_RATE", "HYDROGEN.FLOW_RATE", "HEAT.TEMPERATURE", "HEAT.FLOW_RATE", "HEAT.THERMAL_POWER", "OIL.FLOW_RATE",
        ];

        Assert.Equal(expected, S2EnumNames.All<CommodityQuantity>());
        Assert.Equal("\"ELECTRIC.POWER.3_PHASE_SYMMETRIC\"", System.Text.Json.JsonSerializer.Serialize(CommodityQuantity.ElectricPower3PhaseSymmetric, S2Json.Options));
        Assert.True(S2EnumNames.TryParse<CommodityQuantity>("HEAT.THERMAL_POWER", out var q));
        Assert.Equal(CommodityQuantity.HeatThermalPower, q);
        Assert.False(S2EnumNames.TryParse<CommodityQuantity>("heat.thermal_power", out _));
        Assert.Equal(["NEW", "ACCEPTED", "REJECTED", "REVOKED", "STARTED", "SUCCEEDED", "ABORTED"], S2EnumNames.All<InstructionStatus>());
    }

    [Theory]
    [InlineData(CommodityQuantity.ElectricPowerL1, Commodity.Electricity)]
    [InlineData(CommodityQuantity.ElectricPowerL2, Commodity.Electricity)]
    [InlineData(CommodityQuantity.ElectricPowerL3, Commodity.Electricity)]
    [InlineData(CommodityQuantity.ElectricPower3PhaseSymmetric, Commodity.Electricity)]
    [InlineData(CommodityQuantity.NaturalGasFlowRate, Commodity.Gas)]
    [InlineData(CommodityQuantity.HydrogenFlowRate, Commodity.Gas)]
    [InlineData(CommodityQuantity.HeatTemperature, Commodity.Heat)]
    [InlineData(CommodityQuantity.HeatFlowRate, Commodity.Heat)]
    [InlineData(CommodityQuantity.HeatThermalPower, Commodity.Heat)]
    [InlineData(CommodityQuantity.OilFlowRate, Commodity.Oil)]
    public void Each_commodity_quantity_belongs_to_one_commodity(CommodityQuantity quantity, Commodity commodity) =>
        Assert.Equal(commodity, S2Commodities.Of(quantity));

    [Fact]
    public void Duration_is_whole_milliseconds()
    {
        Assert.Equal(900_000, Duration.FromTimeSpan(TimeSpan.FromMinutes(15)).Milliseconds);
        Assert.Equal(250, Duration.FromSeconds(0.25).Milliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(2_500), new Duration(2_500).ToTimeSpan());
        Assert.Equal(2.5, new Duration(2_500).TotalSeconds);
        Assert.Equal("2500 ms", new Duration(2_500).ToString());
        Assert.Equal("2500", System.Text.Json.JsonSerializer.Serialize(new Duration(2_500), S2Json.Options));
        Assert.Equal(3, S2Json.Parse<Duration>("3.0").Milliseconds); // JSON Schema counts 3.0 as an integer
    }

    [Fact]
    public void Timestamps_are_written_as_rfc3339_with_z_for_utc()
    {
        static string Write(DateTimeOffset t) => System.Text.Json.JsonSerializer.Serialize(t, S2Json.Options);

        Assert.Equal("\"2024-05-01T12:00:00Z\"", Write(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("\"2024-05-01T12:00:00.123Z\"", Write(new DateTimeOffset(2024, 5, 1, 12, 0, 0, 123, TimeSpan.Zero)));
        Assert.Equal("\"2024-05-01T14:00:00-03:30\"", Write(new DateTimeOffset(2024, 5, 1, 14, 0, 0, new TimeSpan(-3, -30, 0))));
        Assert.Equal(
            new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
            S2Json.Parse<DateTimeOffset>("\"2024-05-01T12:00:00+02:00\""));
    }

    [Fact]
    public void Ranges_interpolate_from_factor_zero_to_one()
    {
        var power = new PowerRange { StartOfRange = 1000, EndOfRange = 2500, CommodityQuantity = CommodityQuantity.ElectricPowerL1 };

        Assert.Equal(1000, power.At(0));
        Assert.Equal(1750, power.At(0.5));
        Assert.Equal(2500, power.At(1));
        Assert.Equal(1.5, NumberRange.Of(1, 2).At(0.5));
        Assert.Equal(NumberRange.Of(1, 2), new NumberRange { StartOfRange = 1, EndOfRange = 2 });
    }
}
