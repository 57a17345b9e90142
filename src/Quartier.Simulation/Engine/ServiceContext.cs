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

    private readonly List<string> _notes;
    private readonly List<(string? Service, string Note)>? _sourced;

    internal ServiceContext(EnergySystem system, IReadOnlyList<Asset> assets, TimeGrid grid, double[] values, Dictionary<string, (int, int)> outputs, Dictionary<string, InputBinding> inputs, Dictionary<Profile, double[]> sampled, int lookaheadSteps = 0, List<string>? notes = null, List<(string? Service, string Note)>? sourced = null, string? service = null)
    {
        _sampled = sampled;
        _notes = notes ?? [];
        _sourced = sourced;
        ServiceName = service;
        LookaheadSteps = lookaheadSteps;
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

    /// <summary>Steps past the run's end that a planning controller of this run looks ahead (0 without one).</summary>
    public int LookaheadSteps { get; }

    /// <summary>Length of the per-step arrays a profile-driven service keeps: the run plus the look-ahead.</summary>
    public int SampleCount => Grid.Count + LookaheadSteps;

    /// <summary>The run's grid extended by the look-ahead.</summary>
    public TimeGrid SampleGrid => new(Grid.Start, Grid.StepSeconds, SampleCount);

    /// <summary>Adds a note to the run (shown with the run, e.g. a rule that differs from DOTS's).</summary>
    public void Note(string note)
    {
        if (!_notes.Contains(note))
        {
            _notes.Add(note);
            _sourced?.Add((ServiceName, note));
        }
    }

    /// <summary>The service being initialised (its notes are attributed to it).</summary>
    public string? ServiceName { get; }

    /// <summary>The array segment holding output <paramref name="name"/> for every asset; write it in Step.</summary>
    public ArraySegment<double> Output(string name) =>
        _outputs.TryGetValue(name, out var o) ? new ArraySegment<double>(_values, o.Base, o.Length) : throw new InvalidOperationException($"output '{name}' is not declared");

    public InputBinding Input(string name) =>
        _inputs.TryGetValue(name, out var i) ? i : throw new InvalidOperationException($"input '{name}' is not declared");

    /// <summary>
    /// Samples a profile for every step into an array indexed by step − 1. As in DOTS, step k runs at
    /// <c>start + k·step</c> and takes the profile value that holds from that instant (the interval it stands for).
    /// The array runs <see cref="LookaheadSteps"/> past the run's end; there, past the profile's data, the last value is held.
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

        var result = new double[SampleCount];
        profile.Sample(Grid.Start, Grid.StepSeconds, 1, result);
        if (LookaheadSteps > 0 && profile.Span is { } span)
        {
            for (int k = Grid.Count; k < result.Length; k++)
            {
                if (Grid.Start.AddSeconds((double)(k + 1) * Grid.StepSeconds) >= span.End && k > 0)
                {
                    result[k] = result[k - 1];
                }
            }
        }
        _sampled[profile] = result;
        return result;
    }
}
