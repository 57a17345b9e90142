namespace Quartier.Optimization.Home;

/// <summary>
/// The electric vehicle for <see cref="HomePlanner"/>: charges only in its <see cref="Available"/> windows and
/// should reach each <see cref="Departures"/> target. A target it cannot reach is not infeasible: the shortfall
/// is penalised with <see cref="ShortfallPenaltyEurPerKwh"/> and reported in <see cref="HomePlan.Warnings"/>.
/// </summary>
public sealed record HomeEv
{
    /// <summary>Resource id used in the instruction plan. Default <c>ev</c>.</summary>
    public string Id { get; init; } = "ev";

    /// <summary>Battery capacity (Wh, &gt; 0).</summary>
    public required double CapacityWh { get; init; }

    /// <summary>State of charge at the start (0..MaxSoc). Default 0.5.</summary>
    public double InitialSoc { get; init; } = 0.5;

    /// <summary>Highest state of charge (0..1]. Default 1.</summary>
    public double MaxSoc { get; init; } = 1;

    /// <summary>Share of the AC charging energy stored, (0, 1]. Default 0.9.</summary>
    public double ChargeEfficiency { get; init; } = 0.9;

    /// <summary>Maximum AC charging power (W, &gt; 0); the FORCED_CHARGE factor is power / this.</summary>
    public required double MaxChargeW { get; init; }

    /// <summary>
    /// Allowed charging powers (W, each in 0..MaxChargeW; 0 is always allowed), e.g. <c>[1380, 2760, 4140]</c>
    /// for 6 A steps; null (default) = any power 0..MaxChargeW. Discrete levels add one binary per level and plugged-in
    /// step, which makes long horizons much harder to prove optimal: pass a RelativeGap of 1e-3..1e-2 and a time limit.
    /// </summary>
    public IReadOnlyList<double>? PowerLevelsW { get; init; }

    /// <summary>Steps in which the car is plugged in (ranges <c>[Start, End)</c>); null (default) = the whole horizon.</summary>
    public IReadOnlyList<StepRange>? Available { get; init; }

    /// <summary>Departure targets: state of charge wanted at the start of a step (1..Steps; Steps = end of the horizon).</summary>
    public IReadOnlyList<EvDeparture> Departures { get; init; } = [];

    /// <summary>
    /// Cost of each kWh (stored) missing at a departure (EUR/kWh, &gt; 0). Default 10; keep it well above the
    /// highest import price divided by <see cref="ChargeEfficiency"/>, or the plan prefers the shortfall.
    /// </summary>
    public double ShortfallPenaltyEurPerKwh { get; init; } = 10;
}

/// <summary>A departure target of <see cref="HomeEv"/>.</summary>
/// <param name="Step">Step at whose start the car leaves (1..Steps).</param>
/// <param name="TargetSoc">State of charge wanted then (0..MaxSoc).</param>
public readonly record struct EvDeparture(int Step, double TargetSoc);
