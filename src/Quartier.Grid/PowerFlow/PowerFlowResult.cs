using System.Numerics;

namespace Quartier.Grid.PowerFlow;

/// <summary>
/// The solution of one step, overwritten in place by every <see cref="PowerFlowSolver.Solve"/> (no allocation per
/// step). Voltages are node-to-ground phasors (V) per bus and conductor a, b, c, n; currents are phasors (A) per
/// cable and conductor, positive from the slack side towards the houses. Powers in W / var / VA.
/// </summary>
public sealed class PowerFlowResult
{
    internal PowerFlowResult(int buses, int branches)
    {
        Voltage = new Complex[buses * 4];
        Current = new Complex[branches * 4];
        BusMinVoltage = new double[buses];
        BusMaxVoltage = new double[buses];
    }

    /// <summary>Lowest phase-to-neutral voltage magnitude (V) of each bus.</summary>
    public double[] BusMinVoltage { get; }

    /// <summary>Highest phase-to-neutral voltage magnitude (V) of each bus.</summary>
    public double[] BusMaxVoltage { get; }

    /// <summary>Node voltages, index <c>bus * 4 + conductor</c> (0..2 phases a..c, 3 neutral).</summary>
    public Complex[] Voltage { get; }

    /// <summary>Cable currents, index <c>branch * 4 + conductor</c>.</summary>
    public Complex[] Current { get; }

    public bool Converged { get; internal set; }

    public int Iterations { get; internal set; }

    /// <summary>Largest node-voltage change in the last sweep (per unit).</summary>
    public double LastChangePu { get; internal set; }

    /// <summary>Active power delivered at the transformer's LV terminals (W) = loads + cable losses.</summary>
    public double TransformerLvP { get; internal set; }

    public double TransformerLvQ { get; internal set; }

    /// <summary>Active power taken from the MV side (W) = LV power + copper loss + no-load loss.</summary>
    public double TransformerP { get; internal set; }

    /// <summary>Reactive power taken from the MV side (var).</summary>
    public double TransformerQ { get; internal set; }

    /// <summary>Apparent power at the MV side (VA); DOTS's <c>transformer1</c> figure (in kVA).</summary>
    public double TransformerS { get; internal set; }

    /// <summary>Transformer apparent power over its rating (fraction; NaN without transformer).</summary>
    public double TransformerLoading { get; internal set; }

    /// <summary>Σ I²R of the cables including neutrals (W).</summary>
    public double CableLossesW { get; internal set; }

    /// <summary>Transformer copper loss (Σ |I|² R over the phases) plus no-load loss (W).</summary>
    public double TransformerLossesW { get; internal set; }

    /// <summary>Σ active power of the loads (W), as specified.</summary>
    public double LoadP { get; internal set; }

    /// <summary>Lowest phase-to-neutral voltage magnitude over all buses (V) and its bus.</summary>
    public double MinVoltage { get; internal set; }

    public int MinVoltageBus { get; internal set; }

    public double MaxVoltage { get; internal set; }

    public int MaxVoltageBus { get; internal set; }

    /// <summary>Largest voltage unbalance factor |V₂|/|V₁| of the phase-to-neutral voltages over all buses (%).</summary>
    public double MaxUnbalancePercent { get; internal set; }

    public int MaxUnbalanceBus { get; internal set; }

    /// <summary>Phase-to-neutral voltage magnitude (V) at <paramref name="bus"/>, phase 0..2.</summary>
    public double PhaseToNeutral(int bus, int phase) => (Voltage[(bus * 4) + phase] - Voltage[(bus * 4) + 3]).Magnitude;

    /// <summary>Node-to-ground voltage magnitude (V), conductor 0..3 (DOTS's node values <c>bus.1</c> … <c>bus.4</c>).</summary>
    public double NodeVoltage(int bus, int conductor) => Voltage[(bus * 4) + conductor].Magnitude;

    /// <summary>Current magnitude (A) in <paramref name="branch"/>, conductor 0..3.</summary>
    public double CurrentMagnitude(int branch, int conductor) => Current[(branch * 4) + conductor].Magnitude;

    /// <summary>Largest phase-current magnitude (A) of a cable (neutral excluded).</summary>
    public double MaxPhaseCurrent(int branch) =>
        Math.Max(CurrentMagnitude(branch, 0), Math.Max(CurrentMagnitude(branch, 1), CurrentMagnitude(branch, 2)));
}
