using Quartier.Optimization.Modes;
using Quartier.Resources.Bridge;
using OmbcModel = Quartier.Resources.Runtime.OmbcModel;
using OmbcSimulation = Quartier.Resources.Runtime.OmbcSimulation;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Rm;
using S2Mode = Quartier.Resources.S2.Ombc.OmbcOperationMode;
using S2PowerRange = Quartier.Resources.S2.PowerRange;

namespace Quartier.Optimization.Tests.Modes;

public sealed class OmbcPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// OFF (0 W) and ON (−1000 W, 0.30 EUR/h), a 0.02 EUR start, MIN_ON 30 min, MIN_OFF 30 min; 1 kW of load for four
    /// quarter hours at 0.20, 0.50, 0.20, 0.50 EUR/kWh, no feed-in tariff. Per quarter hour OFF costs 0.05 or 0.125 EUR,
    /// ON 0.075. Without timers OFF ON OFF ON would cost 0.29 EUR; MIN_ON keeps ON in the third quarter, so the best is
    /// OFF ON ON ON: 0.05 + 0.02 + 3·0.075 = 0.295 EUR (all OFF 0.35, ON from the start 0.32, OFF ON ON OFF 0.345).
    /// </summary>
    [Fact]
    public void A_minimum_on_time_keeps_the_resource_running_as_computed_by_hand()
    {
        var plan = OmbcPlanner.Plan(Input(OnOff(), [1000, 1000, 1000, 1000], [0.20, 0.50, 0.20, 0.50]));
        Assert.Equal(["OFF", "ON", "ON", "ON"], plan.ModeIds);
        Assert.Equal(0.295, plan.CostEur, 9);
        Assert.Equal(1, plan.Transitions);
        Assert.Equal([0, -1000, -1000, -1000], plan.PowerW);
    }

    /// <summary>
    /// A MIN_OFF timer running at the start blocks starting in each step that ends before it finishes; in the step it
    /// finishes in the plan may start (the CEM then waits for the timer's exact end): finishing at +25 min the start comes in
    /// the second quarter (0.295 EUR), at +30 min (the end of that quarter) only in the third: then OFF OFF OFF ON, 0.32 EUR.
    /// </summary>
    [Theory]
    [InlineData(25, "OFF,ON,ON,ON", 0.295)]
    [InlineData(30, "OFF,OFF,OFF,ON", 0.32)]
    public void A_running_timer_counts_as_finished_in_the_step_it_finishes_in(int minutes, string modes, double cost)
    {
        var input = Input(OnOff(), [1000, 1000, 1000, 1000], [0.20, 0.50, 0.20, 0.50]) with
        {
            TimersUntil = new Dictionary<string, DateTimeOffset> { ["MIN_OFF"] = Start.AddMinutes(minutes) },
        };
        var plan = OmbcPlanner.Plan(input);
        Assert.Equal(modes.Split(','), plan.ModeIds);
        Assert.Equal(cost, plan.CostEur, 9);
    }

    /// <summary>
    /// The micro-CHP of <c>quartier s2 rm --device generator</c> with its timers shortened (MIN_ON 45 min, MIN_OFF 30 min), over
    /// ten quarter hours of varying load and prices: the plan costs what the best of all 3^10 mode sequences costs, each
    /// checked for feasibility by Quartier's OMBC simulation (instructions at the step starts) and each step's factor found
    /// by scanning 0, 0.01 … 1.
    /// </summary>
    [Fact]
    public void The_plan_is_the_cheapest_sequence_the_resource_simulation_accepts()
    {
        var chp = (OmbcSystemDescription)new GeneratorRm("chp").Describe(Start).Single();
        chp = chp with { Timers = [new S2Timer { Id = "MIN_ON", Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(45)) }, new S2Timer { Id = "MIN_OFF", Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)) }] };
        double[] net = [300, 300, 800, 1800, 1800, 900, 300, -200, 2000, 500];
        double[] prices = [0.22, 0.22, 0.30, 0.38, 0.38, 0.38, 0.30, 0.22, 0.38, 0.38];
        var input = Input(chp, net, prices) with { ExportPriceEurPerKwh = 0.07 };
        var plan = OmbcPlanner.Plan(input);

        var model = S2ToRuntime.Ombc(chp);
        var modes = chp.OperationModes;
        var stepCost = new double[modes.Count, net.Length];
        for (var m = 0; m < modes.Count; m++)
        {
            for (var t = 0; t < net.Length; t++)
            {
                stepCost[m, t] = Enumerable.Range(0, 101).Min(k => StepCost(modes[m], k / 100.0, net[t], prices[t], 0.07));
            }
        }

        var best = double.PositiveInfinity;
        string[]? bestModes = null;
        var sequence = new int[net.Length];
        var count = (int)Math.Pow(modes.Count, net.Length);
        for (var code = 0; code < count; code++)
        {
            for (int t = 0, c = code; t < net.Length; t++, c /= modes.Count)
            {
                sequence[t] = c % modes.Count;
            }

            var cost = Feasible(model, modes, sequence, chp.Transitions);
            if (cost is null)
            {
                continue;
            }

            for (var t = 0; t < net.Length; t++)
            {
                cost += stepCost[sequence[t], t];
            }

            if (cost < best - 1e-12)
            {
                best = cost.Value;
                bestModes = [.. sequence.Select(m => modes[m].Id)];
            }
        }

        Assert.Equal(best, plan.CostEur, 9);
        Assert.Equal(bestModes, plan.ModeIds);
        Assert.Contains("HIGH", plan.ModeIds);
        Assert.Contains("OFF", plan.ModeIds);
    }

    [Fact]
    public void An_unknown_active_mode_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => OmbcPlanner.Plan(Input(OnOff(), [0], [0.3]) with { ActiveModeId = "STANDBY" }));
        Assert.StartsWith("active operation mode 'STANDBY' is not described; valid: OFF, ON", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The transition costs of the sequence, or null when Quartier's OMBC simulation refuses one of its changes.</summary>
    private static double? Feasible(OmbcModel model, IReadOnlyList<S2Mode> modes, int[] sequence, IReadOnlyList<Transition> transitions)
    {
        var sim = new OmbcSimulation(model, "OFF");
        var cost = 0.0;
        var current = "OFF";
        for (var t = 0; t < sequence.Length; t++)
        {
            var mode = modes[sequence[t]].Id;
            if (mode == current)
            {
                continue;
            }

            if (!sim.Instruct(mode, 0, Start + (Quarter * t)).IsAccepted)
            {
                return null;
            }

            cost += transitions.First(x => x.From == current && x.To == mode).TransitionCosts ?? 0;
            current = mode;
        }

        return cost;
    }

    private static double StepCost(S2Mode mode, double factor, double net, double price, double export)
    {
        var r = mode.PowerRanges[0];
        var grid = net + r.StartOfRange + (factor * (r.EndOfRange - r.StartOfRange));
        var running = mode.RunningCosts is { } c ? c.StartOfRange * 900 : 0;
        return ((grid > 0 ? price : export) * grid / 4000) + running;
    }

    private static OmbcPlanInput Input(OmbcSystemDescription description, double[] net, double[] prices) => new()
    {
        Description = description,
        ActiveModeId = "OFF",
        StepBounds = [.. Enumerable.Range(0, net.Length + 1).Select(t => Start + (Quarter * t))],
        NetLoadW = net,
        ImportPriceEurPerKwh = prices,
    };

    private static OmbcSystemDescription OnOff() => new()
    {
        MessageId = "d",
        ValidFrom = Start,
        OperationModes =
        [
            new S2Mode { Id = "OFF", PowerRanges = [Power(0)], AbnormalConditionOnly = false },
            new S2Mode { Id = "ON", PowerRanges = [Power(-1000)], RunningCosts = NumberRange.Of(0.30 / 3600, 0.30 / 3600), AbnormalConditionOnly = false },
        ],
        Transitions =
        [
            new Transition { Id = "start", From = "OFF", To = "ON", StartTimers = ["MIN_ON"], BlockingTimers = ["MIN_OFF"], TransitionCosts = 0.02, AbnormalConditionOnly = false },
            new Transition { Id = "stop", From = "ON", To = "OFF", StartTimers = ["MIN_OFF"], BlockingTimers = ["MIN_ON"], AbnormalConditionOnly = false },
        ],
        Timers =
        [
            new S2Timer { Id = "MIN_ON", Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)) },
            new S2Timer { Id = "MIN_OFF", Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)) },
        ],
    };

    private static S2PowerRange Power(double w) => new() { StartOfRange = w, EndOfRange = w, CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric };
}
