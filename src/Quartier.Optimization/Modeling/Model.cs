using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Optimization.Modeling;

/// <summary>
/// A solver-neutral mixed-integer linear program: named columns with bounds and kinds, named rows
/// <c>Σ a·x (≤|≥|=) rhs</c>, and a linear objective. Names are sanitised to LP-legal identifiers
/// (<see cref="LpNames"/>) and must be unique per kind (variables, constraints). Building is not thread-safe;
/// a built model may be solved concurrently by several solvers.
/// </summary>
public sealed class Model
{
    private readonly List<VariableInfo> _variables = [];
    private readonly List<Constraint> _constraints = [];
    private readonly Dictionary<string, int> _variableNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _constraintNames = new(StringComparer.Ordinal);

    // Merge scratch (dense accumulator + stamp), grown with the number of variables.
    private double[] _accumulator = [];
    private int[] _stamp = [];
    private int[] _touched = [];
    private int _currentStamp;

    private int[] _objectiveColumns = [];
    private double[] _objectiveCoefficients = [];

    public Model(string name = "model")
    {
        var lpName = LpNames.Sanitize(string.IsNullOrWhiteSpace(name) ? "model" : name);
        Name = lpName.Length > LpNames.MaxLength ? lpName[..LpNames.MaxLength] : lpName;
    }

    /// <summary>LP-legal problem name.</summary>
    public string Name { get; }

    /// <summary>The columns in creation order (index = <see cref="Variable.Index"/>).</summary>
    public IReadOnlyList<VariableInfo> Variables => _variables;

    /// <summary>The rows in creation order (index = <see cref="Constraint.Index"/>).</summary>
    public IReadOnlyList<Constraint> Constraints => _constraints;

    /// <summary>Minimize (default, also when no objective was set) or maximize.</summary>
    public ObjectiveSense Sense { get; private set; }

    /// <summary>Constant part of the objective (added to the solver's objective value).</summary>
    public double ObjectiveConstant { get; private set; }

    /// <summary>Merged objective terms, ascending by column.</summary>
    public IReadOnlyList<Term> ObjectiveTerms
    {
        get
        {
            var terms = new Term[_objectiveColumns.Length];
            for (var i = 0; i < terms.Length; i++)
            {
                terms[i] = new Term(new Variable(_objectiveColumns[i]), _objectiveCoefficients[i]);
            }

            return terms;
        }
    }

    /// <summary>Number of integer or binary columns.</summary>
    public int IntegerCount { get; private set; }

    internal ReadOnlySpan<int> ObjectiveColumns => _objectiveColumns;

    internal ReadOnlySpan<double> ObjectiveCoefficients => _objectiveCoefficients;

    /// <summary>A continuous column with bounds [lower, upper] (infinite bounds allowed).</summary>
    public Variable Continuous(string name, double lower = 0, double upper = double.PositiveInfinity) =>
        AddVariable(name, lower, upper, VariableKind.Continuous);

    /// <summary>An integer column with bounds [lower, upper] (infinite bounds allowed).</summary>
    public Variable Integer(string name, double lower, double upper) =>
        AddVariable(name, lower, upper, VariableKind.Integer);

    /// <summary>A 0/1 column.</summary>
    public Variable Binary(string name) => AddVariable(name, 0, 1, VariableKind.Binary);

    /// <summary>Looks a variable up by its (sanitised) name.</summary>
    public bool TryGetVariable(string name, out Variable variable)
    {
        if (_variableNames.TryGetValue(LpNames.Sanitize(name), out var index))
        {
            variable = new Variable(index);
            return true;
        }

        variable = default;
        return false;
    }

    /// <summary>Adds the row <c>lhs &lt;= rhs</c>.</summary>
    public Constraint AddLe(LinearExpression lhs, double rhs, string name) => AddConstraint(lhs, Relation.LessOrEqual, rhs, name);

    /// <summary>Adds the row <c>lhs &gt;= rhs</c>.</summary>
    public Constraint AddGe(LinearExpression lhs, double rhs, string name) => AddConstraint(lhs, Relation.GreaterOrEqual, rhs, name);

    /// <summary>Adds the row <c>lhs == rhs</c>.</summary>
    public Constraint AddEq(LinearExpression lhs, double rhs, string name) => AddConstraint(lhs, Relation.Equal, rhs, name);

    /// <summary>Sets the objective to minimise (replaces a previous objective).</summary>
    public void Minimize(LinearExpression objective) => SetObjective(objective, ObjectiveSense.Minimize);

    /// <summary>Sets the objective to maximise (replaces a previous objective).</summary>
    public void Maximize(LinearExpression objective) => SetObjective(objective, ObjectiveSense.Maximize);

    /// <summary>The model in CPLEX LP format (readable, with the names).</summary>
    public string ToLpFormat() => LpWriter.Write(this);

    /// <summary>Objective value (including the constant) for the given column values.</summary>
    public double EvaluateObjective(ReadOnlySpan<double> values)
    {
        var sum = ObjectiveConstant;
        for (var i = 0; i < _objectiveColumns.Length; i++)
        {
            sum += _objectiveCoefficients[i] * values[_objectiveColumns[i]];
        }

        return sum;
    }

    /// <summary>
    /// Largest violation of a bound, row or integrality by <paramref name="values"/> (0 when feasible);
    /// useful to check a solver's answer.
    /// </summary>
    public double MaxViolation(ReadOnlySpan<double> values)
    {
        if (values.Length != _variables.Count)
        {
            throw new ArgumentException($"Expected {_variables.Count} values, got {values.Length}.", nameof(values));
        }

        var worst = 0.0;
        for (var j = 0; j < _variables.Count; j++)
        {
            var v = _variables[j];
            var x = values[j];
            worst = Math.Max(worst, Math.Max(v.Lower - x, x - v.Upper));
            if (v.IsInteger)
            {
                worst = Math.Max(worst, Math.Abs(x - Math.Round(x)));
            }
        }

        foreach (var c in _constraints)
        {
            var a = c.Activity(values);
            var violation = c.Relation switch
            {
                Relation.LessOrEqual => a - c.Rhs,
                Relation.GreaterOrEqual => c.Rhs - a,
                _ => Math.Abs(a - c.Rhs),
            };
            worst = Math.Max(worst, violation);
        }

        return worst;
    }

    private Variable AddVariable(string name, double lower, double upper, VariableKind kind)
    {
        var lpName = CheckName(name, "variable", _variableNames);
        if (double.IsNaN(lower) || double.IsNaN(upper) || lower > upper
            || double.IsPositiveInfinity(lower) || double.IsNegativeInfinity(upper))
        {
            throw new InputException(
                $"Model '{Name}': variable '{lpName}' has bounds [{F(lower)}, {F(upper)}]; bounds must be numbers with lower <= upper, lower < +inf and upper > -inf.",
                elementId: lpName);
        }

        var index = _variables.Count;
        _variables.Add(new VariableInfo(lpName, lower, upper, kind) { Index = index });
        _variableNames.Add(lpName, index);
        if (kind != VariableKind.Continuous)
        {
            IntegerCount++;
        }

        return new Variable(index);
    }

    private Constraint AddConstraint(LinearExpression lhs, Relation relation, double rhs, string name)
    {
        ArgumentNullException.ThrowIfNull(lhs);
        var lpName = CheckName(name, "constraint", _constraintNames);
        if (!double.IsFinite(rhs))
        {
            throw new InputException($"Model '{Name}': constraint '{lpName}' has right-hand side {F(rhs)}; it must be a finite number.", elementId: lpName);
        }

        if (!double.IsFinite(lhs.Constant))
        {
            throw new InputException($"Model '{Name}': constraint '{lpName}' has a constant term {F(lhs.Constant)}; it must be a finite number.", elementId: lpName);
        }

        var (columns, coefficients) = Merge(lhs, "constraint", lpName);
        var constraint = new Constraint(_constraints.Count, lpName, relation, rhs - lhs.Constant, columns, coefficients);
        _constraints.Add(constraint);
        _constraintNames.Add(lpName, constraint.Index);
        return constraint;
    }

    private void SetObjective(LinearExpression objective, ObjectiveSense sense)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!double.IsFinite(objective.Constant))
        {
            throw new InputException($"Model '{Name}': the objective has a constant term {F(objective.Constant)}; it must be a finite number.", elementId: "obj");
        }

        (_objectiveColumns, _objectiveCoefficients) = Merge(objective, "objective", "obj");
        ObjectiveConstant = objective.Constant;
        Sense = sense;
    }

    /// <summary>Merges duplicate columns (O(terms) with a dense accumulator), validates, sorts and drops zeros.</summary>
    private (int[] Columns, double[] Coefficients) Merge(LinearExpression e, string what, string name)
    {
        var n = _variables.Count;
        if (_accumulator.Length < n)
        {
            var size = Math.Max(n, _accumulator.Length * 2);
            Array.Resize(ref _accumulator, size);
            Array.Resize(ref _stamp, size);
        }

        if (_touched.Length < e.Count)
        {
            _touched = new int[Math.Max(e.Count, _touched.Length * 2)];
        }

        if (++_currentStamp == int.MaxValue)
        {
            Array.Clear(_stamp);
            _currentStamp = 1;
        }

        var columns = e.Columns;
        var coefficients = e.Coefficients;
        var touched = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var j = columns[i];
            var a = coefficients[i];
            if ((uint)j >= (uint)n)
            {
                throw new InputException(
                    $"Model '{Name}': {what} '{name}' uses variable #{j}, which does not belong to this model (it has {n} variables).",
                    elementId: name);
            }

            if (!double.IsFinite(a))
            {
                throw new InputException(
                    $"Model '{Name}': {what} '{name}' has coefficient {F(a)} for variable '{_variables[j].Name}'; coefficients must be finite numbers.",
                    elementId: name);
            }

            if (_stamp[j] != _currentStamp)
            {
                _stamp[j] = _currentStamp;
                _accumulator[j] = a;
                _touched[touched++] = j;
            }
            else
            {
                _accumulator[j] += a;
            }
        }

        var used = _touched.AsSpan(0, touched);
        used.Sort();
        var nonZero = 0;
        foreach (var j in used)
        {
            if (_accumulator[j] != 0)
            {
                nonZero++;
            }
        }

        var outColumns = new int[nonZero];
        var outCoefficients = new double[nonZero];
        var k = 0;
        foreach (var j in used)
        {
            var a = _accumulator[j];
            if (a != 0)
            {
                outColumns[k] = j;
                outCoefficients[k] = a;
                k++;
            }
        }

        return (outColumns, outCoefficients);
    }

    private string CheckName(string name, string what, Dictionary<string, int> existing)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InputException($"Model '{Name}': a {what} name must not be empty.");
        }

        if (name.Length > LpNames.MaxLength)
        {
            throw new InputException(
                $"Model '{Name}': {what} name '{name[..40]}…' has {name.Length} characters; at most {LpNames.MaxLength} are allowed.",
                elementId: name);
        }

        var lpName = LpNames.Sanitize(name);
        if (what == "constraint" && lpName == "obj")
        {
            throw new InputException($"Model '{Name}': constraint name 'obj' is reserved for the objective row; choose another name.", elementId: name);
        }

        if (existing.TryGetValue(lpName, out var other))
        {
            var previous = what == "variable" ? $"variable #{other}" : $"constraint #{other}";
            var shown = lpName == name ? $"'{name}'" : $"'{name}' (LP name '{lpName}')";
            throw new InputException(
                $"Model '{Name}': duplicate {what} name {shown}: already used by {previous}; {what} names must be unique after sanitising to LP identifiers.",
                elementId: name);
        }

        return lpName;
    }

    private static string F(double x) => x.ToString(CultureInfo.InvariantCulture);
}
