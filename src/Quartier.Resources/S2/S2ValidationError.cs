namespace Quartier.Resources.S2;

/// <summary>
/// One broken rule: <paramref name="Rule"/> is a <see cref="S2Rules"/> name, <paramref name="Path"/> the JSON path inside
/// the message (schema property names, e.g. <c>actuators[0].operation_modes[1].elements[0].fill_level_range</c>; empty
/// for the message itself), <paramref name="Message"/> what is wrong and what is allowed.
/// </summary>
public sealed record S2ValidationError(string Rule, string Path, string Message)
{
    public override string ToString() => $"[{Rule}] {(Path.Length == 0 ? "(message)" : Path)}: {Message}";
}
