using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Tests.Modeling;

public sealed class LinearExpressionTests
{
    [Fact]
    public void AddAppendsInPlaceAndReturnsTheSameInstance()
    {
        var e = new LinearExpression(0);
        var same = e.Add(new Variable(2), 3).Add(new Variable(0)).Add(5).Add(new Variable(2), -1);
        Assert.Same(e, same);
        Assert.Equal(3, e.Count);
        Assert.Equal([2, 0, 2], e.Columns.ToArray());
        Assert.Equal([3.0, 1.0, -1.0], e.Coefficients.ToArray());
        Assert.Equal(5, e.Constant);

        // x0 = 10, x1 = 0, x2 = 4: 3*4 + 10 - 4 + 5
        Assert.Equal(23, e.Evaluate([10, 0, 4]));
    }

    [Fact]
    public void GrowsPastItsInitialCapacity()
    {
        var e = new LinearExpression(1);
        for (var i = 0; i < 1000; i++)
        {
            e.Add(new Variable(i % 7), 0.5);
        }

        Assert.Equal(1000, e.Count);
        var values = new double[7];
        Array.Fill(values, 2.0);
        Assert.Equal(1000.0, e.Evaluate(values));
    }

    [Fact]
    public void OperatorsBuildTheExpectedExpressionAndDoNotMutateOperands()
    {
        var x = new Variable(0);
        var y = new Variable(1);
        var z = new Variable(2);
        LinearExpression a = 3 * x + y * 2 - 5;
        var b = a - z + 1;
        var c = -(x - y) + 2 * (y + 4) - (10 - z) / 2;
        var d = 1 - x + (z - 1) * 3;
        double[] at = [1, 2, 3];

        Assert.Equal(3 + 4 - 5, a.Evaluate(at));
        Assert.Equal(3 + 4 - 5 - 3 + 1, b.Evaluate(at));
        Assert.Equal(-(1 - 2) + (2 * (2 + 4)) - ((10 - 3) / 2.0), c.Evaluate(at));
        Assert.Equal(1 - 1 + ((3 - 1) * 3), d.Evaluate(at));
        Assert.Equal(2, a.Count); // b did not append to a
        Assert.Equal(-5, a.Constant);
    }

    [Fact]
    public void ImplicitConversionsAndSum()
    {
        LinearExpression fromVariable = new Variable(4);
        LinearExpression fromConstant = 2.5;
        Assert.Equal(1, fromVariable.Count);
        Assert.Equal(0, fromConstant.Count);
        Assert.Equal(2.5, fromConstant.Constant);

        var sum = LinearExpression.Sum([new Variable(0), new Variable(1), new Variable(0)]);
        Assert.Equal(1 + 2 + 1, sum.Evaluate([1, 2]));
        Assert.Equal(3 * 1.5 + 2 * 4, LinearExpression.Dot([new Variable(0), new Variable(1)], [3, 2]).Evaluate([1.5, 4]));
    }

    [Fact]
    public void AddExpressionToItselfDoublesIt()
    {
        var e = new LinearExpression().Add(new Variable(0), 2).Add(1);
        e.Add(e, 1);
        Assert.Equal(2 * ((2 * 3) + 1), e.Evaluate([3]));
    }
}
