using Quartier.Core.Model;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>
/// A planning controller's look-ahead (<see cref="InputBinding.Ahead"/>): the values the profile services will publish
/// at the following steps, past the run's end from the profile's further data, and past the data the last value held.
/// </summary>
public sealed class LookaheadTests
{
    /// <summary>An EConnection service that looks 4 steps ahead and records what it sees.</summary>
    private sealed class Probe : CalculationService
    {
        private InputBinding _demand = null!;
        private InputBinding _air = null!;
        private InputBinding _price = null!;

        public List<double[]> Demand { get; } = [];

        public List<double[]> Air { get; } = [];

        public List<double[]> Price { get; } = [];

        public List<double[]> PriceBefore { get; } = [];

        public override string Name => "probe";

        public override AssetKind Kind => AssetKind.EConnection;

        public override int LookaheadSteps => 4;

        public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new("x", "W")];

        public override IReadOnlyList<InputDeclaration> Inputs { get; } =
        [
            new("demand", AssetKind.ElectricityDemand, ElectricityDemandService.ActivePower),
            new("air", AssetKind.EnvironmentalProfiles, WeatherService.AirTemperature, Routing.Global),
            new("price", AssetKind.EnergyMarket, MarketService.DayAheadPrice, Routing.Global),
        ];

        public override void Initialize(ServiceContext context)
        {
            _demand = context.Input("demand");
            _air = context.Input("air");
            _price = context.Input("price");
        }

        public override void Step(in StepContext step)
        {
            int k = step.Index - 1;
            Demand.Add(Window(_demand, k));
            Air.Add(Window(_air, k));
            Price.Add(Window(_price, k));
            PriceBefore.Add(Window(_price, k - 1));
        }

        private static double[] Window(InputBinding binding, int k)
        {
            var w = new double[4];
            binding.Ahead(binding.Start(0), k, w);
            return w;
        }
    }

    [Fact]
    public void Ahead_sees_the_published_values_then_the_profile_past_the_run_then_holds_the_last()
    {
        // profiles of 6 elements from the start: step s publishes element s (s = 1 … 3 in a 3-step run)
        var system = new EsdlBuilder()
            .Weather([0, 0, 0, 0, 0, 0], [280.15, 281.15, 282.15, 283.15, 284.15, 285.15])
            .Market(0.10, 0.11, 0.12, 0.13, 0.14, 0.15)
            .Building("H").Connection("""{"got_ems": false}""").Demand("D", [100, 200, 300, 400, 500, 600])
            .Build();
        var probe = new Probe();
        var sim = Sim.Run(system, 3, new WeatherService(), new MarketService(), new ElectricityDemandService(), probe);

        Assert.Equal([200.0, 300, 400, 500], probe.Demand[0]);
        Assert.Equal([400.0, 500, 600, 600], probe.Demand[2]); // element 5 is the last, then held
        for (int s = 1; s <= 3; s++)
        {
            Assert.Equal(sim.At("ElectricityDemand/active_power", "D", s), probe.Demand[s - 1][0]);
            Assert.Equal(sim.At("EnvironmentalProfiles/air_temperature", "weather", s), probe.Air[s - 1][0], 12);
        }

        Assert.Equal(12.0, probe.Air[2][2], 12); // 285.15 K, past the run's end
        Assert.Equal(12.0, probe.Air[2][3], 12); // held
        Assert.Equal([0.13, 0.14, 0.15, 0.15], probe.Price[2]);

        // index −1: the price of the interval the run starts in (DOTS's EMS reads prices one element early)
        Assert.Equal([0.10, 0.11, 0.12, 0.13], probe.PriceBefore[0]);
        Assert.Equal([0.11, 0.12, 0.13, 0.14], probe.PriceBefore[1]);
    }
}
