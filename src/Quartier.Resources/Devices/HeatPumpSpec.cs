using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Devices;

/// <summary>
/// Parameters of a heat pump charging a thermal buffer. The buffer temperature is the FRBC fill level, kept
/// between <see cref="MinTempC"/> and <see cref="MaxTempC"/>.
/// </summary>
public sealed record HeatPumpSpec
{
    /// <summary>Thermal output at factor 1 (W, &gt; 0).</summary>
    public required double MaxThermalPowerW { get; init; }

    /// <summary>Heat capacity of the buffer (Wh per K, &gt; 0); 200 l of water ≈ 232.6 Wh/K.</summary>
    public required double BufferCapacityWhPerK { get; init; }

    /// <summary>Lowest buffer temperature (°C). Default 45.</summary>
    public double MinTempC { get; init; } = 45;

    /// <summary>Highest buffer temperature (°C). Default 55.</summary>
    public double MaxTempC { get; init; } = 55;

    /// <summary>Buffer temperature at the start (°C); null = <see cref="MinTempC"/>.</summary>
    public double? InitialTempC { get; init; }

    /// <summary>Share of the Carnot COP reached, (0, 1]. Default 0.45.</summary>
    public double CarnotEfficiency { get; init; } = 0.45;

    /// <summary>Condensing temperature above the buffer temperature (K, ≥ 0). Default 5.</summary>
    public double SinkOffsetK { get; init; } = 5;

    /// <summary>Upper bound of the COP (≥ 1). Default 7.</summary>
    public double MaxCop { get; init; } = 7;

    /// <summary>Standing loss of the buffer (W, ≥ 0), the FRBC leakage. Default 0.</summary>
    public double StandingLossW { get; init; }

    /// <summary>Minimum on time (S2 timer <c>MIN_ON</c>, blocks ON→OFF). Default zero.</summary>
    public TimeSpan MinOnTime { get; init; }

    /// <summary>Minimum off time (S2 timer <c>MIN_OFF</c>, blocks OFF→ON). Default zero.</summary>
    public TimeSpan MinOffTime { get; init; }

    /// <summary>Start temperature with the default applied.</summary>
    public double StartTempC => InitialTempC ?? MinTempC;

    /// <summary>
    /// COP for a heat source at <paramref name="sourceTempC"/> and a buffer at <paramref name="bufferTempC"/>:
    /// <c>η·T_sink/(T_sink − T_source)</c> in kelvin with <c>T_sink = buffer + SinkOffsetK</c>, limited to 1..MaxCop
    /// (MaxCop when the sink is not warmer than the source).
    /// </summary>
    public double Cop(double sourceTempC, double bufferTempC)
    {
        var sinkK = bufferTempC + SinkOffsetK + 273.15;
        var lift = sinkK - (sourceTempC + 273.15);
        if (!(lift > 0))
        {
            return MaxCop;
        }

        return Math.Clamp(CarnotEfficiency * sinkK / lift, 1, MaxCop);
    }

    /// <summary>Checks every value.</summary>
    /// <exception cref="InputException">A value is out of range (names the heat pump, field and value).</exception>
    public void Validate(string? id = null)
    {
        var who = id is null ? "heat pump" : $"heat pump '{id}'";
        Check(who, nameof(MaxThermalPowerW), MaxThermalPowerW, MaxThermalPowerW > 0 && double.IsFinite(MaxThermalPowerW), "> 0");
        Check(who, nameof(BufferCapacityWhPerK), BufferCapacityWhPerK, BufferCapacityWhPerK > 0 && double.IsFinite(BufferCapacityWhPerK), "> 0");
        Check(who, nameof(MaxTempC), MaxTempC, MaxTempC > MinTempC && double.IsFinite(MaxTempC) && double.IsFinite(MinTempC), $"above MinTempC {MinTempC.ToString(CultureInfo.InvariantCulture)}");
        Check(who, nameof(InitialTempC), StartTempC, StartTempC >= MinTempC && StartTempC <= MaxTempC, $"within {MinTempC.ToString(CultureInfo.InvariantCulture)}..{MaxTempC.ToString(CultureInfo.InvariantCulture)}");
        Check(who, nameof(CarnotEfficiency), CarnotEfficiency, CarnotEfficiency > 0 && CarnotEfficiency <= 1, "in (0, 1]");
        Check(who, nameof(SinkOffsetK), SinkOffsetK, SinkOffsetK >= 0 && double.IsFinite(SinkOffsetK), ">= 0");
        Check(who, nameof(MaxCop), MaxCop, MaxCop >= 1 && double.IsFinite(MaxCop), ">= 1");
        Check(who, nameof(StandingLossW), StandingLossW, StandingLossW >= 0 && double.IsFinite(StandingLossW), ">= 0");
        if (MinOnTime < TimeSpan.Zero || MinOffTime < TimeSpan.Zero)
        {
            throw new InputException($"{who}: MinOnTime and MinOffTime must not be negative");
        }
    }

    private static void Check(string who, string name, double value, bool ok, string allowed)
    {
        if (!ok)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{who}: {name} {value} must be {allowed}"));
        }
    }
}
