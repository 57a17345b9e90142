using Quartier.Core.Results;

namespace Quartier.Simulation.Services;

/// <summary>
/// System-wide LV violation figures shared by the feeders' <see cref="LvNetworkService"/>s: an hour counts once when
/// any feeder is over a limit in it; worst values keep the element where they occurred.
/// </summary>
internal sealed class GridViolations
{
    private int _lastTransformerStep = -1, _lastCableStep = -1, _lastVoltageStep = -1;

    public double HoursTransformerOver { get; private set; }

    public double HoursCableOver { get; private set; }

    public double HoursVoltageOut { get; private set; }

    public double LossWh { get; set; }

    public int NotConverged { get; set; }

    public double WorstMin { get; private set; } = double.PositiveInfinity;

    public string WorstMinAt { get; private set; } = "system";

    public double WorstMax { get; private set; }

    public string WorstMaxAt { get; private set; } = "system";

    public double WorstCableLoading { get; private set; }

    public string WorstCableAt { get; private set; } = "system";

    public double WorstUnbalance { get; private set; }

    public string WorstUnbalanceAt { get; private set; } = "system";

    public bool Any { get; private set; }

    public void TransformerOver(int step, double hours) => HoursTransformerOver += Once(ref _lastTransformerStep, step, hours);

    public void CableOver(int step, double hours) => HoursCableOver += Once(ref _lastCableStep, step, hours);

    public void VoltageOut(int step, double hours) => HoursVoltageOut += Once(ref _lastVoltageStep, step, hours);

    /// <summary>Offers one feeder's step extremes; the element names are only looked up when they win.</summary>
    public void Offer(LvNetworkService feeder, double min, int minBus, double max, int maxBus, double cableLoading, int cable, double unbalance, int unbalanceBus)
    {
        Any = true;
        var net = feeder.Network;
        if (min < WorstMin)
        {
            WorstMin = min;
            WorstMinAt = net.Buses[minBus].Name;
        }

        if (max > WorstMax)
        {
            WorstMax = max;
            WorstMaxAt = net.Buses[maxBus].Name;
        }

        if (cableLoading > WorstCableLoading && cable >= 0)
        {
            WorstCableLoading = cableLoading;
            WorstCableAt = net.Branches[cable].Name;
        }

        if (unbalance > WorstUnbalance)
        {
            WorstUnbalance = unbalance;
            WorstUnbalanceAt = net.Buses[unbalanceBus].Name;
        }
    }

    /// <summary>The system-scope KPIs and the worst cases (scope = the element).</summary>
    public IReadOnlyList<Kpi> Kpis() =>
    [
        new("grid_transformer_hours_over_limit", HoursTransformerOver, "h"),
        new("grid_cable_hours_over_limit", HoursCableOver, "h"),
        new("grid_voltage_hours_out_of_band", HoursVoltageOut, "h"),
        new("grid_worst_min_voltage", Any ? WorstMin : double.NaN, "V"),
        new("grid_worst_max_voltage", Any ? WorstMax : double.NaN, "V"),
        new("grid_worst_cable_loading", WorstCableLoading, "%"),
        new("grid_max_voltage_unbalance", WorstUnbalance, "%"),
        new("grid_losses", LossWh / 1000, "kWh"),
        new("grid_steps_not_converged", NotConverged, "count"),
        new("grid_worst_min_voltage_at", Any ? WorstMin : double.NaN, "V", WorstMinAt),
        new("grid_worst_max_voltage_at", Any ? WorstMax : double.NaN, "V", WorstMaxAt),
        new("grid_worst_cable_loading_at", WorstCableLoading, "%", WorstCableAt),
        new("grid_max_voltage_unbalance_at", WorstUnbalance, "%", WorstUnbalanceAt),
    ];

    /// <summary>The step's hours the first time a step is counted, then 0.</summary>
    private static double Once(ref int last, int step, double hours)
    {
        if (last == step)
        {
            return 0;
        }

        last = step;
        return hours;
    }
}
