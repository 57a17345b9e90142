namespace Quartier.Optimization.Modeling;

/// <summary>
/// <c>Σ a·x + constant</c>. Terms live in growable parallel arrays; <see cref="Add(Variable, double)"/> appends in
/// place (duplicates are allowed here and merged when the expression becomes a row or the objective).
/// The operators allocate a new expression and are meant for readable one-liners; use <c>Add</c> in loops.
/// </summary>
public sealed class LinearExpression
{
    private int[] _columns;
    private double[] _coefficients;
    private int _count;

    public LinearExpression()
        : this(4)
    {
    }

    /// <summary>An empty expression with room for <paramref name="capacity"/> terms.</summary>
    public LinearExpression(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _columns = capacity == 0 ? [] : new int[capacity];
        _coefficients = capacity == 0 ? [] : new double[capacity];
    }

    /// <summary>Number of stored terms (before merging duplicates).</summary>
    public int Count => _count;

    /// <summary>The constant part.</summary>
    public double Constant { get; private set; }

    /// <summary>Column indices of the stored terms (may repeat).</summary>
    public ReadOnlySpan<int> Columns => _columns.AsSpan(0, _count);

    /// <summary>Coefficients parallel to <see cref="Columns"/>.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients.AsSpan(0, _count);

    /// <summary>Appends <c>coefficient·v</c> in place and returns this expression.</summary>
    public LinearExpression Add(Variable v, double coefficient = 1)
    {
        if (_count == _columns.Length)
        {
            Grow(_count + 1);
        }

        _columns[_count] = v.Index;
        _coefficients[_count] = coefficient;
        _count++;
        return this;
    }

    /// <summary>Adds a constant in place and returns this expression.</summary>
    public LinearExpression Add(double constant)
    {
        Constant += constant;
        return this;
    }

    /// <summary>Adds <c>factor·other</c> (terms and constant) in place and returns this expression.</summary>
    public LinearExpression Add(LinearExpression other, double factor = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        var n = other._count;
        if (_count + n > _columns.Length)
        {
            Grow(_count + n);
        }

        // Copy first: other may be this.
        for (var i = 0; i < n; i++)
        {
            _columns[_count + i] = other._columns[i];
            _coefficients[_count + i] = other._coefficients[i] * factor;
        }

        _count += n;
        Constant += other.Constant * factor;
        return this;
    }

    /// <summary>Removes all terms and the constant, keeping the capacity.</summary>
    public LinearExpression Clear()
    {
        _count = 0;
        Constant = 0;
        return this;
    }

    /// <summary>A deep copy.</summary>
    public LinearExpression Clone() => new LinearExpression(_count).Add(this);

    /// <summary>Multiplies every coefficient and the constant in place.</summary>
    public LinearExpression Scale(double factor)
    {
        for (var i = 0; i < _count; i++)
        {
            _coefficients[i] *= factor;
        }

        Constant *= factor;
        return this;
    }

    /// <summary>The value for the given column values (indexed by <see cref="Variable.Index"/>).</summary>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        var sum = Constant;
        for (var i = 0; i < _count; i++)
        {
            sum += _coefficients[i] * values[_columns[i]];
        }

        return sum;
    }

    /// <summary>Sum of the variables with coefficient 1.</summary>
    public static LinearExpression Sum(IEnumerable<Variable> vs)
    {
        ArgumentNullException.ThrowIfNull(vs);
        var e = vs is ICollection<Variable> c ? new LinearExpression(c.Count) : new LinearExpression();
        foreach (var v in vs)
        {
            e.Add(v);
        }

        return e;
    }

    /// <summary>Σ coefficients[i]·variables[i].</summary>
    public static LinearExpression Dot(ReadOnlySpan<Variable> variables, ReadOnlySpan<double> coefficients)
    {
        if (variables.Length != coefficients.Length)
        {
            throw new ArgumentException($"Dot needs as many coefficients ({coefficients.Length}) as variables ({variables.Length}).", nameof(coefficients));
        }

        var e = new LinearExpression(variables.Length);
        for (var i = 0; i < variables.Length; i++)
        {
            e.Add(variables[i], coefficients[i]);
        }

        return e;
    }

    public static implicit operator LinearExpression(Variable v) => new LinearExpression(1).Add(v);

    public static implicit operator LinearExpression(double constant) => new LinearExpression(0).Add(constant);

    public static LinearExpression operator +(LinearExpression a, LinearExpression b) => Copy(a, b._count).Add(b);

    public static LinearExpression operator +(LinearExpression a, Variable v) => Copy(a, 1).Add(v);

    public static LinearExpression operator +(Variable v, LinearExpression a) => Copy(a, 1).Add(v);

    public static LinearExpression operator +(LinearExpression a, double constant) => Copy(a, 0).Add(constant);

    public static LinearExpression operator +(double constant, LinearExpression a) => Copy(a, 0).Add(constant);

    public static LinearExpression operator -(LinearExpression a, LinearExpression b) => Copy(a, b._count).Add(b, -1);

    public static LinearExpression operator -(LinearExpression a, Variable v) => Copy(a, 1).Add(v, -1);

    public static LinearExpression operator -(Variable v, LinearExpression a) => Copy(a, 1).Scale(-1).Add(v);

    public static LinearExpression operator -(LinearExpression a, double constant) => Copy(a, 0).Add(-constant);

    public static LinearExpression operator -(double constant, LinearExpression a) => Copy(a, 0).Scale(-1).Add(constant);

    public static LinearExpression operator -(LinearExpression a) => Copy(a, 0).Scale(-1);

    public static LinearExpression operator *(double factor, LinearExpression a) => Copy(a, 0).Scale(factor);

    public static LinearExpression operator *(LinearExpression a, double factor) => Copy(a, 0).Scale(factor);

    public static LinearExpression operator /(LinearExpression a, double divisor) => Copy(a, 0).Scale(1.0 / divisor);

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < _count; i++)
        {
            var c = _coefficients[i];
            sb.Append(i == 0 ? (c < 0 ? "-" : string.Empty) : (c < 0 ? " - " : " + "));
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Abs(c)} x{_columns[i]}");
        }

        if (Constant != 0 || _count == 0)
        {
            sb.Append(_count == 0 ? string.Empty : Constant < 0 ? " - " : " + ");
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(_count == 0 ? Constant : Math.Abs(Constant))}");
        }

        return sb.ToString();
    }

    private static LinearExpression Copy(LinearExpression a, int extra)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new LinearExpression(a._count + extra).Add(a);
    }

    private void Grow(int needed)
    {
        var size = Math.Max(Math.Max(needed, 4), _columns.Length * 2);
        Array.Resize(ref _columns, size);
        Array.Resize(ref _coefficients, size);
    }
}
