using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's PV service: potential active power = panelEfficiency · surfaceArea · irradiance (W). Where only a
/// peak <c>power</c> is given it scales that by irradiance / 1000 W/m²; where both are given, <c>power</c> caps the output.
/// </summary>
public sealed class PvService : CalculationService
{
    public const string PotentialActivePower = "potential_active_power";

    private double[] _factor = [];
    private double[] _cap = [];
    private InputBinding _irradiance = null!;
    private ArraySegment<double> _out;

    public override string Name => "pv";

    public override AssetKind Kind => AssetKind.PVInstallation;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new(PotentialActivePower, "W")];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
        [new("irradiance", AssetKind.EnvironmentalProfiles, WeatherService.Irradiance, Routing.Global, Required: true)];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _factor = new double[n];
        _cap = new double[n];
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            double? area = a.OptionalDouble("surfaceArea");
            double? eff = a.OptionalDouble("panelEfficiency");
            double? peak = a.OptionalDouble("power");
            if (area is { } s && eff is { } e)
            {
                if (s <= 0 || e <= 0 || e > 1)
                {
                    throw a.Error($"PVInstallation '{a.Name}' needs surfaceArea > 0 m² and panelEfficiency in (0, 1] (got {s}, {e})");
                }

                _factor[i] = s * e;
                _cap[i] = peak is > 0 ? peak.Value : double.PositiveInfinity;
            }
            else if (peak is > 0)
            {
                _factor[i] = peak.Value / 1000.0;
                _cap[i] = double.PositiveInfinity;
            }
            else
            {
                throw a.Error($"PVInstallation '{a.Name}' needs surfaceArea and panelEfficiency, or power");
            }
        }

        _irradiance = context.Input("irradiance");
        _out = context.Output(PotentialActivePower);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _factor.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            double p = _factor[i] * _irradiance.First(i);
            _out[i] = p < 0 ? 0 : Math.Min(p, _cap[i]);
        }
    }
}
