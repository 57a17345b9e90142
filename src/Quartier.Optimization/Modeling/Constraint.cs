namespace Quartier.Optimization.Modeling;

/// <summary>Sense of a constraint row.</summary>
public enum Relation
{
    /// <summary><c>lhs &lt;= rhs</c>.</summary>
    LessOrEqual,

    /// <summary><c>lhs &gt;= rhs</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>lhs == rhs</c>.</summary>
    Equal,
}

/// <summary>One coefficient of a row or of the objective.</summary>
public readonly record struct Term(Variable Variable, double Coefficient);

/// <summary>
/// A named row <c>Σ a·x (relation) Rhs</c>. Terms are merged (one per variable, ascending column, no zeros) and
/// any constant of the left-hand side has been moved into <see cref="Rhs"/>.
/// </summary>
public sealed class Constraint
{
    private readonly int[] _columns;
    private readonly double[] _coefficients;

    internal Constraint(int index, string name, Relation relation, double rhs, int[] columns, double[] coefficients)
    {
        Index = index;
        Name = name;
        Relation = relation;
        Rhs = rhs;
        _columns = columns;
        _coefficients = coefficients;
    }

    /// <summary>Zero-based row index.</summary>
    public int Index { get; }

    /// <summary>LP-legal, unique row name.</summary>
    public string Name { get; }

    public Relation Relation { get; }

    public double Rhs { get; }

    /// <summary>Number of (merged, non-zero) terms.</summary>
    public int Count => _columns.Length;

    /// <summary>The merged terms, ascending by column.</summary>
    public IReadOnlyList<Term> Terms
    {
        get
        {
            var terms = new Term[_columns.Length];
            for (var i = 0; i < terms.Length; i++)
            {
                terms[i] = new Term(new Variable(_columns[i]), _coefficients[i]);
            }

            return terms;
        }
    }

    /// <summary>Column indices of the terms (ascending), without copying.</summary>
    public ReadOnlySpan<int> Columns => _columns;

    /// <summary>Coefficients parallel to <see cref="Columns"/>, without copying.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>Left-hand side activity for the given column values.</summary>
    public double Activity(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < _columns.Length; i++)
        {
            sum += _coefficients[i] * values[_columns[i]];
        }

        return sum;
    }

    public override string ToString() => $"{Name}: {Count} terms {Relation} {Rhs}";
}
