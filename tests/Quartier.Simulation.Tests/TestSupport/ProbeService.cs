using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Tests.TestSupport;

/// <summary>
/// A tiny calculation service for engine tests: declared period, offset, outputs and inputs; records every
/// call; its step writes what <see cref="OnStep"/> decides (by default, each output = 10 × step index).
/// </summary>
internal sealed class ProbeService : CalculationService
{
    private readonly int _period;
    private readonly int _offset;
    private readonly Func<Asset, bool>? _accepts;

    public ProbeService(string name, AssetKind kind, int period = 0, int offset = 0, string[]? outputs = null, InputDeclaration[]? inputs = null, Func<Asset, bool>? accepts = null)
    {
        Name = name;
        Kind = kind;
        _period = period;
        _offset = offset;
        _accepts = accepts;
        Outputs = (outputs ?? ["value"]).Select(o => new OutputDeclaration(o, "-")).ToArray();
        Inputs = inputs ?? [];
    }

    public override string Name { get; }

    public override AssetKind Kind { get; }

    public override int PeriodSeconds => _period;

    public override int OffsetSeconds => _offset;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; }

    public override IReadOnlyList<InputDeclaration> Inputs { get; }

    public ServiceContext Context { get; private set; } = null!;

    public List<StepContext> Calls { get; } = [];

    /// <summary>For each call, the first source value of every input for asset 0, by input name.</summary>
    public List<Dictionary<string, double>> Seen { get; } = [];

    public Action<ProbeService, StepContext>? OnStep { get; set; }

    public override bool Accepts(Asset asset) => _accepts?.Invoke(asset) ?? true;

    public override void Initialize(ServiceContext context) => Context = context;

    public override void Step(in StepContext step)
    {
        Calls.Add(step);
        Seen.Add(Inputs.ToDictionary(i => i.Name, i => Context.Input(i.Name).First(0, double.NaN)));
        if (OnStep is { } custom)
        {
            custom(this, step);
            return;
        }

        foreach (var o in Outputs)
        {
            var segment = Context.Output(o.Name);
            for (int i = 0; i < segment.Count; i++)
            {
                segment[i] = 10.0 * step.Index;
            }
        }
    }

    public void Set(string output, double value)
    {
        var segment = Context.Output(output);
        for (int i = 0; i < segment.Count; i++)
        {
            segment[i] = value;
        }
    }
}
