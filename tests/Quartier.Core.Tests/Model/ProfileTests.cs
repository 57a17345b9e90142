using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Core.Tests.Model;

public sealed class ProfileTests
{
    private static readonly DateTime T0 = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Elements [0,15) = 1, [15,30) = 2, gap [30,45), [45,60) = 4 minutes after T0, given out of order.</summary>
    private static DateTimeProfile WithGap() => new(
        "p1",
        "demand",
        null,
        7,
        [
            (T0.AddMinutes(45), T0.AddMinutes(60), 4.0),
            (T0, T0.AddMinutes(15), 1.0),
            (T0.AddMinutes(15), T0.AddMinutes(30), 2.0),
        ]);

    [Fact]
    public void DateTimeProfile_value_inside_an_element()
    {
        var p = WithGap();

        Assert.Equal(1.0, p.ValueAt(T0));
        Assert.Equal(1.0, p.ValueAt(T0.AddMinutes(14).AddSeconds(59)));
        Assert.Equal(2.0, p.ValueAt(T0.AddMinutes(15)));
        Assert.Equal(2.0, p.ValueAt(T0.AddMinutes(20)));
        Assert.Equal(4.0, p.ValueAt(T0.AddMinutes(45)));
        Assert.Equal(4.0, p.ValueAt(T0.AddMinutes(59)));
    }

    [Fact]
    public void DateTimeProfile_gap_reads_zero()
    {
        var p = WithGap();

        Assert.Equal(0.0, p.ValueAt(T0.AddMinutes(30)));
        Assert.Equal(0.0, p.ValueAt(T0.AddMinutes(44)));
    }

    [Fact]
    public void DateTimeProfile_before_and_after_read_zero()
    {
        var p = WithGap();

        Assert.Equal(0.0, p.ValueAt(T0.AddTicks(-1)));
        Assert.Equal(0.0, p.ValueAt(T0.AddDays(-1)));
        Assert.Equal(0.0, p.ValueAt(T0.AddMinutes(60)));
        Assert.Equal(0.0, p.ValueAt(T0.AddDays(1)));
    }

    [Fact]
    public void DateTimeProfile_keeps_elements_sorted_with_span_and_identity()
    {
        var p = WithGap();

        Assert.Equal(3, p.Count);
        Assert.Equal([1.0, 2.0, 4.0], p.Values.ToArray());
        Assert.Equal((T0, T0.AddHours(1)), p.Span);
        Assert.Equal("p1", p.Id);
        Assert.Equal("demand", p.Name);
        Assert.Equal(7, p.Line);
    }

    [Fact]
    public void DateTimeProfile_without_elements_has_no_span_and_reads_zero()
    {
        var p = new DateTimeProfile(null, null, null, 1, []);

        Assert.Null(p.Span);
        Assert.Equal(0.0, p.ValueAt(T0));
    }

    [Fact]
    public void DateTimeProfile_element_ending_before_it_starts_is_an_input_error()
    {
        var ex = Assert.Throws<InputException>(() => new DateTimeProfile("bad", null, null, 12, [(T0.AddMinutes(15), T0, 1.0)]));

        Assert.Equal(12, ex.Line);
        Assert.Equal("bad", ex.ElementId);
    }

    [Fact]
    public void DateTimeProfile_samples_onto_a_grid()
    {
        var p = WithGap();
        var destination = new double[4];

        p.Sample(T0, 900, 0, destination);

        Assert.Equal([1.0, 2.0, 0.0, 4.0], destination);
    }

    [Fact]
    public void DateTimeProfile_sample_with_first_step_offset()
    {
        var p = WithGap();
        var destination = new double[3];

        p.Sample(T0, 900, 1, destination);

        Assert.Equal([2.0, 0.0, 4.0], destination);
    }

    [Fact]
    public void TimeSeriesProfile_steps_from_start()
    {
        var p = new TimeSeriesProfile("ts", null, null, 3, T0, 3600, [10.0, 20.0, 30.0]);

        Assert.Equal(10.0, p.ValueAt(T0));
        Assert.Equal(10.0, p.ValueAt(T0.AddMinutes(59)));
        Assert.Equal(20.0, p.ValueAt(T0.AddHours(1)));
        Assert.Equal(30.0, p.ValueAt(T0.AddHours(2).AddMinutes(30)));
        Assert.Equal(3600, p.StepSeconds);
        Assert.Equal([10.0, 20.0, 30.0], p.Values.ToArray());
    }

    [Fact]
    public void TimeSeriesProfile_before_and_after_read_zero()
    {
        var p = new TimeSeriesProfile("ts", null, null, 3, T0, 3600, [10.0, 20.0, 30.0]);

        Assert.Equal(0.0, p.ValueAt(T0.AddSeconds(-1)));
        Assert.Equal(0.0, p.ValueAt(T0.AddHours(3)));
    }

    [Fact]
    public void TimeSeriesProfile_span_covers_all_steps_and_start_is_utc()
    {
        var p = new TimeSeriesProfile("ts", null, null, 3, DateTime.SpecifyKind(T0, DateTimeKind.Unspecified), 900, new double[96]);

        Assert.Equal(DateTimeKind.Utc, p.Start.Kind);
        Assert.Equal((T0, T0.AddDays(1)), p.Span);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3600)]
    public void TimeSeriesProfile_rejects_non_positive_step(int step)
    {
        var ex = Assert.Throws<InputException>(() => new TimeSeriesProfile("ts", null, null, 9, T0, step, [1.0]));

        Assert.Equal(9, ex.Line);
        Assert.Equal("ts", ex.ElementId);
    }

    [Fact]
    public void SingleValueProfile_is_the_same_at_all_times_and_unbounded()
    {
        var unit = new QuantityAndUnit(null, "POWER", "WATT", "KILO");
        var p = new SingleValueProfile("sv", "price", unit, 4, 2.5);

        Assert.Equal(2.5, p.Value);
        Assert.Equal(2.5, p.ValueAt(DateTime.MinValue));
        Assert.Equal(2.5, p.ValueAt(T0));
        Assert.Equal(2.5, p.ValueAt(DateTime.MaxValue));
        Assert.Null(p.Span);
        Assert.Same(unit, p.Unit);
    }

    private static InfluxDbProfile Influx() => new(
        "ifx",
        "load",
        null,
        42,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["measurement"] = "standard_profiles",
            ["field"] = "E1A",
            ["host"] = "profiles.warmingup.info",
        });

    [Fact]
    public void InfluxDbProfile_unbound_is_an_input_error_naming_measurement_and_field()
    {
        var p = Influx();

        Assert.False(p.IsBound);
        Assert.Null(p.Span);
        var ex = Assert.Throws<InputException>(() => p.ValueAt(T0));
        Assert.Contains("standard_profiles", ex.Message, StringComparison.Ordinal);
        Assert.Contains("E1A", ex.Message, StringComparison.Ordinal);
        Assert.Equal(42, ex.Line);
        Assert.Equal("ifx", ex.ElementId);
    }

    [Fact]
    public void InfluxDbProfile_exposes_its_attributes()
    {
        var p = Influx();

        Assert.Equal("standard_profiles", p.Measurement);
        Assert.Equal("E1A", p.Field);
        Assert.Equal("profiles.warmingup.info", p.Attributes["host"]);
    }

    [Fact]
    public void InfluxDbProfile_without_measurement_or_field_says_so()
    {
        var p = new InfluxDbProfile(null, null, null, 1, new Dictionary<string, string>());

        Assert.Equal("?", p.Measurement);
        Assert.Equal("?", p.Field);
    }

    [Fact]
    public void InfluxDbProfile_after_bind_returns_the_data()
    {
        var p = Influx();
        var data = new TimeSeriesProfile("data", null, null, 0, T0, 900, [1.0, 2.0]);

        p.Bind(data);

        Assert.True(p.IsBound);
        Assert.Equal(1.0, p.ValueAt(T0));
        Assert.Equal(2.0, p.ValueAt(T0.AddMinutes(15)));
        Assert.Equal(0.0, p.ValueAt(T0.AddMinutes(30)));
        Assert.Equal((T0, T0.AddMinutes(30)), p.Span);
    }
}
