using Quartier.Optimization.Modeling;
using Xunit.Abstractions;
using SolverRegistry = Quartier.Optimization.Solvers.Solvers;

namespace Quartier.Optimization.Tests.Solvers;

public sealed class CrossCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void CbcAndGlpkAgreeOnFiftySeededRandomMilps()
    {
        var random = new Random(424242);
        var options = new SolveOptions { RelativeGap = 0 };
        int optimal = 0, infeasible = 0;
        for (var k = 0; k < 50; k++)
        {
            var m = RandomMilps.Create(random, $"random{k}");
            var cbc = SolverRegistry.Cbc.Solve(m, options);
            var glpk = SolverRegistry.Glpk.Solve(m, options);

            Assert.True(cbc.Status == glpk.Status, $"model {k}: {cbc} vs {glpk}\n{m.ToLpFormat()}");
            Assert.True(cbc.Status is SolveStatus.Optimal or SolveStatus.Infeasible, $"model {k}: {cbc}");
            if (cbc.Status == SolveStatus.Optimal)
            {
                optimal++;
                Assert.True(Math.Abs(cbc.Objective - glpk.Objective) <= 1e-6, $"model {k}: {cbc} vs {glpk}\n{m.ToLpFormat()}");
                Assert.True(m.MaxViolation(cbc.Values) <= 1e-6, $"model {k}: CBC point violates by {m.MaxViolation(cbc.Values)}");
                Assert.True(m.MaxViolation(glpk.Values) <= 1e-6, $"model {k}: GLPK point violates by {m.MaxViolation(glpk.Values)}");
            }
            else
            {
                infeasible++;
            }
        }

        output.WriteLine($"{optimal} optimal, {infeasible} infeasible");
        Assert.True(optimal >= 25, $"only {optimal} of 50 random models were feasible; the generator needs retuning");
    }
}
