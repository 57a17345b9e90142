using System.Globalization;
using System.Text;

namespace Quartier.Optimization.Modeling;

/// <summary>Writes a <see cref="Model"/> in CPLEX LP format (names already LP-legal; lines wrapped for readers with line limits).</summary>
internal static class LpWriter
{
    private const int WrapAt = 100;

    internal static string Write(Model model)
    {
        var sb = new StringBuilder(256 + (64 * (model.Variables.Count + model.Constraints.Count)));
        sb.Append("\\Problem name: ").Append(model.Name).Append('\n');
        sb.Append(model.Sense == ObjectiveSense.Maximize ? "Maximize\n" : "Minimize\n");

        var line = new StringBuilder(" obj:");
        AppendTerms(sb, line, model, model.ObjectiveColumns, model.ObjectiveCoefficients);
        // Not every reader accepts a bare constant in the objective (GLPK does not): carry it on a column fixed at 1.
        string? constantColumn = null;
        if (model.ObjectiveConstant != 0)
        {
            constantColumn = "obj_constant";
            while (model.TryGetVariable(constantColumn, out _))
            {
                constantColumn += "_";
            }

            var magnitude = Math.Abs(model.ObjectiveConstant);
            var first = model.ObjectiveColumns.Length == 0;
            var sign = model.ObjectiveConstant < 0 ? "- " : first ? string.Empty : "+ ";
            AppendPiece(sb, line, sign + (magnitude == 1 ? string.Empty : Number(magnitude) + " ") + constantColumn);
        }

        Flush(sb, line);

        sb.Append("Subject To\n");
        foreach (var c in model.Constraints)
        {
            line.Clear().Append(' ').Append(c.Name).Append(':');
            if (c.Count == 0)
            {
                // An empty row still needs a variable to be parseable: 0 times the first column.
                AppendPiece(sb, line, model.Variables.Count > 0 ? "0 " + model.Variables[0].Name : "0");
            }
            else
            {
                AppendTerms(sb, line, model, c.Columns, c.Coefficients);
            }

            var op = c.Relation switch
            {
                Relation.LessOrEqual => "<=",
                Relation.GreaterOrEqual => ">=",
                _ => "=",
            };
            AppendPiece(sb, line, op + " " + Number(c.Rhs));
            Flush(sb, line);
        }

        var bounds = new StringBuilder();
        var generals = new List<string>();
        var binaries = new List<string>();
        foreach (var v in model.Variables)
        {
            switch (v.Kind)
            {
                case VariableKind.Binary:
                    binaries.Add(v.Name);
                    continue;
                case VariableKind.Integer:
                    generals.Add(v.Name);
                    break;
            }

            AppendBound(bounds, v);
        }

        if (constantColumn is not null)
        {
            bounds.Append(' ').Append(constantColumn).Append(" = 1\n");
        }

        if (bounds.Length > 0)
        {
            sb.Append("Bounds\n").Append(bounds);
        }

        AppendNameSection(sb, "General", generals);
        AppendNameSection(sb, "Binary", binaries);
        sb.Append("End\n");
        return sb.ToString();
    }

    private static void AppendBound(StringBuilder sb, VariableInfo v)
    {
        var lowerInfinite = double.IsNegativeInfinity(v.Lower);
        var upperInfinite = double.IsPositiveInfinity(v.Upper);
        if (lowerInfinite && upperInfinite)
        {
            sb.Append(' ').Append(v.Name).Append(" free\n");
        }
        else if (v.Lower == v.Upper)
        {
            sb.Append(' ').Append(v.Name).Append(" = ").Append(Number(v.Lower)).Append('\n');
        }
        else if (lowerInfinite)
        {
            sb.Append(" -inf <= ").Append(v.Name).Append(" <= ").Append(Number(v.Upper)).Append('\n');
        }
        else if (upperInfinite)
        {
            if (v.Lower != 0)
            {
                sb.Append(' ').Append(v.Name).Append(" >= ").Append(Number(v.Lower)).Append('\n');
            }
        }
        else if (v.Lower == 0)
        {
            sb.Append(' ').Append(v.Name).Append(" <= ").Append(Number(v.Upper)).Append('\n');
        }
        else
        {
            sb.Append(' ').Append(Number(v.Lower)).Append(" <= ").Append(v.Name).Append(" <= ").Append(Number(v.Upper)).Append('\n');
        }
    }

    private static void AppendNameSection(StringBuilder sb, string header, List<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        sb.Append(header).Append('\n');
        var line = new StringBuilder();
        foreach (var name in names)
        {
            AppendPiece(sb, line, name);
        }

        Flush(sb, line);
    }

    private static void AppendTerms(StringBuilder sb, StringBuilder line, Model model, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var a = coefficients[i];
            var name = model.Variables[columns[i]].Name;
            var sign = a < 0 ? "-" : "+";
            var magnitude = Math.Abs(a);
            var piece = magnitude == 1 ? $"{sign} {name}" : $"{sign} {Number(magnitude)} {name}";
            if (i == 0 && a > 0)
            {
                piece = piece[2..];
            }

            AppendPiece(sb, line, piece);
        }
    }

    private static void AppendPiece(StringBuilder sb, StringBuilder line, string piece)
    {
        if (line.Length > 0 && line.Length + 1 + piece.Length > WrapAt)
        {
            Flush(sb, line);
            line.Append("   ");
        }

        line.Append(' ').Append(piece);
    }

    private static void Flush(StringBuilder sb, StringBuilder line)
    {
        if (line.Length > 0)
        {
            sb.Append(line).Append('\n');
            line.Clear();
        }
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
