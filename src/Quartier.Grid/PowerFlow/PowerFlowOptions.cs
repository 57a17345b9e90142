namespace Quartier.Grid.PowerFlow;

/// <summary>Settings of the backward/forward sweep.</summary>
public sealed record PowerFlowOptions
{
    /// <summary>Converged when no node voltage changes by more than this (per unit of the source phase voltage) between sweeps.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Sweeps before giving up; the result then says <c>Converged = false</c>.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Include the transformer's series impedance (from %load loss and %X) between source and LV bus.</summary>
    public bool TransformerImpedance { get; init; } = true;

    /// <summary>Start each step from the previous step's voltages (fewer sweeps for slowly varying loads).</summary>
    public bool WarmStart { get; init; } = true;
}
