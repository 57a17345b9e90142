using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's market service: the day-ahead price (currency per kWh) from an ESDL EnergyMarket's marketPrice profile,
/// or — given a day-ahead series (EOS's Akkudoktor or Energy-Charts JSON, or CSV) — that series' interval means on
/// the run's grid for every EnergyMarket. A series must cover the run.
/// </summary>
public sealed class MarketService : CalculationService, IForecastSource
{
    public const string DayAheadPrice = "day_ahead_price";

    private double[][] _price = [];
    private double[] _atStart = [];
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
        _atStart = new double[context.Assets.Count];
        if (_dayAhead is { } series)
        {
            var grid = context.Grid;
            var first = grid.Start.AddSeconds(grid.StepSeconds);
            var end = first.AddSeconds((double)grid.StepSeconds * grid.Count);
            if (first < series.Start || end > series.End)
            {
                throw new InputException($"the prices in {series.Source} cover {series.Start:yyyy-MM-dd HH:mm} to {series.End:yyyy-MM-dd HH:mm} UTC; the run needs {first:yyyy-MM-dd HH:mm} to {end:yyyy-MM-dd HH:mm}");
            }

            var values = Held(series.Resample(first, grid.StepSeconds, grid.Count).Values, context.SampleCount);
            Array.Fill(_price, values);
            Array.Fill(_atStart, series.Start <= grid.Start ? series.Resample(grid.Start, grid.StepSeconds, 1).Values[0] : values[0]);
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
                double atStart = profile.ValueAt(context.Grid.Start);
                _atStart[i] = profile.Unit is { } u ? u.ToInternal(atStart) : atStart;
            }
        }

        _out = context.Output(DayAheadPrice);
    }

    /// <inheritdoc/>
    /// <remarks>Index −1 is the price of the interval the run starts in (DOTS's EMS reads prices one element earlier than weather).</remarks>
    public void Ahead(string output, int asset, int index, Span<double> destination)
    {
        if (index < 0 && destination.Length > 0)
        {
            destination[0] = _atStart[asset];
            Window.Copy(_price[asset], 0, destination[1..]);
            return;
        }

        Window.Copy(_price[asset], index, destination);
    }

    private static double[] Held(double[] values, int count)
    {
        if (values.Length >= count || values.Length == 0)
        {
            return values;
        }

        var held = new double[count];
        values.CopyTo(held, 0);
        Array.Fill(held, values[^1], values.Length, count - values.Length);
        return held;
    }

    public override void Step(in StepContext step)
    {
        for (int i = 0; i < _price.Length; i++)
        {
            _out[i] = _price[i][step.Index - 1];
        }
    }
}
