using Quartier.Optimization.Dots;
using Quartier.Optimization.Modeling;
using static Quartier.Optimization.Tests.Dots.DotsEmsTestInputs;

namespace Quartier.Optimization.Tests.Dots;

/// <summary>
/// DOTS's <c>test_different_tariff_instruments</c>: the EMS of ConnectionHome1 (heat pump with tank and element, EV, PV)
/// and ConnectionHome2 (hybrid heat pump, PV) at time step 24 under the static bandwidth, variable peak (with a feed-in
/// tariff) and variable tariffs, with the test's 48-step inputs. DOTS asserts only that a dispatch comes out; here each
/// plan must exist, dispatch what DOTS's would (no EV: its session lies beyond the horizon; no tap draw in the first step),
/// and stay within DOTS's 15 % gap of the optimum of the same model.
/// </summary>
public sealed class DotsEmsTariffCaseTests
{
    private const int Step = 24;

    /// <summary>The house both homes share in the test: [291.8501, 288.3498] K.</summary>
    private static EmsHouse House(double min, double max, double hor) =>
        new(26_146_400, 78_439_200, 1 / 0.0012422360248447205, 1 / 0.011182795699309515, 1 / 0.015427670676349235, 1 / 0.0026857633907758074, 31.39,
            291.85009999999994, 288.3497627218783, min, max, hor);

    /// <summary>DOTS's tariff patterns by element (15 min from 00:00): night, shoulder, peak hours.</summary>
    private static double VariableTariff(int element) => (element % 96 / 4) switch
    {
        < 6 or >= 22 => 0.05,
        6 or (>= 10 and < 16) or 20 or 21 => 0.07,
        _ => 0.10,
    };

    private static double VariablePeakTariff(int element) => (element % 96) switch
    {
        < 16 => 2.288,
        < 20 => 3.432,
        < 24 => 4.29,
        < 28 => 4.862,
        < 40 => 5.72,
        < 64 => 4.862,
        < 76 => 5.72,
        < 84 => 4.862,
        < 88 => 4.29,
        < 92 => 3.432,
        _ => 2.288,
    };

    public static TheoryData<string, string> Cases() => new()
    {
        { "Home1", "test-bandwidth" }, { "Home2", "test-bandwidth" },
        { "Home1", "test-variable-peak-tariff" }, { "Home2", "test-variable-peak-tariff" },
        { "Home1", "test-peak-tariff" }, { "Home2", "test-peak-tariff" },
    };

    private static EmsPlanInput Input(string home, string file)
    {
        // dynamic contract, flat 0.25; with the feed-in measure (variable-peak file) it sells at the plain day-ahead price
        var buy = DayAhead.Select(p => p + 0.25).ToArray();
        var sell = file == "test-variable-peak-tariff" ? DayAhead.ToArray() : buy;
        var (kind, values) = file switch
        {
            "test-bandwidth" => (GridTariffKind.StaticBandwidth, (double[]?)null),
            "test-variable-peak-tariff" => (GridTariffKind.VariablePeak, Enumerable.Range(Step - 1, 48).Select(VariablePeakTariff).ToArray()),
            _ => (GridTariffKind.Variable, Enumerable.Range(Step - 1, 48).Select(VariableTariff).ToArray()),
        };
        var tap = new double[48];
        tap[5] = 0.02692 * 4183 * 40;
        tap[9] = 0.00129 * 4183 * 40;
        bool one = home == "Home1";
        return new EmsPlanInput
        {
            DemandW = ActivePower,
            PvMaxW = PotentialActivePower,
            AirK = AirTemperature,
            SoilK = SoilTemperature,
            IrradianceWm2 = SolarIrradiance,
            BuyEurPerKwh = buy,
            SellEurPerKwh = sell,
            Tariff = kind,
            TariffValues = values,
            BandwidthPriceEurPerKwh = 0.1,
            BandwidthW = 0, // the test files' EConnections have no capacity
            House = one ? House(291.84999999999997, 293.45, 292.65) : House(290.84999999999997, 292.45, 291.65),
            HeatPump = one
                ? new EmsHeatPump(18_500, 0.3, 4.0, 2.5, 1_254_900, 298.15, 338.15, 328.15, 328.1499987884123, 1_547_710, 298.15, 338.15, 313.15, 319.72477588114043, 3000, 1.0, tap)
                : null,
            Hybrid = one ? null : new EmsHybrid(9000, 0.3, [.. AirTemperature.Select(t => EmsPlanner.HybridCop(313.15, Math.Round(t, 5)))], 752_940, 298.15, 338.15, 313.15, 319.72477588114043),
            Ev = one ? new EmsEv(11_000, 244_800_000, 244_800_000, 1.0, [new EmsEvSession(174 - (Step - 1), 221 - (Step - 1), 152_611_200, 244_800_000)]) : null,
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_tariff_instrument_gives_a_plan_within_DOTSs_gap(string home, string file)
    {
        var input = Input(home, file);
        var plan = EmsPlanner.Plan(input, new EmsPlanOptions { RelativeGap = 0.15 });
        var optimum = EmsPlanner.Plan(input, new EmsPlanOptions { RelativeGap = 0 });
        Assert.True(plan.Feasible, plan.Message);
        Assert.True(optimum.Feasible, optimum.Message);
        Assert.True(plan.Objective - optimum.Objective <= (0.15 * Math.Abs(plan.Objective)) + 1e-9, $"{plan.Objective} vs optimum {optimum.Objective}");
        Assert.Equal(0.0, plan.EvW);         // the EV's session (PTU 174 → 221) lies beyond the 48-step horizon
        Assert.Equal(0.0, plan.HeatToDhwW);  // no tap draw at element 23
        Assert.InRange(plan.PvUseW + plan.PvSellW, 0, Math.Round(PotentialActivePower[0], 5) + 1e-6); // DOTS rounds its inputs to 5 decimals
        if (home == "Home1")
        {
            Assert.Equal(0.0, plan.HybridW);
            Assert.InRange(plan.HeatPumpW, 0, (18_500 / 2.5) + 3000 + 1e-6);
        }
        else
        {
            Assert.Equal(0.0, plan.HeatPumpW);
            Assert.Equal(plan.HybridHeatToBufferW, plan.HybridW * input.Hybrid!.Cop[0], 6);
        }
    }
}
