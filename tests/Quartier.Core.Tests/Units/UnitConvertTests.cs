using Quartier.Core.Units;

namespace Quartier.Core.Tests.Units;

public sealed class UnitConvertTests
{
    [Fact]
    public void Joules_and_watt_hours_convert_both_ways()
    {
        Assert.Equal(1.0, UnitConvert.JoulesToWattHours(3600), 12);
        Assert.Equal(105_000.0, UnitConvert.JoulesToWattHours(378_000_000), 9);
        Assert.Equal(3600.0, UnitConvert.WattHoursToJoules(1), 12);
        Assert.Equal(12_345.678, UnitConvert.JoulesToWattHours(UnitConvert.WattHoursToJoules(12_345.678)), 9);
    }

    [Fact]
    public void Kelvin_and_celsius_convert_both_ways()
    {
        Assert.Equal(20.0, UnitConvert.KelvinToCelsius(293.15), 9);
        Assert.Equal(0.0, UnitConvert.KelvinToCelsius(273.15), 12);
        Assert.Equal(273.15, UnitConvert.CelsiusToKelvin(0), 12);
        Assert.Equal(-5.5, UnitConvert.KelvinToCelsius(UnitConvert.CelsiusToKelvin(-5.5)), 9);
    }

    [Fact]
    public void Percent_and_ratio_convert_both_ways()
    {
        Assert.Equal(0.5, UnitConvert.PercentToRatio(50), 12);
        Assert.Equal(50.0, UnitConvert.RatioToPercent(0.5), 12);
    }

    [Fact]
    public void Reactive_power_at_power_factor_095()
    {
        const double p = 1000;
        var q = UnitConvert.ReactivePower(p, 0.95);

        Assert.Equal(p * 0.328684, q, 3);
        Assert.Equal(p * Math.Tan(Math.Acos(0.95)), q, 9);
    }

    [Fact]
    public void Reactive_power_at_unity_power_factor_is_zero()
    {
        Assert.Equal(0.0, UnitConvert.ReactivePower(5000, 1.0), 12);
    }

    [Fact]
    public void Reactive_power_keeps_the_sign_of_active_power()
    {
        Assert.Equal(-UnitConvert.ReactivePower(1000, 0.9), UnitConvert.ReactivePower(-1000, 0.9), 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.1)]
    [InlineData(-0.5)]
    public void Reactive_power_rejects_power_factor_outside_zero_to_one(double pf)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UnitConvert.ReactivePower(1000, pf));
        Assert.Equal("powerFactor", ex.ParamName);
    }
}
