using System.CommandLine;
using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Optimization.Eos;
using Quartier.Resources.Eos;
using Spectre.Console;

namespace Quartier.Cli.Commands;

/// <summary>
/// <c>quartier optimize --eos</c>: answer an Akkudoktor-EOS <c>/optimize</c> request with a plan that is optimal for EOS's own
/// simulation (battery states, EV charge factors, appliance start), printed as EOS's response.
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create()
    {
        var eos = new Option<string>("--eos") { Description = "EOS optimisation request (optimize_input.json: ems, pv_akku, inverter, eauto, dishwasher; German or English names)", Required = true };
        var startHour = new Option<int?>("--start-hour") { Description = "first hour to plan, 0 … hours−1 (default: the current hour of the day, as EOS does)" };
        var json = new Option<bool>("--json") { Description = "print EOS's response JSON (the shape of 'quartier eos simulate --json'; usable as its --controls)" };
        var names = new Option<string>("--names") { Description = "field names of the JSON output: german (as EOS stores results) or english", DefaultValueFactory = _ => "german" };
        names.AcceptOnlyFromAmong("german", "english");
        var evRates = new Option<string?>("--ev-charge-rates") { Description = "EV charge factors to choose from, comma-separated (default: the request's eauto.charge_rates, else 0, 0.1, …, 1)" };
        var date = new Option<string?>("--date") { Description = "date of hour 0, YYYY-MM-DD (default today); used by appliance time windows with a weekday or date" };

        var command = new Command("optimize", "Optimise an EOS request (battery, EV charging, appliance start) for EOS's own simulation and print EOS's response")
        {
            eos, startHour, json, names, evRates, date,
        };
        command.SetAction(parse => CliGuard.Run(token => Optimize(
            parse.GetValue(eos)!,
            parse.GetValue(startHour),
            parse.GetValue(json),
            parse.GetValue(names) == "english" ? EosNames.English : EosNames.German,
            parse.GetValue(evRates),
            parse.GetValue(date),
            token), CancellationToken.None));
        return command;
    }

    private static int Optimize(string inputPath, int? startHour, bool json, EosNames names, string? ratesText, string? dateText, CancellationToken cancellation)
    {
        DateOnly? day = null;
        if (dateText is not null)
        {
            day = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new InputException($"--date '{dateText}' is not a date; use YYYY-MM-DD");
        }

        var input = EosOptimizeInput.Load(inputPath);
        int start = startHour ?? Math.Min(DateTime.Now.Hour, input.Hours - 1);
        var options = new EosOptimizerOptions { StartHour = start, Day = day, EvChargeRates = ParseRates(ratesText), Cancellation = cancellation };
        var result = EosOptimizer.Optimize(input, options);
        if (!result.EvTargetMet)
        {
            Console.Error.WriteLine($"warning: the EV cannot reach its target of {F(result.EvTargetPercentage ?? 0, "N2")} % by the end of the horizon; the plan charges it as far as it can");
        }

        if (json)
        {
            using (var stdout = Console.OpenStandardOutput())
            {
                EosResultJson.Write(stdout, result.Simulation, names);
            }

            Console.WriteLine();
            return ExitCodes.Ok;
        }

        PrintPlan(input, result);
        PrintTotals(result);
        return ExitCodes.Ok;
    }

    private static double[]? ParseRates(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rates = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out rates[k]) || rates[k] < 0 || rates[k] > 1)
            {
                throw new InputException($"--ev-charge-rates: '{parts[k]}' is not a factor within 0…1; give comma-separated factors such as 0,0.5,1");
            }
        }

        return parts.Length > 0 ? rates : throw new InputException("--ev-charge-rates is empty; give comma-separated factors such as 0,0.5,1");
    }

    private static void PrintPlan(EosOptimizeInput input, EosOptimizationResult result)
    {
        var r = result.Simulation;
        var c = result.Controls;
        var table = new Table()
            .Border(TableBorder.Simple)
            .Title($"EOS plan, hours {r.StartHour}–{r.Hours - 1} (hour 0 = 00:00 of day 1)");
        table.AddColumn(new TableColumn("Hour").RightAligned().Padding(0, 0, 1, 0));
        table.AddColumn(new TableColumn("Battery").Padding(0, 0, 1, 0));
        foreach (var heading in new[] { "EV", "Load", "PV", "Imp", "Exp", "Bat%", "EV%", "Price", "Cost" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned().Padding(0, 0, 1, 0));
        }

        for (int i = 0; i < r.LoadWhPerHour.Length; i++)
        {
            int h = r.StartHour + i;
            string battery = c.AcCharge[h] > 0 ? $"charge {F(c.AcCharge[h], "0.##")}" : c.DischargeAllowed[h] != 0 ? "discharge" : "idle";
            table.AddRow(
                h.ToString(CultureInfo.InvariantCulture),
                battery,
                c.EvChargeHours is { } ev ? F(ev[h], "0.###") : "–",
                F(r.LoadWhPerHour[i], "0"),
                F(input.Ems.PvForecastWh[h], "0"),
                F(r.GridConsumptionWhPerHour[i], "0"),
                F(r.GridFeedInWhPerHour[i], "0"),
                F(r.BatterySocPerHour[i], "0.0"),
                F(r.EvSocPerHour[i], "0.0"),
                F(r.ElectricityPrice[i] * 100_000, "0.00"),
                F(r.CostsPerHour[i], "0.000"));
        }

        AnsiConsole.Write(table);
        Console.WriteLine("Battery: idle, discharge (allowed) or charge from the grid at a factor of its power; EV: charge factor.");
        Console.WriteLine("Energies in Wh; SoC in % at the start of the hour; price in ct/kWh; load includes EV and appliance.");
    }

    private static void PrintTotals(EosOptimizationResult result)
    {
        var r = result.Simulation;
        var totals = new Table().Title("totals").AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Unit");
        totals.AddRow("Objective (balance − battery value)", F(result.Objective, "N4"), "currency");
        totals.AddRow("Balance (costs − revenue)", F(r.TotalBalance, "N4"), "currency");
        totals.AddRow("Battery value at the end", F(result.BatteryValue, "N4"), "currency");
        totals.AddRow("Costs", F(r.TotalCosts, "N4"), "currency");
        totals.AddRow("Revenue", F(r.TotalRevenue, "N4"), "currency");
        totals.AddRow("Losses", F(r.TotalLosses, "N1"), "Wh");
        totals.AddRow("Final battery SoC", r.FinalBatterySocPercentage is { } b ? F(b, "N2") : "–", "%");
        totals.AddRow("Final EV SoC", r.FinalEvSocPercentage is { } e ? F(e, "N2") : "–", "%");
        if (result.EvTargetPercentage is { } target)
        {
            totals.AddRow("EV target", $"{F(target, "N2")} ({(result.EvTargetMet ? "met" : "out of reach")})", "%");
        }

        if (r.WashingStart is { } start)
        {
            totals.AddRow("Appliance start", start.ToString(CultureInfo.InvariantCulture), "hour of the horizon");
        }

        totals.AddRow("Plans evaluated", result.Evaluations.ToString("N0", CultureInfo.InvariantCulture), string.Empty);
        totals.AddRow("Solve time", F(result.Elapsed.TotalMilliseconds, "N0"), "ms");
        AnsiConsole.Write(totals);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
