using Quartier.Core.Errors;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Tests.Modeling;

public sealed class ModelTests
{
    [Fact]
    public void DuplicateTermsAreMergedSortedAndZerosDropped()
    {
        var m = new Model();
        var x = m.Continuous("x");
        var y = m.Continuous("y");
        var z = m.Continuous("z");
        var lhs = new LinearExpression().Add(z, 2).Add(x, 1).Add(y, 4).Add(x, 2).Add(y, -4).Add(7);
        var c = m.AddLe(lhs, 10, "row");

        Assert.Equal([0, 2], c.Columns.ToArray());
        Assert.Equal([3.0, 2.0], c.Coefficients.ToArray());
        Assert.Equal(new Term(x, 3), c.Terms[0]);
        Assert.Equal(3, c.Rhs); // constant 7 moved to the right-hand side
        Assert.Equal(Relation.LessOrEqual, c.Relation);
        Assert.Equal("row", c.Name);
        Assert.Same(c, m.Constraints[0]);
    }

    [Fact]
    public void VariablesKeepBoundsAndKinds()
    {
        var m = new Model("bounds");
        var a = m.Continuous("a");
        var b = m.Integer("b", -3, 7);
        var c = m.Binary("c");
        var d = m.Continuous("d", double.NegativeInfinity, double.PositiveInfinity);

        Assert.Equal(new VariableInfo("a", 0, double.PositiveInfinity, VariableKind.Continuous) { Index = 0 }, m.Variables[a.Index]);
        Assert.Equal(new VariableInfo("b", -3, 7, VariableKind.Integer) { Index = 1 }, m.Variables[b.Index]);
        Assert.Equal(new VariableInfo("c", 0, 1, VariableKind.Binary) { Index = 2 }, m.Variables[c.Index]);
        Assert.True(double.IsNegativeInfinity(m.Variables[d.Index].Lower));
        Assert.Equal(2, m.IntegerCount);
        Assert.True(m.TryGetVariable("b", out var found));
        Assert.Equal(b, found);
    }

    [Theory]
    [InlineData("power[3]", "power_3_")]
    [InlineData("soc t=4", "soc_t_4")]
    [InlineData("2nd", "_2nd")]
    [InlineData(".x", "_.x")]
    [InlineData("free", "_free")]
    [InlineData("End", "_End")]
    [InlineData("a-b+c", "a_b_c")]
    [InlineData("grid.import_{h1}", "grid.import_{h1}")]
    [InlineData("säule", "s_ule")]
    public void NamesAreSanitisedToLpIdentifiers(string given, string expected)
    {
        var m = new Model();
        var v = m.Continuous(given);
        Assert.Equal(expected, m.Variables[v.Index].Name);
        Assert.True(LpNames.IsLegal(expected));
    }

    [Fact]
    public void DuplicateNamesAfterSanitisingAreRejected()
    {
        var m = new Model("dup");
        var x = m.Continuous("p[1]");
        var e = Assert.Throws<InputException>(() => m.Continuous("p_1_"));
        Assert.Equal("Model 'dup': duplicate variable name 'p_1_': already used by variable #0; variable names must be unique after sanitising to LP identifiers.", e.Message);
        var e2 = Assert.Throws<InputException>(() => m.Binary("p(1)".Replace('(', '[').Replace(')', ']')));
        Assert.Contains("'p[1]' (LP name 'p_1_')", e2.Message, StringComparison.Ordinal);

        m.AddLe(1.0 * x, 1, "cap");
        var e3 = Assert.Throws<InputException>(() => m.AddGe(1.0 * x, 0, "cap"));
        Assert.Contains("duplicate constraint name 'cap'", e3.Message, StringComparison.Ordinal);

        // Variables and constraints are separate name spaces.
        m.AddEq(1.0 * x, 0.5, "p[1]");
        Assert.Equal(2, m.Constraints.Count);
    }

    [Fact]
    public void InvalidNamesAreRejected()
    {
        var m = new Model("n");
        Assert.Contains("must not be empty", Assert.Throws<InputException>(() => m.Continuous(" ")).Message, StringComparison.Ordinal);
        Assert.Contains("at most 255", Assert.Throws<InputException>(() => m.Continuous(new string('x', 256))).Message, StringComparison.Ordinal);
        var x = m.Continuous("x");
        Assert.Contains("reserved for the objective", Assert.Throws<InputException>(() => m.AddLe(1.0 * x, 1, "obj")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteCoefficientsNameTheConstraint()
    {
        var m = new Model("numbers");
        var x = m.Continuous("x");
        var y = m.Continuous("y");

        var nan = Assert.Throws<InputException>(() => m.AddLe(x + (double.NaN * y), 1, "balance[7]"));
        Assert.Equal("Model 'numbers': constraint 'balance_7_' has coefficient NaN for variable 'y'; coefficients must be finite numbers.", nan.Message);
        Assert.Equal("balance_7_", nan.ElementId);

        var inf = Assert.Throws<InputException>(() => m.AddGe(double.PositiveInfinity * x, 0, "limit"));
        Assert.Contains("constraint 'limit' has coefficient Infinity for variable 'x'", inf.Message, StringComparison.Ordinal);

        var rhs = Assert.Throws<InputException>(() => m.AddEq(x + y, double.NegativeInfinity, "eq"));
        Assert.Contains("constraint 'eq' has right-hand side -Infinity", rhs.Message, StringComparison.Ordinal);

        var constant = Assert.Throws<InputException>(() => m.AddLe(x + double.NaN, 1, "c"));
        Assert.Contains("constraint 'c' has a constant term NaN", constant.Message, StringComparison.Ordinal);

        var objective = Assert.Throws<InputException>(() => m.Minimize(x * double.PositiveInfinity));
        Assert.Contains("objective 'obj' has coefficient Infinity", objective.Message, StringComparison.Ordinal);

        // The failed rows were not added; names stay available.
        Assert.Empty(m.Constraints);
        m.AddLe(x + y, 1, "limit");
    }

    [Fact]
    public void InvalidBoundsAndForeignVariablesAreRejected()
    {
        var m = new Model("b");
        Assert.Contains("lower <= upper", Assert.Throws<InputException>(() => m.Continuous("x", 2, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => m.Integer("n", double.NaN, 1));
        Assert.Throws<InputException>(() => m.Continuous("p", double.PositiveInfinity));
        var other = new Model("other");
        other.Continuous("a");
        var foreign = other.Continuous("b");
        m.Continuous("only");
        var e = Assert.Throws<InputException>(() => m.AddLe(1.0 * foreign, 1, "row"));
        Assert.Contains("constraint 'row' uses variable #1, which does not belong to this model (it has 1 variables)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectiveIsMergedAndEvaluatedWithItsConstant()
    {
        var m = new Model();
        var x = m.Continuous("x");
        var y = m.Continuous("y");
        m.Maximize(x + (2 * y) + x + 4);
        Assert.Equal(ObjectiveSense.Maximize, m.Sense);
        Assert.Equal([new Term(x, 2), new Term(y, 2)], m.ObjectiveTerms);
        Assert.Equal(4, m.ObjectiveConstant);
        Assert.Equal((2 * 1) + (2 * 3) + 4, m.EvaluateObjective([1, 3]));

        m.Minimize(1.0 * y);
        Assert.Equal(ObjectiveSense.Minimize, m.Sense);
        Assert.Equal(0, m.ObjectiveConstant);
    }

    [Fact]
    public void MaxViolationMeasuresRowsBoundsAndIntegrality()
    {
        var m = new Model();
        var x = m.Continuous("x", 0, 5);
        var n = m.Integer("n", 0, 10);
        m.AddLe(x + n, 6, "cap");
        m.AddEq(x - n, 1, "diff");
        Assert.Equal(0.5, m.MaxViolation([3.5, 2.5]), 12); // rows hold (6, 1) but n is fractional
        Assert.Equal(0, m.MaxViolation([3, 2]), 12);
        Assert.Equal(4, m.MaxViolation([7, 2]), 12); // x above its bound by 2, cap by 3, diff off by 4
    }
}
