using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Devices;

/// <summary>Parameters of an electric vehicle (battery and charger). State-of-charge values are fractions 0..1.</summary>
public sealed record EvSpec
{
    /// <summary>Battery capacity (Wh, &gt; 0).</summary>
    public required double CapacityWh { get; init; }

    /// <summary>Maximum AC charging power (W, &gt; 0). Default 11000.</summary>
    public double MaxChargePowerW { get; init; } = 11_000;

    /// <summary>Share of the AC energy stored, (0, 1]. Default 0.88.</summary>
    public double ChargeEfficiency { get; init; } = 0.88;

    /// <summary>State of charge at the start. Default 0.</summary>
    public double InitialSoc { get; init; }

    /// <summary>Charging stops at this state of charge. Default 1.</summary>
    public double MaxSoc { get; init; } = 1;

    /// <summary>Checks every value.</summary>
    /// <exception cref="InputException">A value is out of range (names the EV, field and value).</exception>
    public void Validate(string? evId = null)
    {
        var who = evId is null ? "EV" : $"EV '{evId}'";
        Check(who, nameof(CapacityWh), CapacityWh, CapacityWh > 0 && double.IsFinite(CapacityWh), "> 0");
        Check(who, nameof(MaxChargePowerW), MaxChargePowerW, MaxChargePowerW > 0 && double.IsFinite(MaxChargePowerW), "> 0");
        Check(who, nameof(ChargeEfficiency), ChargeEfficiency, ChargeEfficiency > 0 && ChargeEfficiency <= 1, "in (0, 1]");
        Check(who, nameof(InitialSoc), InitialSoc, InitialSoc >= 0 && InitialSoc <= 1, "in 0..1");
        Check(who, nameof(MaxSoc), MaxSoc, MaxSoc > 0 && MaxSoc <= 1, "in (0, 1]");
    }

    private static void Check(string who, string name, double value, bool ok, string allowed)
    {
        if (!ok)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{who}: {name} {value} must be {allowed}"));
        }
    }
}
