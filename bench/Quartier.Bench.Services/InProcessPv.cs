using System.Diagnostics;
using Quartier.Core.Model;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;

namespace Quartier.Bench.Services;

/// <summary>The example service's formula in process, each step's time kept.</summary>
public sealed class InProcessPv(double ratio) : CalculationService
{
    private double[] _factor = [];
    private double[] _cap = [];
    private InputBinding _irradiance = null!;
    private ArraySegment<double> _out;
    private long[] _ticks = [];
    private int _made;

    public ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, _made);

    public override string Name => "pv-in-process";

    public override AssetKind Kind => AssetKind.PVInstallation;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new(PvService.PotentialActivePower, "W")];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } = [new("irradiance", AssetKind.EnvironmentalProfiles, WeatherService.Irradiance)];

    public override void Initialize(ServiceContext context)
    {
        _factor = [.. context.Assets.Select(a => a.OptionalDouble("surfaceArea") is { } s && a.OptionalDouble("panelEfficiency") is { } e ? s * e : a.OptionalDouble("power")!.Value / 1000.0)];
        _cap = [.. context.Assets.Select(a => a.OptionalDouble("surfaceArea") is not null && a.OptionalDouble("panelEfficiency") is not null && a.OptionalDouble("power") is > 0 and var p ? p : double.PositiveInfinity)];
        _irradiance = context.Input("irradiance");
        _out = context.Output(PvService.PotentialActivePower);
        _ticks = new long[context.Grid.Count];
    }

    public override void Step(in StepContext step)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < _factor.Length; i++)
        {
            _out[i] = Math.Min(Math.Max(0.0, _factor[i] * _irradiance.First(i) * ratio), _cap[i]);
        }

        _ticks[_made++] = Stopwatch.GetTimestamp() - t0;
    }
}
