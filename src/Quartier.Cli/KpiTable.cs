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
    };

    public static void Print(IReadOnlyList<Kpi> kpis, string title)
    {
        var table = new Table().Title(title).AddColumn("Key figure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Unit");
        foreach (var k in kpis.Where(k => k.Scope == "system"))
        {
            table.AddRow(Markup.Escape(Labels.GetValueOrDefault(k.Name, k.Name)), Format(k.Value), Markup.Escape(k.Unit));
        }

        AnsiConsole.Write(table);
    }

    public static string Format(double v) => double.IsNaN(v) ? "–" : v.ToString(Math.Abs(v) >= 100 ? "N1" : "N2", CultureInfo.InvariantCulture);
}
