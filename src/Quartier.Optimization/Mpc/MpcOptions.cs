using Quartier.Core.Series;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Mpc;

/// <summary>How <see cref="MpcSimulation"/> runs: the time grid, prices, how often and how far it plans, and the forecasts it plans on.</summary>
public sealed record MpcOptions
{
    /// <summary>Start of the run (UTC); plans start at <see cref="ReplanHour"/> local time each day.</summary>
    public required DateTime StartUtc { get; init; }

    public int StepSeconds { get; init; } = 900;

    /// <summary>Local time offset of the home's clock (hours) for commute and appliance hours.</summary>
    public double UtcOffsetHours { get; init; }

    /// <summary>Import price per step (EUR/kWh), as long as the run.</summary>
    public required double[] ImportPriceEurPerKwh { get; init; }

    /// <summary>Feed-in tariff (EUR/kWh).</summary>
    public double ExportPriceEurPerKwh { get; init; }

    public double ExportLimitW { get; init; } = double.PositiveInfinity;

    /// <summary>Local hour at which a plan is made (daily). Default 12: the EV is away, its next session lies wholly ahead.</summary>
    public int ReplanHour { get; init; } = 12;

    /// <summary>Plan length in steps (default 48 h at 15 min).</summary>
    public int HorizonSteps { get; init; } = 192;

    /// <summary>Forecast of PV and load the planner sees (default perfect); prices are day-ahead and known.</summary>
    public IForecastProvider Forecast { get; init; } = new PerfectForecast();

    public ISolver? Solver { get; init; }

    /// <summary>Keep a record of every plan (start, status, objective, solve time, instructions) in the result.</summary>
    public bool RecordPlans { get; init; }

    public SolveOptions? SolveOptions { get; init; }
}
