using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Optimization.Dots;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// The planning EMS of one run (<see cref="EmsStrategy.Dots"/> or <see cref="EmsStrategy.Mpc"/>): per EConnection and
/// step it gathers the look-ahead (demand, PV potential, weather from the services' own data — a perfect forecast —,
/// prices, grid tariff, hot-water taps, EV sessions) and the assets' present state (house, fabric, buffer and tank
/// temperatures, EV energy, battery fill), plans <see cref="EmsOptions.Horizon"/> steps with <see cref="EmsPlanner"/> and
/// returns the first step. Index convention: under <c>dots</c> prices, tariffs, taps and EV sessions are read one element
/// earlier than weather, demand and PV, as DOTS's EMS does; under <c>mpc</c> every input is read at the same step.
/// </summary>
internal sealed class EmsPlanning
{
    private readonly EmsOptions _options;
    private readonly int _horizon;
    private readonly Buffers[] _buffers;
    private readonly EmsPlanOptions _solve;

    public EmsPlanning(EmsOptions options, int connections)
    {
        _options = options;
        _horizon = options.Horizon;
        _buffers = new Buffers[connections];
        _solve = new EmsPlanOptions { RelativeGap = options.Gap, TimeLimitSeconds = options.TimeLimitSeconds, Solver = Optimization.Solvers.Solvers.ByName(options.Solver) };
    }

    public bool Dots => _options.Strategy == EmsStrategy.Dots;

    /// <summary>Plans made at once (each plan single-threaded).</summary>
    public int Threads => _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;

    public int Horizon => _horizon;

    /// <summary>Array index of prices, tariffs, taps and EV sessions for plan step 0 at array index <paramref name="k"/> (step k + 1).</summary>
    public int PriceIndex(int k) => Dots ? k - 1 : k;

    public Buffers For(int connection) => _buffers[connection] ??= new Buffers(_horizon);

    public EmsPlan Plan(EmsPlanInput input, Asset connection, in StepContext step)
    {
        var plan = EmsPlanner.Plan(input, step.Cancellation.CanBeCanceled ? _solve with { Cancellation = step.Cancellation } : _solve);
        if (!plan.Feasible)
        {
            if (Environment.GetEnvironmentVariable("QUARTIER_DEBUG") == "1")
            {
                var path = Path.Combine(Path.GetTempPath(), $"quartier-ems-{connection.Name}-{step.Index}.json");
                File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(input, new System.Text.Json.JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                Console.Error.WriteLine($"debug: the infeasible plan's input is in {path}");
            }

            throw new SimulationException(
                $"EConnection '{connection.Name}' ({connection.Id}): the {(Dots ? "DOTS" : "MPC")} EMS found no feasible plan at step {step.Index} ({step.Time:yyyy-MM-dd HH:mm} UTC): {plan.Message ?? plan.Status.ToString()}" +
                (Dots ? " — DOTS stops the simulation here too" : string.Empty));
        }

        return plan;
    }

    /// <summary>Look-ahead arrays of one connection, reused from step to step.</summary>
    internal sealed class Buffers(int horizon)
    {
        public double[] Demand { get; } = new double[horizon];
        public double[] Scratch { get; } = new double[horizon];
        public double[] Pv { get; } = new double[horizon];
        public double[] Air { get; } = new double[horizon];
        public double[] Soil { get; } = new double[horizon];
        public double[] Irradiance { get; } = new double[horizon];
        public double[] Buy { get; } = new double[horizon];
        public double[] Sell { get; } = new double[horizon];
        public double[] Tariff { get; } = new double[horizon];
        public double[] Tap { get; } = new double[horizon];
        public double[] Cop { get; } = new double[horizon];
        public double PeakOld { get; set; }
    }
}
