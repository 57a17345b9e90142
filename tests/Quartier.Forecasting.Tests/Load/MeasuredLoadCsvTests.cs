using Quartier.Core.Errors;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Load;
using Quartier.Forecasting.Tests.Forecasts;

namespace Quartier.Forecasting.Tests.Load;

public sealed class MeasuredLoadCsvTests
{
    private static TimeSeries Parse(string text, TimeZoneInfo? zone = null) => MeasuredLoadCsv.Parse(new StringReader(text), "load.csv", zone);

    private static InputException Fails(string text) => Assert.Throws<InputException>(() => Parse(text));

    [Fact]
    public void Reads_power_in_kilowatts_as_watts()
    {
        var s = Parse("time,power [kW]\n2024-01-01T00:00:00Z,0.5\n2024-01-01T00:15:00Z,1.25\n2024-01-01T00:30:00Z,2\n");
        Assert.Equal(900, s.StepSeconds);
        Assert.Equal(SeriesKind.Mean, s.Kind);
        Assert.Equal("W", s.Unit);
        Assert.Equal([500.0, 1250.0, 2000.0], s.Values);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(937.5, s.Integral(), 9);
    }

    [Fact]
    public void Reads_interval_energy_with_semicolons_comments_and_offsets()
    {
        var s = Parse("# exported by a meter portal\ntime;energy_kWh\n2024-01-01T01:00:00+01:00;0.4\n\n2024-01-01T02:00:00+01:00;0.6\n");
        Assert.Equal(SeriesKind.Amount, s.Kind);
        Assert.Equal("Wh", s.Unit);
        Assert.Equal([400.0, 600.0], s.Values);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(3600, s.StepSeconds);
    }

    [Fact]
    public void Cumulative_meter_readings_become_interval_energy()
    {
        var s = Parse("time,meter reading (kWh)\n1704067200,1000.0\n1704070800,1000.5\n1704074400,1001.75\n");
        Assert.Equal(2, s.Count);
        Assert.Equal([500.0, 1250.0], s.Values);
        Assert.Equal(SeriesKind.Amount, s.Kind);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
    }

    [Fact]
    public void Naive_times_are_read_in_the_given_zone()
    {
        var s = Parse("time,power [W]\n2024-07-01 12:00,100\n2024-07-01 13:00,200\n", TestZones.Cet);
        Assert.Equal(new DateTime(2024, 7, 1, 10, 0, 0, DateTimeKind.Utc), s.Start);
    }

    [Fact]
    public void Errors_name_file_and_line()
    {
        var gap = Fails("time,power [W]\n2024-01-01T00:00Z,1\n2024-01-01T01:00Z,2\n2024-01-01T03:00Z,3\n");
        Assert.Equal("load.csv", gap.File);
        Assert.Equal(4, gap.Line);
        Assert.Contains("gap", gap.Message, StringComparison.Ordinal);
        Assert.StartsWith("load.csv:4: ", gap.Located, StringComparison.Ordinal);

        var back = Fails("time,power [W]\n2024-01-01T01:00Z,1\n2024-01-01T02:00Z,2\n2024-01-01T01:30Z,3\n");
        Assert.Equal(4, back.Line);
        Assert.Contains("not after", back.Message, StringComparison.Ordinal);

        var repeat = Fails("time,power [W]\n2024-01-01T01:00Z,1\n2024-01-01T01:00Z,2\n");
        Assert.Equal(3, repeat.Line);

        var irregular = Fails("time,power [W]\n2024-01-01T00:00Z,1\n2024-01-01T01:00Z,2\n2024-01-01T01:30Z,3\n");
        Assert.Contains("irregular", irregular.Message, StringComparison.Ordinal);

        var number = Fails("time,power [W]\n2024-01-01T00:00Z,1\n2024-01-01T01:00Z,1,5\n2024-01-01T02:00Z,1e400\n");
        Assert.Equal(4, number.Line);
        Assert.Contains("'1e400'", number.Message, StringComparison.Ordinal);

        var time = Fails("time,power [W]\nyesterday,1\n");
        Assert.Equal(2, time.Line);

        var unit = Fails("time,power [PS]\n2024-01-01T00:00Z,1\n2024-01-01T01:00Z,1\n");
        Assert.Equal(1, unit.Line);
        Assert.Contains("'PS'", unit.Message, StringComparison.Ordinal);

        var noUnit = Fails("time,power\n2024-01-01T00:00Z,1\n");
        Assert.Contains("no unit", noUnit.Message, StringComparison.Ordinal);

        var meter = Fails("time,meter [kWh]\n2024-01-01T00:00Z,10\n2024-01-01T01:00Z,9\n");
        Assert.Equal(3, meter.Line);
        Assert.Contains("cannot fall", meter.Message, StringComparison.Ordinal);

        var single = Fails("time,power [W]\n2024-01-01T00:00Z,1\n");
        Assert.Contains("at least two", single.Message, StringComparison.Ordinal);
    }
}
