using System.Globalization;

namespace Quartier.Resources.S2.WebSockets;

/// <summary>
/// Simulated time running <see cref="Speed"/> times faster than the wall clock: <c>Now = Start + (wall − WallStart)·Speed</c>.
/// Speed 1 with <c>Start = WallStart</c> is real time. A CEM offers its clock to resource managers in the
/// <see cref="HeaderName"/> header of the WebSocket handshake, so that every process of a simulation runs on one clock.
/// </summary>
public sealed class SimulatedClock
{
    /// <summary>The HTTP header of the WebSocket upgrade response that carries the CEM's clock.</summary>
    public const string HeaderName = "Quartier-S2-Clock";

    private readonly TimeProvider _wall;

    /// <summary>A clock at <paramref name="start"/> now (or at <paramref name="wallStart"/>), running at <paramref name="speed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The speed is not a number in 0.001 … 1,000,000.</exception>
    public SimulatedClock(DateTimeOffset start, double speed = 1, DateTimeOffset? wallStart = null, TimeProvider? wall = null)
    {
        if (!(speed >= 0.001 && speed <= 1_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be 0.001 … 1,000,000");
        }

        _wall = wall ?? TimeProvider.System;
        Start = start.ToUniversalTime();
        Speed = speed;
        WallStart = (wallStart ?? _wall.GetUtcNow()).ToUniversalTime();
    }

    /// <summary>Simulated time at <see cref="WallStart"/>.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Wall time at which the simulated time was <see cref="Start"/>.</summary>
    public DateTimeOffset WallStart { get; }

    /// <summary>Simulated seconds per wall second.</summary>
    public double Speed { get; }

    /// <summary>The simulated time now.</summary>
    public DateTimeOffset Now => Start + ((_wall.GetUtcNow() - WallStart) * Speed);

    /// <summary>The header value: <c>start=…; wall=…; speed=…</c>.</summary>
    public string Header => string.Create(CultureInfo.InvariantCulture, $"start={Start:O}; wall={WallStart:O}; speed={Speed:R}");

    /// <summary>Reads a <see cref="Header"/> value; null when it is malformed.</summary>
    public static SimulatedClock? FromHeader(string? header, TimeProvider? wall = null)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (parts.TryGetValue("start", out var s) && parts.TryGetValue("wall", out var w) && parts.TryGetValue("speed", out var v)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start)
            && DateTimeOffset.TryParse(w, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var wallStart)
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed >= 0.001 && speed <= 1_000_000)
        {
            return new SimulatedClock(start, speed, wallStart, wall);
        }

        return null;
    }

    /// <summary>Wall time until the simulated time reaches <paramref name="target"/> (zero when it has).</summary>
    public TimeSpan WallUntil(DateTimeOffset target)
    {
        var left = (target - Now) / Speed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
