using Quartier.Core.Time;

namespace Quartier.Core.Tests.Time;

public sealed class TimeGridTests
{
    private static readonly DateTime Start = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void InstantAt_is_start_plus_k_steps()
    {
        var grid = new TimeGrid(Start, 900, 288);

        Assert.Equal(Start, grid.InstantAt(0));
        Assert.Equal(Start.AddMinutes(15), grid.InstantAt(1));
        Assert.Equal(Start.AddDays(3), grid.InstantAt(288));
        Assert.Equal(DateTimeKind.Utc, grid.InstantAt(1).Kind);
    }

    [Fact]
    public void DurationSeconds_and_End_follow_count_and_step()
    {
        var grid = new TimeGrid(Start, 900, 288);

        Assert.Equal(259_200L, grid.DurationSeconds);
        Assert.Equal(Start.AddDays(3), grid.End);
        Assert.Equal(900L * 5, grid.SecondsAt(5));
    }

    [Fact]
    public void DurationSeconds_does_not_overflow_int()
    {
        var grid = new TimeGrid(Start, 86_400, 100_000);

        Assert.Equal(8_640_000_000L, grid.DurationSeconds);
    }

    [Fact]
    public void Unspecified_start_is_read_as_utc()
    {
        var grid = new TimeGrid(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Unspecified), 60, 1);

        Assert.Equal(DateTimeKind.Utc, grid.Start.Kind);
        Assert.Equal(Start, grid.Start);
    }

    [Fact]
    public void Local_start_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TimeGrid(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Local), 60, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void Step_outside_one_second_to_one_day_is_rejected(int step)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeGrid(Start, step, 1));
    }

    [Fact]
    public void Negative_count_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeGrid(Start, 60, -1));
    }

    [Fact]
    public void FromDuration_divides_duration_into_steps()
    {
        var grid = TimeGrid.FromDuration(Start, 216_000, 900);

        Assert.Equal(240, grid.Count);
        Assert.Equal(900, grid.StepSeconds);
        Assert.Equal(216_000L, grid.DurationSeconds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-900)]
    public void FromDuration_rejects_non_positive_duration(long duration)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeGrid.FromDuration(Start, duration, 900));
        Assert.Equal("durationSeconds", ex.ParamName);
    }

    [Fact]
    public void FromDuration_rejects_duration_that_is_not_whole_steps()
    {
        var ex = Assert.Throws<ArgumentException>(() => TimeGrid.FromDuration(Start, 1000, 900));
        Assert.Equal("durationSeconds", ex.ParamName);
        Assert.Contains("900", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void FromDuration_rejects_non_positive_step(int step)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeGrid.FromDuration(Start, 3600, step));
        Assert.Equal("stepSeconds", ex.ParamName);
    }

    [Fact]
    public void FromDuration_rejects_step_count_beyond_int()
    {
        Assert.Throws<OverflowException>(() => TimeGrid.FromDuration(Start, (long)int.MaxValue + 1, 1));
    }
}
