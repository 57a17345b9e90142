using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// The physically sensible range of one input quantity (inclusive bounds, unit as the user writes it).
/// Readers state each attribute's range once in a table and check values against it, so a refusal
/// always quotes the range: <c>'power' = -5 is outside [0 … 1e9] W</c>.
/// </summary>
public readonly record struct PhysicalRange(double Min, double Max, string Unit)
{
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    public override string ToString() => $"[{Number(Min)} … {Number(Max)}]{(Unit.Length == 0 ? string.Empty : " " + Unit)}";

    /// <summary>Returns <paramref name="value"/>, or throws an <see cref="InputException"/> naming the field and this range.</summary>
    public double Check(double value, string field, string? file = null, int? line = null, string? elementId = null) =>
        Contains(value)
            ? value
            : throw new InputException($"'{field}' = {Number(value)} is outside its physical range {this}", file, line, elementId, field: field);

    public static string Number(double v) => double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "∞"
        : double.IsNegativeInfinity(v) ? "-∞"
        : Math.Abs(v) is >= 1e7 or (> 0 and < 1e-4) ? v.ToString("0.###e0", CultureInfo.InvariantCulture)
        : v.ToString("0.######", CultureInfo.InvariantCulture);
}
