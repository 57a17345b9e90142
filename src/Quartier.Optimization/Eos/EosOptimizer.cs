using System.Diagnostics;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>
/// Plans an EOS request (<c>optimize_input.json</c>) for EOS's own simulation semantics: finds the battery states, EV
/// charge factors and appliance start that minimise <see cref="EosObjective"/> (balance − residual battery value) while
/// the vehicle reaches its target SoC, in EOS's decision space, deterministically and well within a second (tens to a few hundred milliseconds for 48 hours).
/// The answer is a plan plus its replay with <see cref="EosSimulation"/>, i.e. what EOS's <c>/optimize</c> returns.
/// </summary>
public static class EosOptimizer
{
    /// <summary>Optimises <paramref name="input"/> from <see cref="EosOptimizerOptions.StartHour"/>.</summary>
    /// <exception cref="InputException">The start hour is outside the horizon or an EV charge rate is outside 0…1.</exception>
    public static EosOptimizationResult Optimize(EosOptimizeInput input, EosOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new EosOptimizerOptions();
        int n = input.Hours;
        if (options.StartHour < 0 || options.StartHour >= n)
        {
            throw new InputException($"start hour {options.StartHour} is outside 0…{n - 1}: the input has {n} hours", input.Source);
        }

        if (options.EvChargeRates is { } rates)
        {
            for (int k = 0; k < rates.Count; k++)
            {
                if (!(rates[k] >= 0 && rates[k] <= 1))
                {
                    throw new InputException($"EV charge rate {rates[k]} is outside 0…1; rates are factors of the vehicle's maximum charge power", input.Source);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        var search = new EosPlanSearch(input, options);
        search.Run();
        var controls = search.ToControls();
        var simulation = EosSimulation.Run(input, controls, options.StartHour, options.Day);
        clock.Stop();

        bool evTarget = EosObjective.OptimizesEv(input);
        return new EosOptimizationResult
        {
            Controls = controls,
            Simulation = simulation,
            Objective = EosObjective.Of(input, simulation),
            BatteryValue = EosObjective.BatteryValue(input, simulation),
            EvTargetPercentage = evTarget ? input.Ev!.MinSocPercentage : null,
            EvTargetMet = EosObjective.EvShortfall(input, simulation) == 0,
            EvChargeRates = search.EvChargeRates,
            Evaluations = search.Evaluations,
            Elapsed = clock.Elapsed,
        };
    }
}
