using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>Time tiles give the bits of stepping every service at every step.</summary>
public sealed class TilingTests
{
    [Theory]
    [InlineData(1, 96, false)]
    [InlineData(2, 7, false)]
    [InlineData(2, 96, true)]
    public void A_neighbourhood_stepped_in_tiles_records_the_bits_and_kpis_of_one_stepped_step_by_step(int threads, int tileSteps, bool powerFlow)
    {
        var system = Scenarios.SyntheticNeighbourhood.Create(households: 1200, days: 2);
        var options = new RunOptions { DurationSeconds = 2 * 86_400, Record = ["all"], Threads = threads, PowerFlow = powerFlow };
        var stepwise = new MemorySink();
        var tiled = new MemorySink();
        var one = SimulationRunner.Prepare(system, options with { Tiling = false }).Execute(stepwise);
        var runner = SimulationRunner.Prepare(system, options);
        runner.Simulation.MaxTileSteps = tileSteps;
        var two = runner.Execute(tiled);

        Assert.Equal(Math.Min(tileSteps, 192), runner.Simulation.TileSteps);
        Assert.Equal(stepwise.Series, tiled.Series);
        Assert.Equal(stepwise.Bits(), tiled.Bits());
        Assert.Equal(one.Kpis, two.Kpis);
        Assert.True(tiled.Of("ConnectionHome1200", "net_power").Distinct().Count() > 10);
        Assert.Contains(tiled.Series, s => s.Output == "solar_irradiance");
    }

    [Fact]
    public void A_market_price_that_changes_every_step_is_read_at_each_chunks_own_step()
    {
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var system = Scenarios.SyntheticNeighbourhood.Create(households: 1200, days: 2, start: start, dynamicContracts: true);
        var prices = new Core.Series.TimeSeries(start, 900, [.. Enumerable.Range(0, 400).Select(k => 0.05 + (0.01 * (k % 37)))], "EUR/kWh", "test");
        var options = new RunOptions { DurationSeconds = 2 * 86_400, Record = ["EConnection/cost", "EConnection/buy_price"], Threads = 2, Prices = prices };
        var stepwise = new MemorySink();
        var tiled = new MemorySink();
        var one = SimulationRunner.Prepare(system, options with { Tiling = false }).Execute(stepwise);
        var runner = SimulationRunner.Prepare(system, options);
        runner.Simulation.MaxTileSteps = 5;
        var two = runner.Execute(tiled);

        Assert.Equal(5, runner.Simulation.TileSteps);
        Assert.Equal(stepwise.Bits(), tiled.Bits());
        Assert.Equal(one.Kpis, two.Kpis);
        Assert.True(tiled.Of("ConnectionHome1200", "buy_price").Distinct().Count() > 30);
    }

    [Fact]
    public void A_run_of_few_assets_is_stepped_step_by_step()
    {
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, new RunOptions());
        runner.Execute(new MemorySink());
        Assert.Equal(0, runner.Simulation.TileSteps);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_failure_inside_a_tile_is_reported_at_its_step_after_the_steps_before_it_were_observed(bool tiling)
    {
        var grid = new TimeGrid(EsdlBuilder.DefaultStart, 900, 40);
        var builder = new EsdlBuilder().Weather([100, 200, 300], [283.15, 284.15, 285.15]);
        for (int h = 0; h < 1100; h++)
        {
            builder.Building($"H{h}").Connection().Demand($"D{h}", [100, 200, 300]);
        }

        var system = builder.Build();
        var weather = new ProbeService("weather", AssetKind.EnvironmentalProfiles);
        var first = new RangeProbe("first", AssetKind.ElectricityDemand, [new InputDeclaration("w", AssetKind.EnvironmentalProfiles, "value", Routing.Global)]) { FailAt = (23, 1000) };
        var second = new RangeProbe("second", AssetKind.EConnection, [new InputDeclaration("d", AssetKind.ElectricityDemand, "value", Routing.SameBuilding), new InputDeclaration("before", AssetKind.ElectricityDemand, "value", Routing.SameBuilding, Delayed: true)]);
        var after = new ProbeService("after", AssetKind.Building, outputs: ["seen"], inputs: [new InputDeclaration("c", AssetKind.EConnection, "value", Routing.Global), new InputDeclaration("p", AssetKind.EConnection, "value", Routing.Global, Delayed: true)]);
        var sim = new SimulationBuilder(system, grid).Add(weather).Add(first).Add(second).Add(after).Build();
        sim.Tiling = tiling;
        sim.MaxTileSteps = 16;
        var observer = new Observer();
        Assert.Equal(2, Assert.Single(sim.ChunkPlans).Services);
        var error = Assert.Throws<SimulationException>(() => sim.Run([observer], threads: 2));

        Assert.Equal($"service 'first' failed: asset 1000 at step 23 at step 23 ({grid.Start.AddSeconds(23 * 900):O})", error.Message);
        Assert.Equal(Enumerable.Range(1, 22), observer.Steps);
        // what the later service saw: the connection's value at the same step, and at the step before
        Assert.Equal(22, after.Seen.Count);
        Assert.Equal([.. Enumerable.Range(1, 22).Select(k => Expected(k, 0))], after.Seen.Select(s => s["c"]));
        Assert.Equal([0.0, .. Enumerable.Range(1, 21).Select(k => Expected(k, 0))], after.Seen.Select(s => s["p"]));
        Assert.Equal([.. Enumerable.Range(1, 22).Select(k => Expected(k, 0))], observer.Connection0);
        Assert.Equal(tiling ? 16 : 0, sim.TileSteps);
    }

    [Theory]
    [InlineData("EConnection/value", true)]
    [InlineData("Building/seen", false)]
    public void A_chunk_observer_sees_every_asset_at_every_step_once_inside_the_chunks_where_the_chunks_make_its_signal(string signal, bool inChunks)
    {
        var grid = new TimeGrid(EsdlBuilder.DefaultStart, 900, 40);
        var builder = new EsdlBuilder().Weather([100, 200, 300], [283.15, 284.15, 285.15]);
        for (int h = 0; h < 1100; h++)
        {
            builder.Building($"H{h}").Connection().Demand($"D{h}", [100, 200, 300]);
        }

        var system = builder.Build();
        var sums = new List<long[]>();
        foreach (bool tiling in (bool[])[false, true])
        {
            var first = new RangeProbe("first", AssetKind.ElectricityDemand, [new InputDeclaration("w", AssetKind.EnvironmentalProfiles, "value", Routing.Global)]);
            var second = new RangeProbe("second", AssetKind.EConnection, [new InputDeclaration("d", AssetKind.ElectricityDemand, "value", Routing.SameBuilding)]);
            var after = new ProbeService("after", AssetKind.Building, outputs: ["seen"], inputs: [new InputDeclaration("c", AssetKind.EConnection, "value", Routing.SameBuilding)]);
            var sim = new SimulationBuilder(system, grid).Add(new ProbeService("weather", AssetKind.EnvironmentalProfiles)).Add(first).Add(second).Add(after).Build();
            sim.Tiling = tiling;
            sim.MaxTileSteps = 16;
            var observer = new ChunkSum(signal);
            sim.Run([observer], threads: 2);

            Assert.Equal(tiling ? 16 : 0, sim.TileSteps);
            Assert.All(observer.Seen, n => Assert.Equal(40, n));
            Assert.Equal(tiling && inChunks, observer.ChunkCalls > 0);
            Assert.False(observer.Chunked, "chunk mode is switched off after the run");
            sums.Add(observer.Sums);
        }

        Assert.Equal(sums[0], sums[1]);
        Assert.True(sums[0][40] > 0);
    }

    /// <summary>Sums a signal over its assets per step (whole numbers, in any order the same) and counts what it saw of each asset.</summary>
    private sealed class ChunkSum(string name) : IChunkObserver
    {
        private CoSimulation _sim = null!;
        private Signal _signal = null!;

        public long[] Sums { get; private set; } = [];

        public int[] Seen { get; private set; } = [];

        public int ChunkCalls;

        public bool Chunked { get; private set; }

        public IReadOnlyList<Signal>? Reads => [_signal];

        public IReadOnlyList<Signal> ChunkReads => [_signal];

        public void Attach(CoSimulation simulation)
        {
            _sim = simulation;
            _signal = simulation.RequireSignal(name);
            Sums = new long[simulation.Grid.Count + 1];
            Seen = new int[_signal.Assets.Count];
        }

        public void UseChunks(bool on) => Chunked = on;

        public void AfterStep(int step)
        {
            if (!Chunked)
            {
                Sums[step] = Add(_sim.Current(_signal), 0, Seen.Length);
            }
        }

        public void ObserveChunk(int step, int chunk)
        {
            Interlocked.Increment(ref ChunkCalls);
            var (from, to) = _sim.ChunkRange(_signal, chunk);
            Interlocked.Add(ref Sums[step], Add(_sim.Values.AsSpan(_signal.Base, Seen.Length), from, to));
        }

        public void Complete()
        {
        }

        private long Add(ReadOnlySpan<double> values, int from, int to)
        {
            long sum = 0;
            for (int i = from; i < to; i++)
            {
                sum += (long)values[i];
                Seen[i]++;
            }

            return sum;
        }
    }

    /// <summary>
    /// The second probe's value for connection <paramref name="i"/> at step k: 1000·k + i plus the demand probe's value at
    /// k and at k − 1 (0 before the first step), where that is 1000·k + i plus the weather probe's 10·k.
    /// </summary>
    private static double Expected(int k, int i)
    {
        static double First(int k, int i) => k == 0 ? 0 : (1000.0 * k) + i + (10.0 * k);
        return (1000.0 * k) + i + First(k, i) + First(k - 1, i);
    }

    private sealed class Observer : IStepObserver
    {
        private CoSimulation _sim = null!;
        private Signal _signal = null!;

        public List<int> Steps { get; } = [];

        public List<double> Connection0 { get; } = [];

        public IReadOnlyList<Signal>? Reads => [_signal];

        public void Attach(CoSimulation simulation)
        {
            _sim = simulation;
            _signal = simulation.RequireSignal("EConnection/value");
        }

        public void AfterStep(int step)
        {
            Steps.Add(step);
            Connection0.Add(_sim.Current(_signal)[0]);
        }

        public void Complete()
        {
        }
    }

    /// <summary>
    /// A partitionable service: each asset's value is its inputs' first values plus 1000 × step + its index; it fails at
    /// one step for one asset.
    /// </summary>
    private sealed class RangeProbe(string name, AssetKind kind, InputDeclaration[] inputs) : CalculationService
    {
        private ArraySegment<double> _out;
        private InputBinding[] _in = [];

        public (int Step, int Asset)? FailAt { get; init; }

        public override string Name => name;

        public override AssetKind Kind => kind;

        public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new OutputDeclaration("value", "-")];

        public override IReadOnlyList<InputDeclaration> Inputs => inputs;

        public override bool Partitionable => true;

        public override void Initialize(ServiceContext context)
        {
            _out = context.Output("value");
            _in = [.. inputs.Select(i => context.Input(i.Name))];
        }

        public override void Step(in StepContext step) => StepRange(step, 0, _out.Count);

        public override void StepRange(in StepContext step, int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (FailAt is { } f && f.Step == step.Index && f.Asset == i)
                {
                    throw new InvalidOperationException($"asset {i} at step {step.Index}");
                }

                double v = (1000.0 * step.Index) + i;
                foreach (var binding in _in)
                {
                    v += binding.First(i);
                }

                _out[i] = v;
            }
        }
    }
}
