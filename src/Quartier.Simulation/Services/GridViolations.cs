using Quartier.Core.Results;

namespace Quartier.Simulation.Services;

/// <summary>
/// System-wide LV violation figures over the feeders' <see cref="LvNetworkService"/>s. Each feeder writes only its own
/// <see cref="FeederTally"/> (feeders may step at the same time on different cores); the tallies are merged at the
/// end: an hour counts once when any feeder is over a limit in it, worst values keep the element where they occurred
/// (the first feeder wins ties, so the result does not depend on scheduling).
/// </summary>
internal sealed class GridViolations
{
    public const byte TransformerOver = 1;
    public const byte CableOver = 2;
    public const byte VoltageOut = 4;

    private readonly List<FeederTally> _feeders = [];

    /// <summary>A new feeder's tally, merged into this record's KPIs.</summary>
    public FeederTally Register()
    {
        var tally = new FeederTally();
        _feeders.Add(tally);
        return tally;
    }

    /// <summary>The losses' addends, one per feeder in the order they are added (named by the feeder's source asset).</summary>
    public IEnumerable<Kpis.KpiTerm> Terms() => _feeders.Select(f => new Kpis.KpiTerm("grid_losses", "system", f.SourceId, f.LossWh));

    /// <summary>The system-scope KPIs and the worst cases (scope = the element).</summary>
    public IReadOnlyList<Kpi> Kpis()
    {
        double over = 0, cable = 0, voltage = 0, loss = 0;
        int notConverged = 0;
        var worst = new FeederTally();
        int steps = _feeders.Count == 0 ? 0 : _feeders.Max(f => f.Flags.Length);
        double hours = _feeders.Count == 0 ? 0 : _feeders[0].Hours;
        for (int k = 0; k < steps; k++)
        {
            byte flags = 0;
            foreach (var f in _feeders)
            {
                flags |= k < f.Flags.Length ? f.Flags[k] : (byte)0;
            }

            over += (flags & TransformerOver) != 0 ? hours : 0;
            cable += (flags & CableOver) != 0 ? hours : 0;
            voltage += (flags & VoltageOut) != 0 ? hours : 0;
        }

        foreach (var f in _feeders)
        {
            loss += f.LossWh;
            notConverged += f.NotConverged;
            worst.Merge(f);
        }

        bool any = worst.Steps > 0;
        return
        [
            new("grid_transformer_hours_over_limit", over, "h"),
            new("grid_cable_hours_over_limit", cable, "h"),
            new("grid_voltage_hours_out_of_band", voltage, "h"),
            new("grid_worst_min_voltage", any ? worst.WorstMin : double.NaN, "V"),
            new("grid_worst_max_voltage", any ? worst.WorstMax : double.NaN, "V"),
            new("grid_worst_cable_loading", worst.WorstCableLoading, "%"),
            new("grid_max_voltage_unbalance", worst.WorstUnbalance, "%"),
            new("grid_losses", loss / 1000, "kWh"),
            new("grid_steps_not_converged", notConverged, "count"),
            new("grid_worst_min_voltage_at", any ? worst.WorstMin : double.NaN, "V", worst.WorstMinAt),
            new("grid_worst_max_voltage_at", any ? worst.WorstMax : double.NaN, "V", worst.WorstMaxAt),
            new("grid_worst_cable_loading_at", worst.WorstCableLoading, "%", worst.WorstCableAt),
            new("grid_max_voltage_unbalance_at", worst.WorstUnbalance, "%", worst.WorstUnbalanceAt),
        ];
    }
}

/// <summary>One feeder's violation flags per step and its extremes (written by that feeder only).</summary>
internal sealed class FeederTally
{
    /// <summary>Violation bits per step index (<see cref="GridViolations.TransformerOver"/> …).</summary>
    public byte[] Flags { get; set; } = [];

    /// <summary>The feeder's source asset (its transformer, else the slack bus's asset).</summary>
    public string SourceId { get; set; } = string.Empty;

    /// <summary>Hours per step.</summary>
    public double Hours { get; set; }

    public int Steps { get; set; }

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

    /// <summary>Offers one step's extremes; names are existing strings (nothing is allocated).</summary>
    public void Offer(double min, string minAt, double max, string maxAt, double cableLoading, string? cableAt, double unbalance, string unbalanceAt)
    {
        if (min < WorstMin)
        {
            WorstMin = min;
            WorstMinAt = minAt;
        }

        if (max > WorstMax)
        {
            WorstMax = max;
            WorstMaxAt = maxAt;
        }

        if (cableLoading > WorstCableLoading && cableAt is not null)
        {
            WorstCableLoading = cableLoading;
            WorstCableAt = cableAt;
        }

        if (unbalance > WorstUnbalance)
        {
            WorstUnbalance = unbalance;
            WorstUnbalanceAt = unbalanceAt;
        }
    }

    /// <summary>Takes the other tally's extremes where they are worse (strictly: earlier feeders win ties).</summary>
    public void Merge(FeederTally other)
    {
        Steps += other.Steps;
        Offer(other.WorstMin, other.WorstMinAt, other.WorstMax, other.WorstMaxAt, other.WorstCableLoading, other.WorstCableAt, other.WorstUnbalance, other.WorstUnbalanceAt);
    }
}
