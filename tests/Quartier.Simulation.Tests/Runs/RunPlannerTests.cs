using Quartier.Core.Errors;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

public sealed class RunPlannerTests
{
    private static readonly DateTime Start = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void By_default_a_run_spans_the_profiles_less_one_step()
    {
        // 288 quarter hours of profiles: step k uses the value from start + k·900 s, so 287 steps fit
        var grid = RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions());
        Assert.Equal(Start, grid.Start);
        Assert.Equal(900, grid.StepSeconds);
        Assert.Equal(287, grid.Count);
    }

    [Fact]
    public void Start_and_duration_can_be_given()
    {
        // DOTS's small-test POST: 216,000 s (60 h) from the profile start
        var dots = RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions { DurationSeconds = 216_000 });
        Assert.Equal(240, dots.Count);

        var grid = RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions { Start = Start.AddHours(12), DurationSeconds = 172_800 });
        Assert.Equal(Start.AddHours(12), grid.Start);
        Assert.Equal(192, grid.Count);

        // 60 h from 12 h in would need the value from 72 h + 15 min, past the profiles
        var ex = Assert.Throws<InputException>(() => RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions { Start = Start.AddHours(12), DurationSeconds = 216_000 }));
        Assert.Contains("shorten the duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_hourly_step_over_the_default_span()
    {
        var grid = RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions { StepSeconds = 3600 });
        Assert.Equal(71, grid.Count);
    }

    [Theory]
    [InlineData(0L, 900)]
    [InlineData(1000L, 900)]
    [InlineData(259_200L, 900)]
    [InlineData(900L, 0)]
    [InlineData(500L, 900)]
    public void Bad_durations_and_steps_are_input_errors(long duration, int step)
    {
        Assert.Throws<InputException>(() => RunPlanner.Plan(ReferenceData.SmallTest, new RunOptions { DurationSeconds = duration, StepSeconds = step }));
    }

    [Fact]
    public void A_system_without_profiles_needs_a_start()
    {
        var system = new EsdlBuilder().Building("H").Connection().Build();
        var ex = Assert.Throws<InputException>(() => RunPlanner.Plan(system, new RunOptions()));
        Assert.Equal("start", ex.Field);
        var grid = RunPlanner.Plan(system, new RunOptions { Start = Start, DurationSeconds = 3600 });
        Assert.Equal(4, grid.Count);
    }
}
