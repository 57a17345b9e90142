using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// Arrays a back end needs, built once per solve from a <see cref="Model"/>: column-major (CSC) matrix, column and
/// row bounds (infinite where unbounded), dense objective.
/// </summary>
internal sealed class NativeProblem
{
    private NativeProblem(int columns, int rows, int nonZeros)
    {
        ColumnCount = columns;
        RowCount = rows;
        Start = new int[columns + 1];
        Index = new int[nonZeros];
        Value = new double[nonZeros];
        ColumnLower = new double[columns];
        ColumnUpper = new double[columns];
        Objective = new double[columns];
        RowLower = new double[rows];
        RowUpper = new double[rows];
    }

    public int ColumnCount { get; }

    public int RowCount { get; }

    public int NonZeros => Index.Length;

    /// <summary>CSC column starts (length columns + 1).</summary>
    public int[] Start { get; }

    /// <summary>Row index of each non-zero, ascending within a column.</summary>
    public int[] Index { get; }

    public double[] Value { get; }

    public double[] ColumnLower { get; }

    public double[] ColumnUpper { get; }

    public double[] Objective { get; }

    public double[] RowLower { get; }

    public double[] RowUpper { get; }

    public static NativeProblem From(Model model)
    {
        var n = model.Variables.Count;
        var m = model.Constraints.Count;
        var nonZeros = 0;
        var counts = new int[n + 1];
        for (var i = 0; i < m; i++)
        {
            var columns = model.Constraints[i].Columns;
            nonZeros += columns.Length;
            foreach (var j in columns)
            {
                counts[j + 1]++;
            }
        }

        var p = new NativeProblem(n, m, nonZeros);
        for (var j = 0; j < n; j++)
        {
            counts[j + 1] += counts[j];
        }

        Array.Copy(counts, p.Start, n + 1);
        var next = counts; // reuse as insertion cursor (counts[j] == Start[j] now)
        for (var i = 0; i < m; i++)
        {
            var c = model.Constraints[i];
            var columns = c.Columns;
            var coefficients = c.Coefficients;
            for (var k = 0; k < columns.Length; k++)
            {
                var position = next[columns[k]]++;
                p.Index[position] = i;
                p.Value[position] = coefficients[k];
            }

            switch (c.Relation)
            {
                case Relation.LessOrEqual:
                    p.RowLower[i] = double.NegativeInfinity;
                    p.RowUpper[i] = c.Rhs;
                    break;
                case Relation.GreaterOrEqual:
                    p.RowLower[i] = c.Rhs;
                    p.RowUpper[i] = double.PositiveInfinity;
                    break;
                default:
                    p.RowLower[i] = c.Rhs;
                    p.RowUpper[i] = c.Rhs;
                    break;
            }
        }

        for (var j = 0; j < n; j++)
        {
            var v = model.Variables[j];
            p.ColumnLower[j] = v.Lower;
            p.ColumnUpper[j] = v.Upper;
        }

        var objectiveColumns = model.ObjectiveColumns;
        var objectiveCoefficients = model.ObjectiveCoefficients;
        for (var k = 0; k < objectiveColumns.Length; k++)
        {
            p.Objective[objectiveColumns[k]] = objectiveCoefficients[k];
        }

        return p;
    }
}
