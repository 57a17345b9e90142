using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>DOTS's market service: the day-ahead price (currency per kWh) from an ESDL EnergyMarket's marketPrice profile.</summary>
public sealed class MarketService : CalculationService
{
    public const string DayAheadPrice = "day_ahead_price";

    private double[][] _price = [];
    private ArraySegment<double> _out;

    public override string Name => "market";

    public override AssetKind Kind => AssetKind.EnergyMarket;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new(DayAheadPrice, "EUR/kWh")];

    public override void Initialize(ServiceContext context)
    {
        _price = new double[context.Assets.Count][];
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
