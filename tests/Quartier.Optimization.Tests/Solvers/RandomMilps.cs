using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Tests.Solvers;

/// <summary>Seeded small random MILPs with integer data (bounded, mixed integer/continuous, some infeasible).</summary>
internal static class RandomMilps
{
    public static Model Create(Random random, string name)
    {
        var m = new Model(name);
        var n = random.Next(3, 9);
        var vars = new Variable[n];
        for (var j = 0; j < n; j++)
        {
            vars[j] = random.Next(3) switch
            {
                0 => m.Integer($"n{j}", random.Next(-3, 1), random.Next(1, 8)),
                1 => m.Binary($"b{j}"),
                _ => m.Continuous($"c{j}", random.Next(-4, 1), random.Next(1, 10)),
            };
        }

        var rows = random.Next(2, 7);
        for (var i = 0; i < rows; i++)
        {
            var e = new LinearExpression();
            for (var j = 0; j < n; j++)
            {
                if (random.NextDouble() < 0.7)
                {
                    e.Add(vars[j], random.Next(-5, 10));
                }
            }

            var rhs = random.Next(-2, 25);
            switch (random.Next(6))
            {
                case 0:
                    m.AddGe(e, rhs - 10, $"ge{i}");
                    break;
                case 1:
                    m.AddEq(e, rhs / 2, $"eq{i}");
                    break;
                default:
                    m.AddLe(e, rhs, $"le{i}");
                    break;
            }
        }

        var objective = new LinearExpression();
        for (var j = 0; j < n; j++)
        {
            objective.Add(vars[j], random.Next(-10, 11));
        }

        if (random.Next(2) == 0)
        {
            m.Maximize(objective);
        }
        else
        {
            m.Minimize(objective);
        }

        return m;
    }
}
