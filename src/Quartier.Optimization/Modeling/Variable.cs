namespace Quartier.Optimization.Modeling;

/// <summary>
/// A column of a <see cref="Model"/>: a lightweight handle (the column index). Arithmetic on variables builds
/// <see cref="LinearExpression"/>s, e.g. <c>3 * x + 2 * y - 5</c>.
/// </summary>
/// <param name="Index">Zero-based column index in the model that created the variable.</param>
public readonly record struct Variable(int Index)
{
    public static LinearExpression operator *(Variable v, double coefficient) => new LinearExpression().Add(v, coefficient);

    public static LinearExpression operator *(double coefficient, Variable v) => new LinearExpression().Add(v, coefficient);

    public static LinearExpression operator /(Variable v, double divisor) => new LinearExpression().Add(v, 1.0 / divisor);

    public static LinearExpression operator +(Variable a, Variable b) => new LinearExpression().Add(a).Add(b);

    public static LinearExpression operator -(Variable a, Variable b) => new LinearExpression().Add(a).Add(b, -1);

    public static LinearExpression operator -(Variable v) => new LinearExpression().Add(v, -1);

    public static LinearExpression operator +(Variable v, double constant) => new LinearExpression().Add(v).Add(constant);

    public static LinearExpression operator +(double constant, Variable v) => new LinearExpression().Add(v).Add(constant);

    public static LinearExpression operator -(Variable v, double constant) => new LinearExpression().Add(v).Add(-constant);

    public static LinearExpression operator -(double constant, Variable v) => new LinearExpression().Add(v, -1).Add(constant);
}
