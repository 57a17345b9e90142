namespace Quartier.Optimization.Home;

/// <summary>
/// A heat pump heating a thermal buffer for <see cref="HomePlanner"/>. Per step the buffer temperature moves by
/// <c>(COP·P_el − demand)·h / C</c> (C = <see cref="BufferCapacityWhPerK"/>) and stays in the comfort band
/// <see cref="MinTempC"/>..<see cref="MaxTempC"/>.
/// </summary>
public sealed record HomeHeatPump
{
    /// <summary>Resource id used in the instruction plan. Default <c>heatpump</c>.</summary>
    public string Id { get; init; } = "heatpump";

    /// <summary>Heat capacity of the buffer (Wh/K, &gt; 0); 200 l of water ≈ 232.6 Wh/K.</summary>
    public required double BufferCapacityWhPerK { get; init; }

    /// <summary>Lowest buffer temperature (°C), the bottom of the comfort band.</summary>
    public required double MinTempC { get; init; }

    /// <summary>Highest buffer temperature (°C), the top of the comfort band.</summary>
    public required double MaxTempC { get; init; }

    /// <summary>Buffer temperature at the start (°C, within the band).</summary>
    public required double InitialTempC { get; init; }

    /// <summary>Lowest buffer temperature at the end of the horizon (°C); null (default) = just the band.</summary>
    public double? MinFinalTempC { get; init; }

    /// <summary>Heat drawn from the buffer per step (W thermal, ≥ 0).</summary>
    public required IReadOnlyList<double> HeatDemandW { get; init; }

    /// <summary>Constant COP (&gt; 0); set this or <see cref="Cops"/>.</summary>
    public double? Cop { get; init; }

    /// <summary>COP per step (&gt; 0); set this or <see cref="Cop"/>.</summary>
    public IReadOnlyList<double>? Cops { get; init; }

    /// <summary>Maximum electric power (W, &gt; 0); the ON factor is electric power / this.</summary>
    public required double MaxElectricW { get; init; }

    /// <summary>
    /// Lowest electric power when running (W, 0..MaxElectricW); &gt; 0 adds an on/off binary per step. Default 0.
    /// This makes the MILP much harder (48 h at 15 min: 0.5–1 s with a 1e-2..1e-3 gap, not proven at 1e-6 within seconds, instead of ~10 ms); pass a
    /// <see cref="Quartier.Optimization.Modeling.SolveOptions.RelativeGap"/> of 1e-3..1e-2 and a time limit.
    /// </summary>
    public double MinElectricW { get; init; }
}
