using Quartier.Core.Errors;
using Quartier.Optimization.Modeling;
using Quartier.Optimization.Solvers;
using SolverRegistry = Quartier.Optimization.Solvers.Solvers;

namespace Quartier.Optimization.Tests.Solvers;

/// <summary>Changes process environment variables, so it runs alone after the parallel tests.</summary>
[CollectionDefinition(nameof(SolverEnvironmentCollection), DisableParallelization = true)]
public sealed class SolverEnvironmentCollection;

[Collection(nameof(SolverEnvironmentCollection))]
public sealed class AvailabilityTests
{
    private static Model Tiny()
    {
        var m = new Model("tiny");
        var x = m.Continuous("x", 0, 2);
        m.Maximize(1.0 * x);
        return m;
    }

    [Theory]
    [InlineData("QUARTIER_CBC_LIBRARY", "cbc", "CBC is not installed: /nonexistent/libCbcSolver.so.3 not found; install it with `sudo apt-get install coinor-libcbc3` (or run scripts/setup)")]
    [InlineData("QUARTIER_GLPK_LIBRARY", "glpk", "GLPK is not installed: /nonexistent/libglpk.so.40 not found; install it with `sudo apt-get install libglpk40` (or run scripts/setup)")]
    public void MissingLibraryThrowsWithTheInstallHint(string variable, string backend, string expectedStart)
    {
        var before = Environment.GetEnvironmentVariable(variable);
        try
        {
            Environment.SetEnvironmentVariable(variable, backend == "cbc" ? "/nonexistent/libCbcSolver.so.3" : "/nonexistent/libglpk.so.40");
            var e = Assert.Throws<SolverUnavailableException>(() => SolverRegistry.ByName(backend).Solve(Tiny()));
            Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
            Assert.Contains(variable, e.Message, StringComparison.Ordinal);
            Assert.False(backend == "cbc" ? CbcSolver.IsAvailable : GlpkSolver.IsAvailable);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
        }

        // Back to the installed library.
        Assert.True(backend == "cbc" ? CbcSolver.IsAvailable : GlpkSolver.IsAvailable);
        Assert.Equal(2, SolverRegistry.ByName(backend).Solve(Tiny()).Objective, 9);
    }

    [Fact]
    public void InstalledVersionsAndRegistry()
    {
        Assert.StartsWith("2.10", CbcSolver.Version, StringComparison.Ordinal);
        Assert.StartsWith("5.", GlpkSolver.Version, StringComparison.Ordinal);
        Assert.Same(SolverRegistry.Cbc, SolverRegistry.Default);
        Assert.Same(SolverRegistry.Glpk, SolverRegistry.ByName(" GLPK "));
        Assert.Equal("cbc", SolverRegistry.ByName("default").Name);
        var e = Assert.Throws<InputException>(() => SolverRegistry.ByName("gurobi"));
        Assert.Equal("Unknown solver 'gurobi'; allowed: cbc, glpk (or default).", e.Message);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<InputException>(() => SolverRegistry.Cbc.Solve(Tiny(), new SolveOptions { TimeLimitSeconds = 0 }));
        Assert.Throws<InputException>(() => SolverRegistry.Glpk.Solve(Tiny(), new SolveOptions { RelativeGap = double.NaN }));
        Assert.Equal("AbsoluteGap", Assert.Throws<InputException>(() => SolverRegistry.Cbc.Solve(Tiny(), new SolveOptions { AbsoluteGap = -1 })).ElementId);
        var e = Assert.Throws<InputException>(() => SolverRegistry.Cbc.Solve(Tiny(), new SolveOptions { MaxNodes = -1 }));
        Assert.Equal("MaxNodes", e.ElementId);
        var nan = Assert.Throws<InputException>(() => SolverRegistry.Cbc.Solve(Tiny(), new SolveOptions { Start = [new(new Variable(0), double.NaN)] }));
        Assert.Equal("Start", nan.ElementId);
        var outside = Assert.Throws<InputException>(() => SolverRegistry.Cbc.Solve(Tiny(), new SolveOptions { Start = [new(new Variable(999), 1)] }));
        Assert.Contains("not in the model", outside.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A MIP start is CBC's first incumbent: with no branch and bound allowed (node limit 0) the result is at least as
    /// good as the optimum given as the start, on random MILPs; a start that breaks a row is ignored, not an error.
    /// </summary>
    [Fact]
    public void A_mip_start_is_kept_as_the_first_incumbent()
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var model = RandomMilps.Create(new Random(seed), $"start{seed}");
            var full = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0 });
            if (!full.HasValues)
            {
                continue;
            }

            var start = model.Variables.Select((_, i) => new KeyValuePair<Variable, double>(new Variable(i), full.Value(new Variable(i)))).ToList();
            var warm = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0, MaxNodes = 0, Start = start });
            Assert.True(warm.HasValues, warm.Message);
            double sign = model.Sense == ObjectiveSense.Minimize ? 1 : -1;
            Assert.True(sign * (warm.Objective - full.Objective) <= 1e-6, $"seed {seed}: {warm.Objective} with the optimum {full.Objective} as start");
            Assert.True(model.MaxViolation(warm.Values) < 1e-6);

            var bad = model.Variables.Select((_, i) => new KeyValuePair<Variable, double>(new Variable(i), 1e6)).ToList();
            var ignored = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0, Start = bad });
            Assert.Equal(full.Objective, ignored.Objective, 1e-6);
        }
    }

    [Fact]
    public void A_node_limit_stops_cbc_at_the_same_incumbent_every_time_and_never_above_the_optimum()
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var model = RandomMilps.Create(new Random(seed), $"nodes{seed}");
            var full = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0 });
            var a = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0, MaxNodes = 1 });
            var b = SolverRegistry.Cbc.Solve(model, new SolveOptions { RelativeGap = 0, MaxNodes = 1 });
            if (!full.HasValues)
            {
                continue;
            }

            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.HasValues, b.HasValues);
            if (a.HasValues)
            {
                Assert.Equal(a.Objective, b.Objective);
                Assert.True(a.Status is SolveStatus.Optimal or SolveStatus.Feasible, a.Message);
                double sign = model.Sense == ObjectiveSense.Minimize ? 1 : -1;
                Assert.True(sign * (a.Objective - full.Objective) >= -1e-6, $"{a.Objective} beats the optimum {full.Objective}");
                Assert.True(model.MaxViolation(a.Values) < 1e-6);
            }
        }
    }
}
