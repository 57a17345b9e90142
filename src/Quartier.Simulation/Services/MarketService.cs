using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Forecasting.Forecasts;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's market service: the day-ahead price (currency per kWh) from an ESDL EnergyMarket's marketPrice profile,
/// or — given a day-ahead series (EOS's Akkudoktor or Energy-Charts JSON, or CSV) — that series' interval means on
/// the run's grid for every EnergyMarket. A series must cover the run.
/// </summary>
public sealed class MarketService : CalculationService
{
    public const string DayAheadPrice = "day_ahead_price";

    private double[][] _price = [];
    private ArraySegment<double> _out;
    private readonly TimeSeries? _dayAhead;

    /// <summary>The ESDL's marketPrice profiles, or <paramref name="dayAhead"/> (EUR/kWh) for every market.</summary>
    public MarketService(TimeSeries? dayAhead = null) => _dayAhead = dayAhead;

    public override string Name => "market";

    public override AssetKind Kind => AssetKind.EnergyMarket;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new(DayAheadPrice, "EUR/kWh")];

    public override void Initialize(ServiceContext context)
    {
        _price = new double[context.Assets.Count][];
        if (_dayAhead is { } series)
        {
            var grid = context.Grid;
            var first = grid.Start.AddSeconds(grid.StepSeconds);
            var end = first.AddSeconds((double)grid.StepSeconds * grid.Count);
            if (first < series.Start || end > series.End)
            {
                throw new InputException($"the prices in {series.Source} cover {series.Start:yyyy-MM-dd HH:mm} to {series.End:yyyy-MM-dd HH:mm} UTC; the run needs {first:yyyy-MM-dd HH:mm} to {end:yyyy-MM-dd HH:mm}");
            }

            var values = series.Resample(first, grid.StepSeconds, grid.Count).Values;
            Array.Fill(_price, values);
        }
        else
        {
            for (int i = 0; i < _price.Length; i++)
            {
                var a = context.Assets[i];
                if (!a.Profiles.TryGetValue("marketPrice", out var profile))
                {
                    throw a.Error($"EnergyMarket '{a.Name}' has no marketPrice profile");
                }

                var values = (double[])context.SampleProfile(profile).Clone();
                if (profile.Unit is { } unit)
                {
                    for (int k = 0; k < values.Length; k++)
                    {
                        values[k] = unit.ToInternal(values[k]);
                    }
                }

                _price[i] = values;
            }
        }

        _out = context.Output(DayAheadPrice);
    }

    public override void Step(in StepContext step)
    {
        for (int i = 0; i < _price.Length; i++)
        {
            _out[i] = _price[i][step.Index - 1];
        }
    }
}
