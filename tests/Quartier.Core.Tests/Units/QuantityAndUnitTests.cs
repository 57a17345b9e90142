using Quartier.Core.Units;

namespace Quartier.Core.Tests.Units;

public sealed class QuantityAndUnitTests
{
    [Fact]
    public void Kilowatt_is_1000_watt()
    {
        Assert.Equal(1000.0, new QuantityAndUnit(null, "POWER", "WATT", "KILO").Factor, 12);
    }

    [Fact]
    public void Megawatt_hour_is_a_million_watt_hours()
    {
        Assert.Equal(1e6, new QuantityAndUnit(null, "ENERGY", "WATTHOUR", "MEGA").Factor, 6);
    }

    [Fact]
    public void Joule_is_one_3600th_watt_hour()
    {
        var unit = new QuantityAndUnit(null, "ENERGY", "JOULE");

        Assert.Equal(1.0 / 3600, unit.Factor, 15);
        Assert.Equal(105_000.0, unit.ToInternal(378_000_000), 6);
    }

    [Fact]
    public void Euro_per_kilowatt_hour_is_kept_as_is()
    {
        var unit = new QuantityAndUnit(null, "COST", "EURO", PerMultiplier: "KILO", PerUnit: "WATTHOUR");

        Assert.Equal(1.0, unit.Factor, 12);
    }

    [Fact]
    public void Euro_per_watt_hour_is_1000_per_kilowatt_hour()
    {
        var unit = new QuantityAndUnit(null, "COST", "EURO", PerUnit: "WATTHOUR");

        Assert.Equal(1000.0, unit.Factor, 9);
    }

    [Fact]
    public void Euro_per_megawatt_hour_is_a_thousandth_per_kilowatt_hour()
    {
        var unit = new QuantityAndUnit(null, "COST", "EURO", PerMultiplier: "MEGA", PerUnit: "WATTHOUR");

        Assert.Equal(0.001, unit.Factor, 15);
    }

    [Fact]
    public void Percent_is_a_hundredth()
    {
        var unit = new QuantityAndUnit(null, "COEFFICIENT", "PERCENT");

        Assert.Equal(0.01, unit.Factor, 15);
        Assert.Equal(0.5, unit.ToInternal(50), 12);
    }

    [Fact]
    public void Kelvin_to_internal_is_celsius()
    {
        var unit = new QuantityAndUnit(null, "TEMPERATURE", "KELVIN");

        Assert.Equal(20.0, unit.ToInternal(293.15), 9);
    }

    [Fact]
    public void Celsius_to_internal_is_unchanged()
    {
        Assert.Equal(21.5, new QuantityAndUnit(null, "TEMPERATURE", "DEGREES_CELSIUS").ToInternal(21.5), 12);
    }

    [Fact]
    public void Unit_names_are_case_insensitive()
    {
        Assert.Equal(1000.0, new QuantityAndUnit(null, "POWER", "watt", "kilo").Factor, 12);
    }

    [Fact]
    public void None_means_factor_one()
    {
        Assert.Equal(1.0, new QuantityAndUnit(null, "POWER", "WATT").Factor, 15);
        Assert.Equal(1.0, QuantityAndUnit.MultiplierFactor("NONE"), 15);
        Assert.Equal(1.0, QuantityAndUnit.MultiplierFactor(string.Empty), 15);
    }

    [Theory]
    [InlineData("MILLI", 1e-3)]
    [InlineData("KILO", 1e3)]
    [InlineData("MEGA", 1e6)]
    [InlineData("GIGA", 1e9)]
    [InlineData("TERA", 1e12)]
    public void Multipliers(string multiplier, double expected)
    {
        Assert.Equal(expected, QuantityAndUnit.MultiplierFactor(multiplier), expected * 1e-12);
    }

    [Fact]
    public void Unknown_multiplier_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => QuantityAndUnit.MultiplierFactor("ZILLION"));
    }

    [Fact]
    public void Unknown_unit_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => new QuantityAndUnit(null, "POWER", "HORSEPOWER").Factor);
    }
}
