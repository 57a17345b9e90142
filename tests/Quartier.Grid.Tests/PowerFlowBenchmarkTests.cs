using System.Diagnostics;
using Quartier.Grid.PowerFlow;
using Xunit.Abstractions;

namespace Quartier.Grid.Tests;

/// <summary>
/// Benchmark note (issue 6 target: Arch72 ≤ 50 µs median per step, a year of 15-min steps ≤ 2 s): solves Arch72
/// (188 buses, 187 cables, 60 connections) for 35,040 steps with independent random loads per phase
/// (0–1.5 kW, 0–0.3 kvar, seeded) and reports the median and total solve time.
/// </summary>
public sealed class PowerFlowBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public void Arch72_year_of_quarter_hours()
    {
        const int steps = 35_040;
        var net = NetworkBuilderTests.Arch72();
        var solver = new PowerFlowSolver(net);
        var rng = new Random(2024);
        var times = new double[steps];
        var p = new double[solver.LoadP.Length];
        var q = new double[solver.LoadQ.Length];
        int maxIterations = 0;
        long total = 0;
        for (int step = 0; step < steps; step++)
        {
            for (int k = 0; k < p.Length; k++)
            {
                p[k] = rng.NextDouble() * 1500;
                q[k] = rng.NextDouble() * 300;
            }

            long t0 = Stopwatch.GetTimestamp();
            Array.Copy(p, solver.LoadP, p.Length);
            Array.Copy(q, solver.LoadQ, q.Length);
            bool ok = solver.Solve();
            long dt = Stopwatch.GetTimestamp() - t0;
            Assert.True(ok, $"step {step} did not converge");
            total += dt;
            times[step] = dt * 1e6 / Stopwatch.Frequency;
            maxIterations = Math.Max(maxIterations, solver.Result.Iterations);
        }

        Array.Sort(times);
        double median = times[steps / 2];
        double totalSeconds = (double)total / Stopwatch.Frequency;
        output.WriteLine($"Arch72 {steps} steps: median {median:0.0} µs, p99 {times[(int)(steps * 0.99)]:0.0} µs, total {totalSeconds:0.000} s, max sweeps {maxIterations}");

        // Loose bounds so a busy CI machine does not fail; the note reports the measured figures.
        Assert.InRange(totalSeconds, 0, 20);
        Assert.InRange(maxIterations, 1, 20);
    }
}
