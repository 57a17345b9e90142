using Quartier.Optimization.Home;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Tests.Home;

public sealed class HomePlannerBatteryTests
{
    private static readonly HomeBattery Battery = new()
    {
        CapacityWh = 10_000,
        InitialSoc = 0,
        MaxChargeW = 5000,
        ChargeEfficiency = 0.9,
        DischargeEfficiency = 0.9,
    };

    [Fact]
    public void ChargesInTheCheapHourAndDischargesInTheExpensiveOne()
    {
        // 3 kWh of load at 0.30 in hour 10; hour 2 costs 0.10, the rest 0.20. Covering 3 kWh AC from the battery needs
        // 3/0.9 stored = 3/0.81 AC charged: buying that at 0.10 costs 0.37037 EUR (vs 0.90 direct, 0.74 at 0.20).
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            LoadW = baseInput.LoadW.With(10, 3000),
            ImportPriceEurPerKwh = baseInput.ImportPriceEurPerKwh.With(2, 0.10).With(10, 0.30),
            Battery = Battery,
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(3 / 0.81 * 0.10, plan.CostEur, 6);
        Assert.Equal(3000 / 0.81, plan.BatteryChargeW[2], 3);
        Assert.Equal(3000, plan.BatteryDischargeW[10], 3);
        Assert.Equal(0, plan.ImportW[10], 3);
        Assert.Equal(3000 / 0.81, plan.ImportW[2], 3);
        Assert.Equal(1 / 3.0, plan.BatterySoc[3], 6);
        Assert.Equal(0, plan.BatterySoc[24], 6);
        for (var t = 0; t < 24; t++)
        {
            if (t != 2)
            {
                Assert.Equal(0, plan.BatteryChargeW[t], 6);
            }

            if (t != 10)
            {
                Assert.Equal(0, plan.BatteryDischargeW[t], 6);
            }
        }

        // Instructions: IDLE, FORCED_CHARGE at 3703.7/5000, IDLE, SELF_CONSUMPTION (covers the deficit), IDLE.
        var battery = plan.Instructions.Where(i => i.ResourceId == "battery").ToList();
        Assert.Equal([0, 2, 3, 10, 11], battery.Select(i => i.Step));
        Assert.Equal(["IDLE", "FORCED_CHARGE", "IDLE", "SELF_CONSUMPTION", "IDLE"], battery.Select(i => i.ModeId));
        Assert.Equal(3000 / 0.81 / 5000, battery[1].Factor, 9);
        Assert.Equal(1, battery[3].Factor);
        Assert.Equal(HomeInputs.Start.AddHours(2), battery[1].At);
        Assert.Empty(plan.Warnings);

        var replay = HomePlanReplay.Battery(input, plan);
        Assert.Empty(replay.Rejections);
        AssertSocMatches(plan.BatterySoc, replay.Soc);
    }

    [Fact]
    public void NegativePriceImportsToFillTheBatteryAndCurtailsPv()
    {
        // Hour 5: import pays 0.05 EUR/kWh, PV 3 kW, load 0.5 kW, no feed-in tariff. The battery (95 % full, may not
        // export, so it cannot empty itself beforehand) takes exactly its headroom, 0.5 kWh stored = 0.5/0.9 kWh AC;
        // PV is curtailed, so the import is 500 + 555.6 W. Charging and discharging at once would burn more (and earn
        // more: 5 kW in, 3.6 kW out) — the binary at negative prices forbids it.
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            PvW = baseInput.PvW.With(5, 3000),
            LoadW = baseInput.LoadW.With(5, 500),
            ImportPriceEurPerKwh = baseInput.ImportPriceEurPerKwh.With(5, -0.05),
            Battery = Battery with { InitialSoc = 0.95, AllowGridExport = false },
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(500 + (500 / 0.9), plan.ImportW[5], 3);
        Assert.Equal(3000, plan.CurtailmentW[5], 3);
        Assert.Equal(500 / 0.9, plan.BatteryChargeW[5], 3);
        Assert.Equal(0, plan.BatteryDischargeW[5], 6);
        Assert.Equal(0, plan.ExportW[5], 6);
        Assert.Equal(1, plan.BatterySoc[6], 6);
        Assert.Equal(-0.05 * (0.5 + (0.5 / 0.9)), plan.CostEur, 6);
        Assert.Equal(2, plan.ModelSize.Binaries); // battery and grid at the one negative-price step
        var charge = plan.Instructions.Single(i => i.ResourceId == "battery" && i.Step == 5);
        Assert.Equal("FORCED_CHARGE", charge.ModeId);
        Assert.Equal(500 / 0.9 / 5000, charge.Factor, 9);

        var replay = HomePlanReplay.Battery(input, plan);
        Assert.Empty(replay.Rejections);
        AssertSocMatches(plan.BatterySoc, replay.Soc);
    }

    [Fact]
    public void NegativePriceWithoutBatteryImportsTheLoadAndCurtailsAllPv()
    {
        // No feed-in tariff: importing the 0.5 kW load earns 0.025 EUR, the PV is curtailed.
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            PvW = baseInput.PvW.With(5, 3000),
            LoadW = baseInput.LoadW.With(5, 500),
            ImportPriceEurPerKwh = baseInput.ImportPriceEurPerKwh.With(5, -0.05),
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(500, plan.ImportW[5], 6);
        Assert.Equal(0, plan.ExportW[5], 6);
        Assert.Equal(3000, plan.CurtailmentW[5], 6);
        Assert.Equal(-0.025, plan.CostEur, 9);
    }

    [Fact]
    public void NegativeImportPriceWithFeedInTariffExportsPvButDoesNotImportToExport()
    {
        // Feed-in 0.07 while import pays 0.05: exporting the 2.5 kW PV surplus earns 0.175 EUR. Importing the load and
        // exporting all PV at once would earn 0.235 EUR; the import/export binary forbids it.
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            PvW = baseInput.PvW.With(5, 3000),
            LoadW = baseInput.LoadW.With(5, 500),
            ImportPriceEurPerKwh = baseInput.ImportPriceEurPerKwh.With(5, -0.05),
            ExportPriceEurPerKwh = 0.07,
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(0, plan.ImportW[5], 6);
        Assert.Equal(2500, plan.ExportW[5], 6);
        Assert.Equal(0, plan.CurtailmentW[5], 6);
        Assert.Equal(-0.175, plan.CostEur, 9);
    }

    [Fact]
    public void ExportPriceAboveImportPriceDoesNotImportToExport()
    {
        // Hour 2: export earns 0.30, import costs 0.10. Importing into the battery while discharging it to the grid
        // would earn more; the import/export binary forbids that. Best: export PV 2 kW + the battery's 5 kW.
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            PvW = baseInput.PvW.With(2, 2000),
            ImportPriceEurPerKwh = baseInput.ImportPriceEurPerKwh.With(2, 0.10),
            ExportPriceEurPerKwh = null,
            ExportPricesEurPerKwh = HomeInputs.Filled(24, 0).With(2, 0.30),
            Battery = new HomeBattery
            {
                CapacityWh = 10_000,
                InitialSoc = 0.5,
                MaxChargeW = 5000,
                ChargeEfficiency = 1,
                DischargeEfficiency = 1,
                TerminalValueEurPerKwh = 0.2,
            },
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(0, plan.ImportW[2], 6);
        Assert.Equal(7000, plan.ExportW[2], 3);
        Assert.Equal(-2.1, plan.CostEur, 6);
        Assert.Equal(0, plan.BatterySoc[24], 6);
        var discharge = plan.Instructions.Single(i => i.ResourceId == "battery" && i.Step == 2);
        Assert.Equal("FORCED_DISCHARGE", discharge.ModeId);
        Assert.Equal(1, discharge.Factor, 9);

        var replay = HomePlanReplay.Battery(input, plan);
        AssertSocMatches(plan.BatterySoc, replay.Soc);
    }

    [Fact]
    public void ZeroExportNeverExportsAndStoresOrCurtailsPv()
    {
        // PV 5 kW for hours 10–13 with 1 kW load and zero export: the battery (3 kW) stores what it can, the rest is
        // curtailed. The charge equals the surplus above the export limit → NON_EXPORT.
        var baseInput = HomeInputs.Hourly(0.25, exportPrice: 0.08);
        var input = baseInput with
        {
            PvW = baseInput.PvW.With(10, 14, 5000),
            LoadW = HomeInputs.Filled(24, 1000),
            ExportLimitW = 0,
            Battery = Battery with { MaxChargeW = 3000 },
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        for (var t = 0; t < 24; t++)
        {
            Assert.Equal(0, plan.ExportW[t]);
            var supply = input.PvW[t] - plan.CurtailmentW[t] + plan.ImportW[t] + plan.BatteryDischargeW[t];
            Assert.Equal(input.LoadW[t] + plan.BatteryChargeW[t], supply, 6);
        }

        // 4 h × 3 kW × 0.9 = 10.8 kWh > 10 kWh: the battery fills up; discharging covers 9 kWh AC of later load.
        Assert.Equal(1, plan.BatterySoc.Max(), 6);
        var charged = plan.BatteryChargeW.Sum();
        Assert.Equal(10_000 / 0.9, charged, 3);
        Assert.Equal(10_000 * 0.9, plan.BatteryDischargeW.Sum(), 3);
        Assert.Equal(((24 * 1000) - (4 * 1000) - 9000) / 1000.0 * 0.25, plan.CostEur, 6);
        Assert.Contains(plan.Instructions, i => i.ResourceId == "battery" && i.ModeId == "NON_EXPORT" && i.Factor == 1);

        var replay = HomePlanReplay.Battery(input, plan);
        Assert.Empty(replay.Rejections);
        AssertSocMatches(plan.BatterySoc, replay.Soc);
    }

    [Fact]
    public void WithoutGridExportTheBatteryOnlyCoversTheHome()
    {
        // Export pays 0.50 in hour 20 but the battery may not export: it discharges only the 1 kW load there.
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            LoadW = baseInput.LoadW.With(20, 1000),
            ExportPricesEurPerKwh = HomeInputs.Filled(24, 0).With(20, 0.50),
            ExportPriceEurPerKwh = null,
            Battery = Battery with { InitialSoc = 1, AllowGridExport = false },
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Assert.Equal(1000, plan.BatteryDischargeW[20], 3);
        Assert.Equal(0, plan.ExportW.Max(), 6);
        Assert.Equal(0, plan.CostEur, 6);
    }

    [Fact]
    public void InfeasibleWhenTheImportLimitCannotCoverTheLoad()
    {
        var baseInput = HomeInputs.Hourly(0.20);
        var input = baseInput with
        {
            LoadW = baseInput.LoadW.With(3, 2000),
            ImportLimitW = 1000,
        };

        var plan = HomePlanner.Plan(input);

        Assert.Equal(SolveStatus.Infeasible, plan.Status);
        Assert.False(plan.HasValues);
        Assert.Empty(plan.ImportW);
        Assert.Empty(plan.Instructions);
        Assert.Contains(plan.Warnings, w => w.Contains("step 3", StringComparison.Ordinal) && w.Contains("ImportLimitW 1000 W", StringComparison.Ordinal));
    }

    internal static void AssertSocMatches(double[] planned, double[] replayed)
    {
        Assert.Equal(planned.Length, replayed.Length);
        for (var t = 0; t < planned.Length; t++)
        {
            var tolerance = 1e-6 * Math.Max(Math.Abs(planned[t]), 1e-3);
            Assert.True(Math.Abs(planned[t] - replayed[t]) <= tolerance, $"step {t}: planned SoC {planned[t]}, replayed {replayed[t]}");
        }
    }
}
