using Quartier.Optimization.Modeling;
using Quartier.Optimization.Solvers;
using SolverRegistry = Quartier.Optimization.Solvers.Solvers;

namespace Quartier.Optimization.Tests.Modeling;

public sealed class LpFormatTests
{
    private static Model Golden()
    {
        var m = new Model("golden");
        var x = m.Continuous("x", 0, 4);
        var y = m.Continuous("y", double.NegativeInfinity, double.PositiveInfinity);
        var z = m.Integer("z", -2, 5);
        var b = m.Binary("b on");
        var f = m.Continuous("fixed", 2, 2);
        var l = m.Continuous("lower", -3);
        var u = m.Continuous("neg", double.NegativeInfinity, 7);
        m.AddLe(x + (2 * y) - z + x, 10, "cap[1]");
        m.AddGe((3 * b) + (0.5 * l) - f, -1.5, "floor");
        m.AddEq(y + u + 1, 4, "balance");
        m.Maximize(x + (1.5 * y) - (2 * b) + 7);
        return m;
    }

    [Fact]
    public void WritesTheGoldenText()
    {
        const string expected = """
            \Problem name: golden
            Maximize
             obj: x + 1.5 y - 2 b_on + 7 obj_constant
            Subject To
             cap_1_: 2 x + 2 y - z <= 10
             floor: 3 b_on - fixed + 0.5 lower >= -1.5
             balance: y + neg = 3
            Bounds
             x <= 4
             y free
             -2 <= z <= 5
             fixed = 2
             lower >= -3
             -inf <= neg <= 7
             obj_constant = 1
            General
             z
            Binary
             b_on
            End

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Golden().ToLpFormat());
    }

    [Fact]
    public void MinimizeWithoutObjectiveAndEmptySections()
    {
        var m = new Model("feasibility");
        var x = m.Continuous("x");
        m.AddGe(-1 * x, -3, "c");
        Assert.Equal("\\Problem name: feasibility\nMinimize\n obj:\nSubject To\n c: - x >= -3\nEnd\n", m.ToLpFormat());
    }

    [Fact]
    public void LongRowsAreWrapped()
    {
        var m = new Model("wide");
        var sum = new LinearExpression();
        for (var i = 0; i < 200; i++)
        {
            sum.Add(m.Continuous($"power_of_unit_{i}"), i + 1);
        }

        m.AddLe(sum, 1000, "budget");
        var text = m.ToLpFormat();
        var lines = text.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 100, line));
        Assert.Contains(" budget: power_of_unit_0 + 2 power_of_unit_1", text, StringComparison.Ordinal);
        Assert.Contains("+ 200 power_of_unit_199", text, StringComparison.Ordinal);
        Assert.EndsWith("<= 1000\nEnd\n", text, StringComparison.Ordinal);

        m.Maximize(LinearExpression.Sum(m.Variables.Select(v => v.Variable)));
        var read = ReadWithGlpk(m);
        Assert.Equal((200, 1, 0, 5), (read.Columns, read.Rows, read.Integers, read.Status));
        Assert.Equal(1000, read.Objective, 9); // all budget on power_of_unit_0 (cost 1 per unit)
    }

    [Fact]
    public void UnusualButLegalNamesSurviveGlpksReader()
    {
        var m = new Model("names");
        string[] names = ["a(1)", "b{2}.x", "c#3", "e1", "E2e3", "inf_x", "x~y|z", "q'r`s", "at@home", "u?v;w,x"];
        var sum = new LinearExpression();
        for (var i = 0; i < names.Length; i++)
        {
            var v = m.Integer(names[i], 0, i + 1);
            Assert.Equal(names[i], m.Variables[v.Index].Name);
            sum.Add(v, 1);
        }

        m.AddLe(sum, 20.5, "total");
        m.Maximize(sum - 1);
        var read = ReadWithGlpk(m);
        Assert.Equal((11, 1, 10, 5), (read.Columns, read.Rows, read.Integers, read.Status));
        Assert.Equal(19, read.Objective, 9);
        Assert.Equal(19, SolverRegistry.Glpk.Solve(m).Objective, 9);
    }

    private static (int ReadResult, int Columns, int Rows, int Integers, int Status, double Objective) ReadWithGlpk(Model m)
    {
        var path = Path.Combine(Path.GetTempPath(), $"quartier-{m.Name}-{Guid.NewGuid():N}.lp");
        try
        {
            File.WriteAllText(path, m.ToLpFormat());
            var read = GlpkSolver.SolveLpFile(path);
            Assert.Equal(0, read.ReadResult);
            return read;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GlpkReadsTheExportAndFindsTheSameOptimum()
    {
        // An independent parser (GLPK's CPLEX LP reader) must read the export and agree with the in-memory solve.
        var m = Golden();
        var path = Path.Combine(Path.GetTempPath(), $"quartier-golden-{Guid.NewGuid():N}.lp");
        try
        {
            File.WriteAllText(path, m.ToLpFormat());
            var read = GlpkSolver.SolveLpFile(path);
            Assert.Equal(0, read.ReadResult);
            Assert.Equal((8, 3, 2), (read.Columns, read.Rows, read.Integers));
            Assert.Equal(5, read.Status); // GLP_OPT

            var direct = SolverRegistry.Cbc.Solve(m);
            Assert.Equal(SolveStatus.Optimal, direct.Status);
            Assert.Equal(direct.Objective, read.Objective, 6);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
