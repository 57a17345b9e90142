using Quartier.Optimization.Eos;
using Quartier.Resources.Eos;

namespace Quartier.Optimization.Tests.Eos;

/// <summary>
/// The optimiser's incremental evaluator must agree bit for bit with replaying the same plan through
/// <see cref="EosSimulation"/>, for whole plans and after incremental changes.
/// </summary>
public sealed class EosPlanEvaluatorTests
{
    [Theory]
    [InlineData("1", 10, 11)]
    [InlineData("2", 10, 12)]
    [InlineData("2", 0, 13)]
    [InlineData("2", 31, 14)]
    public void Random_plans_score_exactly_as_the_simulation_replays_them(string inputName, int startHour, int seed)
    {
        var input = EosOptimizeInput.Load(ReferenceData.Path($"eos/optimize_input_{inputName}.json"));
        bool evTarget = EosObjective.OptimizesEv(input);
        var random = new Random(seed);
        var evaluator = new EosPlanEvaluator(input, startHour, evTarget);
        int n = input.Hours;
        for (int trial = 0; trial < 60; trial++)
        {
            // Change a random suffix of the plan, or (every third trial) one hour, then evaluate from the first change.
            int from = trial % 3 == 0 ? random.Next(startHour, n) : startHour + random.Next(0, 3);
            int to = trial % 3 == 0 ? from + 1 : n;
            for (int h = from; h < to; h++)
            {
                int state = random.Next(3);
                evaluator.Ac[h] = state == 2 ? (random.Next(4) == 0 ? 0.5 : 1.0) : 0.0;
                evaluator.Discharge[h] = state == 1 ? 1.0 : 0.0;
                evaluator.EvRate[h] = input.Ev is null ? 0.0 : EosBatteryParameters.DefaultChargeRates[random.Next(11)];
            }

            int? washing = null;
            if (input.Dishwasher is { } dishwasher && trial % 2 == 0)
            {
                washing = random.Next(startHour, n - dishwasher.DurationH + 1);
                Array.Clear(evaluator.ApplianceLoad);
                for (int h = washing.Value; h < washing.Value + dishwasher.DurationH; h++)
                {
                    evaluator.ApplianceLoad[h] = dishwasher.ConsumptionWh / dishwasher.DurationH;
                }

                from = startHour;
            }
            else if (input.Dishwasher is not null)
            {
                washing = Array.FindIndex(evaluator.ApplianceLoad, v => v > 0) is var first && first >= 0 ? first : null;
            }

            evaluator.Evaluate(from);
            evaluator.Accept();

            var controls = new EosControls
            {
                AcCharge = [.. evaluator.Ac],
                DcCharge = [.. evaluator.Dc],
                DischargeAllowed = [.. evaluator.Discharge],
                EvChargeHours = [.. evaluator.EvRate],
                WashingStart = washing,
            };
            var replay = EosSimulation.Run(input, controls, startHour, new DateOnly(2024, 6, 3));
            Assert.Equal(EosObjective.Of(input, replay), evaluator.Cost);
            Assert.Equal(replay.FinalBatterySocWh ?? 0.0, evaluator.BatterySocAt(n));
            Assert.Equal(replay.FinalEvSocWh ?? 0.0, evaluator.EvSocAt(n));
            Assert.Equal(EosObjective.EvShortfall(input, replay) == 0, evaluator.EvShortfall == 0);
            for (int i = 0; i < replay.BatterySocPerHour.Length; i++)
            {
                Assert.Equal(replay.BatterySocPerHour[i], evaluator.BatterySocAt(startHour + i) / input.PvBattery!.CapacityWh * 100);
            }
        }
    }

    [Fact]
    public void Missed_ev_target_is_penalised_per_percentage_point()
    {
        var input = EosOptimizeInput.Load(ReferenceData.Path("eos/optimize_input_2.json"));
        var evaluator = new EosPlanEvaluator(input, 10, evTarget: true);

        // No charging: the EV stays at 5 %, 75 points below its 80 % target.
        Assert.Equal(75.0, evaluator.EvShortfall, 12);
        Assert.Equal(evaluator.Cost + (1000.0 * (1 + 75.0)), evaluator.Objective, 9);

        // Full power in five hours stores 5 × 10 488 Wh: 3000 + 52 440 = 55 440 Wh = 92.4 % ≥ 80 %.
        for (int h = 20; h < 25; h++)
        {
            evaluator.EvRate[h] = 1.0;
        }

        evaluator.Evaluate(20);
        evaluator.Accept();
        Assert.Equal(0.0, evaluator.EvShortfall);
        Assert.Equal(evaluator.Cost, evaluator.Objective);
        Assert.Equal(55440.0, evaluator.EvSocAt(48), 6);
    }
}
