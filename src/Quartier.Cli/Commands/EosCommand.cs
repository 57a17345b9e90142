using System.CommandLine;
using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;
using Spectre.Console;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier eos simulate</c>: replay an Akkudoktor-EOS plan with EOS's hourly device simulation.</summary>
internal static class EosCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "EOS optimisation input (optimize_input.json: ems, pv_akku, inverter, eauto, dishwasher)", Required = true };
        var controls = new Option<string>("--controls") { Description = "plan to replay: an EOS optimisation result (ac_charge, dc_charge, discharge_allowed, eautocharge_hours_float, washingstart)", Required = true };
        var startHour = new Option<int>("--start-hour") { Description = "first hour to simulate, 0 … hours−1 (hours before it are not simulated)", Required = true };
        var json = new Option<bool>("--json") { Description = "print the result as EOS's JSON (GeneticSolution) instead of tables" };
        var names = new Option<string>("--names") { Description = "field names of the JSON output: german (as EOS stores results) or english", DefaultValueFactory = _ => "german" };
        names.AcceptOnlyFromAmong("german", "english");
        var date = new Option<string?>("--date") { Description = "date of hour 0, YYYY-MM-DD (default today); used by appliance time windows with a weekday or date" };

        var simulate = new Command("simulate", "Replay an EOS plan hour by hour and print load, grid exchange, SoC, losses, costs and revenue") { input, controls, startHour, json, names, date };
        simulate.SetAction(parse => CliGuard.Run(() => Simulate(
            parse.GetValue(input)!,
            parse.GetValue(controls)!,
            parse.GetValue(startHour),
            parse.GetValue(json),
            parse.GetValue(names) == "english" ? EosNames.English : EosNames.German,
            parse.GetValue(date))));

        return new Command("eos", "EOS-compatible (Akkudoktor-EOS) hourly simulation") { simulate };
    }

    private static int Simulate(string inputPath, string controlsPath, int startHour, bool json, EosNames names, string? dateText)
    {
        DateOnly? day = null;
        if (dateText is not null)
        {
            day = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new InputException($"--date '{dateText}' is not a date; use YYYY-MM-DD");
        }

        var input = EosOptimizeInput.Load(inputPath);
        var plan = EosControls.Load(controlsPath);
        var result = EosSimulation.Run(input, plan, startHour, day);
        if (json)
        {
            using (var stdout = Console.OpenStandardOutput())
            {
                EosResultJson.Write(stdout, result, names);
            }

            Console.WriteLine();
            return ExitCodes.Ok;
        }

        PrintHours(input, result);
        PrintTotals(result);
        return ExitCodes.Ok;
    }

    private static void PrintHours(EosOptimizeInput input, EosSimulationResult r)
    {
        // Compact enough for an 80-column terminal (units in the footnote).
        var table = new Table()
            .Border(TableBorder.Simple)
            .Title($"EOS simulation, hours {r.StartHour}–{r.Hours - 1} (hour 0 = 00:00 of day 1)");
        table.AddColumn(new TableColumn("Hour").RightAligned().Padding(0, 0, 1, 0));
        foreach (var heading in new[] { "Load", "PV", "Imp", "Exp", "Bat%", "EV%", "Appl", "Loss", "Price", "Cost", "Rev" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned().Padding(0, 0, 1, 0));
        }

        for (int i = 0; i < r.LoadWhPerHour.Length; i++)
        {
            int h = r.StartHour + i;
            table.AddRow(
                h.ToString(CultureInfo.InvariantCulture),
                F(r.LoadWhPerHour[i], "0"),
                F(input.Ems.PvForecastWh[h], "0"),
                F(r.GridConsumptionWhPerHour[i], "0"),
                F(r.GridFeedInWhPerHour[i], "0"),
                F(r.BatterySocPerHour[i], "0.0"),
                F(r.EvSocPerHour[i], "0.0"),
                F(r.HomeApplianceWhPerHour[i], "0"),
                F(r.LossesWhPerHour[i], "0"),
                F(r.ElectricityPrice[i] * 100_000, "0.00"),
                F(r.CostsPerHour[i], "0.000"),
                F(r.RevenuePerHour[i], "0.000"));
        }

        AnsiConsole.Write(table);
        Console.WriteLine("Energies in Wh; SoC in % at the start of the hour; price in ct/kWh;");
        Console.WriteLine("cost and revenue in the price's currency.");
    }

    private static void PrintTotals(EosSimulationResult r)
    {
        var totals = new Table().Title("totals").AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Unit");
        totals.AddRow("Balance (costs − revenue)", F(r.TotalBalance, "N4"), "currency");
        totals.AddRow("Costs", F(r.TotalCosts, "N4"), "currency");
        totals.AddRow("Revenue", F(r.TotalRevenue, "N4"), "currency");
        totals.AddRow("Losses", F(r.TotalLosses, "N1"), "Wh");
        totals.AddRow("Final battery SoC", r.FinalBatterySocPercentage is { } b ? F(b, "N2") : "–", "%");
        totals.AddRow("Final EV SoC", r.FinalEvSocPercentage is { } e ? F(e, "N2") : "–", "%");
        if (r.WashingStart is { } start)
        {
            totals.AddRow("Appliance start", Clock(start), "hour of the horizon");
        }

        AnsiConsole.Write(totals);
    }

    private static string Clock(int hour)
    {
        int dayOffset = hour / 24;
        var clock = $"{hour.ToString(CultureInfo.InvariantCulture)} ({(hour % 24).ToString("00", CultureInfo.InvariantCulture)}:00";
        return dayOffset == 0 ? clock + ")" : $"{clock} on day +{dayOffset.ToString(CultureInfo.InvariantCulture)})";
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
