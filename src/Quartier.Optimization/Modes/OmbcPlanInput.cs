using Quartier.Resources.S2.Ombc;

namespace Quartier.Optimization.Modes;

/// <summary>What <see cref="OmbcPlanner"/> plans an OMBC resource from: its description and state, the steps, and the rest of the home.</summary>
public sealed record OmbcPlanInput
{
    /// <summary>The resource's operation modes, transitions and timers.</summary>
    public required OmbcSystemDescription Description { get; init; }

    /// <summary>The mode the resource is in now.</summary>
    public required string ActiveModeId { get; init; }

    /// <summary>The factor it runs at now.</summary>
    public double ActiveFactor { get; init; }

    /// <summary>When each running timer finishes (timers not listed, or finished, block nothing).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> TimersUntil { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>Step boundaries: step t runs from <c>StepBounds[t]</c> to <c>StepBounds[t + 1]</c>; the first may be off the grid (now).</summary>
    public required IReadOnlyList<DateTimeOffset> StepBounds { get; init; }

    /// <summary>The home's net grid power per step without this resource (W, + = import).</summary>
    public required IReadOnlyList<double> NetLoadW { get; init; }

    /// <summary>Import price per step (EUR/kWh).</summary>
    public required IReadOnlyList<double> ImportPriceEurPerKwh { get; init; }

    /// <summary>Feed-in tariff (EUR/kWh).</summary>
    public double ExportPriceEurPerKwh { get; init; }

    /// <summary>Granularity of the planned operation mode factors.</summary>
    public double FactorStep { get; init; } = 0.01;
}
