namespace Quartier.Optimization.Home;

/// <summary>
/// Everything <see cref="HomePlanner.Plan"/> needs to plan one home over 24–48 h. Series have one value per step
/// (<see cref="Steps"/> = <c>PvW.Count</c>); powers are W (averages over the step), prices EUR/kWh.
/// <see cref="HomePlanner.Plan"/> validates it and throws <see cref="Quartier.Core.Errors.InputException"/>
/// naming the field, the value and what is allowed.
/// </summary>
public sealed record HomePlanInput
{
    /// <summary>Start of the first step (UTC, offset zero).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Step length in seconds: 900 (15 min) or 3600 (1 h). Default 900.</summary>
    public int StepSeconds { get; init; } = 900;

    /// <summary>PV generation forecast per step (W, ≥ 0); its length sets <see cref="Steps"/>.</summary>
    public required IReadOnlyList<double> PvW { get; init; }

    /// <summary>Inflexible load forecast per step (W, ≥ 0).</summary>
    public required IReadOnlyList<double> LoadW { get; init; }

    /// <summary>Import price per step (EUR/kWh; may be negative).</summary>
    public required IReadOnlyList<double> ImportPriceEurPerKwh { get; init; }

    /// <summary>Constant feed-in price (EUR/kWh); null = 0 unless <see cref="ExportPricesEurPerKwh"/> is set. Set at most one of the two.</summary>
    public double? ExportPriceEurPerKwh { get; init; }

    /// <summary>Feed-in price per step (EUR/kWh; may be negative). Set at most one of this and <see cref="ExportPriceEurPerKwh"/>.</summary>
    public IReadOnlyList<double>? ExportPricesEurPerKwh { get; init; }

    /// <summary>Grid import limit (W, ≥ 0). Default unlimited.</summary>
    public double ImportLimitW { get; init; } = double.PositiveInfinity;

    /// <summary>Per-step grid import limits (W, ≥ 0) on top of <see cref="ImportLimitW"/>, e.g. a feeder's remaining capacity; null = none.</summary>
    public IReadOnlyList<double>? ImportLimitsW { get; init; }

    /// <summary>Grid export limit (W, ≥ 0; 0 = zero export). Default unlimited.</summary>
    public double ExportLimitW { get; init; } = double.PositiveInfinity;

    /// <summary>The stationary battery, if any.</summary>
    public HomeBattery? Battery { get; init; }

    /// <summary>The electric vehicle, if any.</summary>
    public HomeEv? Ev { get; init; }

    /// <summary>Shiftable appliances (each starts exactly once). Default none.</summary>
    public IReadOnlyList<HomeAppliance> Appliances { get; init; } = [];

    /// <summary>The heat pump with its thermal buffer, if any.</summary>
    public HomeHeatPump? HeatPump { get; init; }

    /// <summary>Number of steps (the length of <see cref="PvW"/>).</summary>
    public int Steps => PvW?.Count ?? 0;

    /// <summary>Start time of step <paramref name="step"/>.</summary>
    public DateTimeOffset StepStart(int step) => Start.AddSeconds((double)step * StepSeconds);
}

/// <summary>A range of steps <c>[Start, End)</c> (end exclusive).</summary>
/// <param name="Start">First step in the range.</param>
/// <param name="End">First step after the range.</param>
public readonly record struct StepRange(int Start, int End)
{
    /// <summary>Number of steps in the range.</summary>
    public int Length => End - Start;

    /// <summary>True when <paramref name="step"/> is in the range.</summary>
    public bool Contains(int step) => step >= Start && step < End;
}
