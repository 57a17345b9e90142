using System.Globalization;
using Quartier.Optimization.Home;
using Quartier.Optimization.Modeling;
using Xunit.Abstractions;

namespace Quartier.Optimization.Tests.Home;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.0, "cbc")]
    [InlineData(600.0, "cbc")]
    [InlineData(0.0, "glpk")]
    public void Probe(double hpMin, string solver)
    {
        var input = HomePlannerFullHomeTests.FullHome(false, hpMin);
        var s = Quartier.Optimization.Solvers.Solvers.ByName(solver);
        for (var r = 0; r < 3; r++)
        {
            var plan = HomePlanner.Plan(input, s, new SolveOptions { TimeLimitSeconds = 5, Log = r == 2 && hpMin == 0 });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{solver} hpmin {hpMin}: {plan.Status} {plan.SolveSeconds * 1000:F1} ms obj {plan.ObjectiveEur:F6} msg {plan.SolverMessage}"));
        }
    }
}
