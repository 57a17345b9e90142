using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>The plan found by <see cref="EosOptimizer"/> and its replay with <see cref="EosSimulation"/>.</summary>
public sealed class EosOptimizationResult
{
    /// <summary>The plan (whole horizon; hours before the start are 0), ready to replay or to write as EOS controls.</summary>
    public required EosControls Controls { get; init; }

    /// <summary>The plan replayed by <see cref="EosSimulation.Run"/>; write it with <see cref="EosResultJson"/>.</summary>
    public required EosSimulationResult Simulation { get; init; }

    /// <summary>The objective (<see cref="EosObjective.Of(EosOptimizeInput, EosSimulationResult)"/>) of <see cref="Simulation"/>: balance − residual battery value.</summary>
    public required double Objective { get; init; }

    /// <summary>The residual value of the battery at the end, in currency.</summary>
    public required double BatteryValue { get; init; }

    /// <summary>The vehicle's target SoC the plan had to reach, %, or <c>null</c> when EOS does not optimise the vehicle.</summary>
    public double? EvTargetPercentage { get; init; }

    /// <summary>True when the vehicle's target is met (or there is none); false only when no plan in the decision space reaches it.</summary>
    public required bool EvTargetMet { get; init; }

    /// <summary>The EV charge factors the plan could choose from (empty when EOS does not optimise the vehicle).</summary>
    public required IReadOnlyList<double> EvChargeRates { get; init; }

    /// <summary>Plans simulated during the search.</summary>
    public required long Evaluations { get; init; }

    /// <summary>Wall-clock time of the search.</summary>
    public required TimeSpan Elapsed { get; init; }
}
