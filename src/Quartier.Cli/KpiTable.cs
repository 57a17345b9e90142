using System.Globalization;
using Quartier.Core.Results;
using Spectre.Console;

namespace Quartier.Cli;

/// <summary>Prints a run's system-level key figures as a table.</summary>
internal static class KpiTable
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["energy_imported"] = "Energy imported",
        ["energy_exported"] = "Energy exported",
        ["consumption"] = "Consumption",
        ["pv_production"] = "PV production",
        ["pv_curtailed"] = "PV curtailed",
        ["self_consumption"] = "Self-consumption",
        ["self_sufficiency"] = "Self-sufficiency",
        ["peak_import"] = "Peak import",
        ["transformer_peak_loading"] = "Transformer peak loading",
        ["energy_cost"] = "Energy cost",
        ["ev_departure_shortfall"] = "EV energy missing at departure",
        ["heat_pump_hours_below_comfort"] = "Heat-pump hours below comfort",
        ["grid_transformer_hours_over_limit"] = "Grid: hours transformer over rating",
        ["grid_cable_hours_over_limit"] = "Grid: hours a cable over its limit",
        ["grid_voltage_hours_out_of_band"] = "Grid: hours a house outside 230 V ±10 %",
        ["grid_worst_min_voltage"] = "Grid: lowest voltage",
        ["grid_worst_max_voltage"] = "Grid: highest voltage",
        ["grid_worst_cable_loading"] = "Grid: worst cable loading",
        ["grid_max_voltage_unbalance"] = "Grid: worst voltage unbalance",
        ["grid_losses"] = "Grid: losses",
        ["grid_steps_not_converged"] = "Grid: steps not converged",
        ["pv_share"] = "PV share (energy balance)",
        ["pv_share_pyssmic"] = "PV share (PySSMic contracts)",
        ["pv_share_std"] = "PV share, std over runs",
        ["pv_share_min"] = "PV share, lowest run",
        ["pv_share_max"] = "PV share, highest run",
        ["job_demand"] = "Jobs' demand",
        ["job_pv_energy"] = "Jobs' energy from local PV",
        ["job_grid_energy"] = "Jobs' energy from the grid",
        ["peak_to_average_consumption"] = "Peak/average consumption",
        ["peak_to_average_production"] = "Peak/average production",
        ["fairness"] = "Fairness (Jain, house PV shares)",
        ["jobs_on_grid"] = "Jobs on the grid",
        ["grid_tariff_cost"] = "Grid-tariff cost",
        ["ems_plans"] = "EMS plans made",
        ["ems_plan_seconds_median"] = "EMS plan time, median",
        ["ems_plan_seconds_p99"] = "EMS plan time, p99",
        ["ems_plan_seconds_max"] = "EMS plan time, max",
    };

    public static void Print(IReadOnlyList<Kpi> kpis, string title)
    {
        var table = new Table().Title(title).AddColumn("Key figure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Unit");
        foreach (var k in kpis.Where(k => k.Scope == "system"))
        {
            table.AddRow(Markup.Escape(Labels.GetValueOrDefault(k.Name, k.Name)), k.Unit == "ratio" && !double.IsNaN(k.Value) ? k.Value.ToString("0.0000", CultureInfo.InvariantCulture) : Format(k.Value), Markup.Escape(k.Unit));
        }

        AnsiConsole.Write(table);
        PrintTariffBands(kpis);
        var where = kpis.Where(k => k.Name.StartsWith("grid_", StringComparison.Ordinal) && k.Name.EndsWith("_at", StringComparison.Ordinal)).ToList();
        if (where.Count > 0)
        {
            Console.WriteLine("Grid worst cases: " + string.Join("; ", where.Select(k =>
                $"{Labels.GetValueOrDefault(k.Name[..^3], k.Name).Replace("Grid: ", string.Empty, StringComparison.Ordinal)} {Format(k.Value)} {k.Unit} at {k.Scope}")));
        }
    }

    /// <summary>Prints, for a grid tariff with a few levels, the EV energy, exchange and tariff cost of the EMS connections per level.</summary>
    private static void PrintTariffBands(IReadOnlyList<Kpi> kpis)
    {
        var bands = kpis.Where(k => k.Name == "ev_energy_at_tariff").Select(k => k.Scope).ToList();
        if (bands.Count == 0)
        {
            return;
        }

        double Value(string name, string scope) => kpis.FirstOrDefault(k => k.Name == name && k.Scope == scope)?.Value ?? double.NaN;
        Console.WriteLine("By grid tariff (EMS connections): " + string.Join("; ", bands.Select(b =>
            $"{b.Replace("tariff ", string.Empty, StringComparison.Ordinal)}: EV {Format(Value("ev_energy_at_tariff", b))} kWh, exchanged {Format(Value("exchange_at_tariff", b))} kWh, tariff cost {Format(Value("grid_tariff_cost_at_tariff", b))} EUR")));
    }

    public static string Format(double v) => double.IsNaN(v) ? "–" : v.ToString(Math.Abs(v) >= 100 ? "N1" : "N2", CultureInfo.InvariantCulture);
}
