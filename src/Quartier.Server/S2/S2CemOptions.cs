namespace Quartier.Server.S2;

/// <summary>How the S2 CEM of <c>quartier serve</c> runs: its clock, its message log and the home it plans for.</summary>
public sealed record S2CemOptions
{
    /// <summary>Simulated seconds per wall second (1 = real time).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Simulated time at server start; null = the wall clock's now.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>A JSON-lines file receiving every S2 message sent and received; null = none.</summary>
    public string? LogPath { get; init; }

    /// <summary>Simulated time between two plans (also re-planned when a resource describes itself anew).</summary>
    public TimeSpan PlanInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The home's inflexible load besides the resources (W).</summary>
    public double BaseLoadW { get; init; } = 300;

    /// <summary>Grid export limit (W); infinity = none.</summary>
    public double ExportLimitW { get; init; } = double.PositiveInfinity;

    /// <summary>Feed-in tariff (EUR/kWh).</summary>
    public double ExportPriceEurPerKwh { get; init; } = 0.07;
}
