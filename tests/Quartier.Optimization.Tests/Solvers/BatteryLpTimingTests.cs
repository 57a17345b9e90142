using System.Diagnostics;
using Quartier.Optimization.Modeling;
using Xunit.Abstractions;
using SolverRegistry = Quartier.Optimization.Solvers.Solvers;

namespace Quartier.Optimization.Tests.Solvers;

/// <summary>A 192-step (48 h at 15 min) home-battery LP: build + solve time and cross-solver agreement.</summary>
public sealed class BatteryLpTimingTests(ITestOutputHelper output)
{
    private const int Steps = 192;
    private const double Dt = 0.25;          // h
    private const double Capacity = 10;      // kWh
    private const double MaxPower = 5;       // kW
    private const double Efficiency = 0.95;  // one way

    [Fact]
    public void BuildsAndSolvesQuicklyAndBothSolversAgree()
    {
        var (cold, _) = BuildAndSolve("cbc");
        Assert.Equal(SolveStatus.Optimal, cold.Status);

        var times = new double[5];
        Solution cbc = cold;
        for (var k = 0; k < times.Length; k++)
        {
            var clock = Stopwatch.StartNew();
            (cbc, _) = BuildAndSolve("cbc");
            times[k] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var glpkClock = Stopwatch.StartNew();
        var (glpk, model) = BuildAndSolve("glpk");
        var glpkMs = glpkClock.Elapsed.TotalMilliseconds;

        output.WriteLine($"{model.Variables.Count} variables, {model.Constraints.Count} rows");
        output.WriteLine($"CBC build+solve: first {cold.SolveSeconds * 1000:F1} ms in solver (cold, incl. native load), warm median {times[2]:F1} ms (min {times[0]:F1}, max {times[^1]:F1}); solver part {cbc.SolveSeconds * 1000:F1} ms");
        output.WriteLine($"GLPK build+solve: {glpkMs:F1} ms; objective CBC {cbc.Objective:F6} GLPK {glpk.Objective:F6}");

        Assert.Equal(5 * Steps, model.Variables.Count);
        Assert.Equal(SolveStatus.Optimal, cbc.Status);
        Assert.Equal(SolveStatus.Optimal, glpk.Status);
        Assert.Equal(cbc.Objective, glpk.Objective, 6);
        Assert.True(model.MaxViolation(cbc.Values) < 1e-6);
        Assert.True(times[2] < 5000, $"median {times[2]} ms");

        // The battery must pay off: the optimum is below the no-battery cost (import all deficits, export all surplus).
        var noBattery = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            var net = Load(t) - Pv(t);
            noBattery += net > 0 ? net * Dt * Price(t) : net * Dt * FeedIn;
        }

        Assert.True(cbc.Objective < noBattery - 1, $"optimum {cbc.Objective} vs no battery {noBattery}");
    }

    private static (Solution Solution, Model Model) BuildAndSolve(string backend)
    {
        var m = new Model("battery192");
        var cost = new LinearExpression(2 * Steps);
        Variable previous = default;
        for (var t = 0; t < Steps; t++)
        {
            var charge = m.Continuous($"charge[{t}]", 0, MaxPower);
            var discharge = m.Continuous($"discharge[{t}]", 0, MaxPower);
            var soc = m.Continuous($"soc[{t}]", 0, Capacity);
            var import = m.Continuous($"import[{t}]");
            var export = m.Continuous($"export[{t}]", 0, 10);

            // soc[t] = soc[t-1] + dt (eta c - d / eta); soc[-1] = 5 kWh.
            var balance = new LinearExpression(4).Add(soc).Add(charge, -Dt * Efficiency).Add(discharge, Dt / Efficiency);
            if (t == 0)
            {
                m.AddEq(balance, 5, $"soc_balance[{t}]");
            }
            else
            {
                m.AddEq(balance.Add(previous, -1), 0, $"soc_balance[{t}]");
            }

            // import - export - charge + discharge = load - pv
            m.AddEq(new LinearExpression(4).Add(import).Add(export, -1).Add(charge, -1).Add(discharge), Load(t) - Pv(t), $"power[{t}]");
            cost.Add(import, Dt * Price(t)).Add(export, -Dt * FeedIn);
            previous = soc;
        }

        m.AddGe(1.0 * previous, 5, "final_soc");
        m.Minimize(cost);
        return (SolverRegistry.ByName(backend).Solve(m), m);
    }

    private const double FeedIn = 0.08;

    private static double Hour(int t) => t * Dt % 24;

    private static double Load(int t) => 0.4 + (Hour(t) is >= 17 and < 22 ? 1.6 : 0) + (Hour(t) is >= 7 and < 9 ? 0.8 : 0);

    private static double Pv(int t) => Math.Max(0, 4.5 * Math.Sin(Math.PI * (Hour(t) - 6) / 14));

    private static double Price(int t) => Hour(t) is >= 17 and < 21 ? 0.42 : Hour(t) < 6 ? 0.22 : 0.31;
}
