namespace Quartier.Optimization.Modeling;

/// <summary>The domain of a variable.</summary>
public enum VariableKind
{
    Continuous,
    Integer,
    Binary,
}

/// <summary>Declaration of one model column: LP-legal name, bounds (infinite allowed) and kind.</summary>
public sealed record VariableInfo(string Name, double Lower, double Upper, VariableKind Kind)
{
    /// <summary>Zero-based column index.</summary>
    public int Index { get; init; }

    /// <summary>The variable handle of this column.</summary>
    public Variable Variable => new(Index);

    /// <summary>True for <see cref="VariableKind.Integer"/> and <see cref="VariableKind.Binary"/>.</summary>
    public bool IsInteger => Kind != VariableKind.Continuous;
}
