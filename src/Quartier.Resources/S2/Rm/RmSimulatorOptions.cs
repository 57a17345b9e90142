namespace Quartier.Resources.S2.Rm;

/// <summary>How <see cref="RmSimulator"/> runs: which CEM, how fast, how long, where its message log goes.</summary>
public sealed record RmSimulatorOptions
{
    /// <summary>The CEM's S2 WebSocket, e.g. <c>ws://127.0.0.1:8001/s2/ws</c>.</summary>
    public required Uri Cem { get; init; }

    /// <summary>Simulated seconds per wall second when the CEM offers no clock; null = follow the CEM (else real time).</summary>
    public double? Speed { get; init; }

    /// <summary>Simulated hours of operation (from the control type's selection) after which the resource manager ends the session; null = until the CEM ends it.</summary>
    public double? Hours { get; init; }

    /// <summary>Simulated time between two reports (power measurement and changed statuses). Default 15 minutes.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A JSON-lines file receiving every message sent and received; null = none.</summary>
    public string? LogPath { get; init; }
}
