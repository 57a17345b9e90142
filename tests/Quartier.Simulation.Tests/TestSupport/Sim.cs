using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Tests.TestSupport;

/// <summary>Keeps every signal of every step of a run for assertions; <see cref="Run(EnergySystem, int, CalculationService[])"/> wires and runs services with one.</summary>
internal sealed class Sim : IStepObserver
{
    private readonly List<double[]> _history = [];

    /// <summary>The simulation it watches (set when attached).</summary>
    public CoSimulation Simulation { get; private set; } = null!;

    public int Steps => _history.Count;

    /// <summary>Wires <paramref name="services"/> over <paramref name="system"/> on a grid of <paramref name="steps"/> steps from the builder's start, and runs it.</summary>
    public static Sim Run(EnergySystem system, int steps, params CalculationService[] services) =>
        Run(system, new TimeGrid(EsdlBuilder.DefaultStart, 900, steps), services);

    public static Sim Run(EnergySystem system, TimeGrid grid, params CalculationService[] services)
    {
        var sim = new Sim();
        new SimulationBuilder(system, grid).AddRange(services).Build().Run([sim]);
        return sim;
    }

    /// <summary>The value of <c>Type/output</c> for the asset named <paramref name="asset"/> at step <paramref name="step"/> (1-based).</summary>
    public double At(string signal, string asset, int step)
    {
        var s = Simulation.RequireSignal(signal);
        int i = s.Assets.Select((a, idx) => (a, idx)).Single(x => x.a.Name == asset).idx;
        return _history[step - 1][s.Base + i];
    }

    public double[] Series(string signal, string asset) => [.. Enumerable.Range(1, Steps).Select(k => At(signal, asset, k))];

    public void Attach(CoSimulation simulation) => Simulation = simulation;

    public void AfterStep(int step) => _history.Add((double[])Simulation.Values.Clone());

    public void Complete()
    {
    }
}
