using Quartier.Core.Model;
using Quartier.Core.Time;

namespace Quartier.Simulation.Engine;

/// <summary>What a service gets at initialisation: its assets, the time grid, its output arrays and its input bindings.</summary>
public sealed class ServiceContext
{
    private readonly Dictionary<string, (int Base, int Length)> _outputs;
    private readonly Dictionary<string, InputBinding> _inputs;
    private readonly double[] _values;
    private readonly Dictionary<Profile, double[]> _sampled;

    internal ServiceContext(EnergySystem system, IReadOnlyList<Asset> assets, TimeGrid grid, double[] values, Dictionary<string, (int, int)> outputs, Dictionary<string, InputBinding> inputs, Dictionary<Profile, double[]> sampled)
    {
        _sampled = sampled;
        System = system;
        Assets = assets;
        Grid = grid;
        _values = values;
        _outputs = outputs;
        _inputs = inputs;
    }

    public EnergySystem System { get; }

    public IReadOnlyList<Asset> Assets { get; }

    public TimeGrid Grid { get; }

    /// <summary>The array segment holding output <paramref name="name"/> for every asset; write it in Step.</summary>
    public ArraySegment<double> Output(string name) =>
        _outputs.TryGetValue(name, out var o) ? new ArraySegment<double>(_values, o.Base, o.Length) : throw new InvalidOperationException($"output '{name}' is not declared");

    public InputBinding Input(string name) =>
        _inputs.TryGetValue(name, out var i) ? i : throw new InvalidOperationException($"input '{name}' is not declared");

    /// <summary>
    /// Samples a profile for every step into an array indexed by step − 1. As in DOTS, step k runs at
    /// <c>start + k·step</c> and takes the profile value that holds from that instant (the interval it stands for).
    /// </summary>
    /// <remarks>Assets that share one profile object share one sampled array: treat it as read-only.</remarks>
    public double[] SampleProfile(Profile profile)
    {
        if (profile is InfluxDbProfile { IsBound: false } influx)
        {
            throw influx.Unbound();
        }

        if (_sampled.TryGetValue(profile, out var cached))
        {
            return cached;
        }

        var result = new double[Grid.Count];
        profile.Sample(Grid.Start, Grid.StepSeconds, 1, result);
        _sampled[profile] = result;
        return result;
    }
}
