using Quartier.Core.Model;
using Quartier.Forecasting.Pv;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// PV: potential active power (W). From ESDL profiles, DOTS's formula: panelEfficiency · surfaceArea · irradiance
/// (where only a peak <c>power</c> is given it scales that by irradiance / 1000 W/m²; where both are given,
/// <c>power</c> caps the output). With a weather file, the physical model (<see cref="PvSystem.FromEsdl"/>: sun
/// position, Perez transposition onto the plane of <c>angle</c> (tilt, default horizontal) and <c>orientation</c>
/// (compass azimuth, default south), incidence-angle and temperature losses, 14 % system losses, the inverter's
/// efficiency curve and its <c>power</c> limit); a description <c>{"model": "dots"}</c> keeps DOTS's formula.
/// Installations of the same geometry and inverter share one per-kWp series, computed once per run.
/// </summary>
public sealed class PvService : CalculationService, IForecastSource
{
    public const string PotentialActivePower = "potential_active_power";

    private readonly WeatherSeries? _weather;
    private double[] _factor = [];
    private double[] _kwp = [];
    private double[][] _perKwp = [];
    private double[] _cap = [];
    private InputBinding _irradiance = null!;
    private ArraySegment<double> _out;

    /// <summary>DOTS's formula, or the physical model on <paramref name="weather"/> when given.</summary>
    public PvService(WeatherSeries? weather = null) => _weather = weather;

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
        _kwp = new double[n];
        _perKwp = new double[n][];
        var onGrid = _weather is null ? null : WeatherSampler.OnGrid(_weather, context.SampleGrid);
        var shared = new Dictionary<(double, double, double), double[]>();
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            if (onGrid is not null && a.ParameterString("model") != "dots")
            {
                var system = PvSystem.FromEsdl(a.OptionalDouble("power"), a.OptionalDouble("angle"), a.OptionalDouble("orientation"), a.OptionalDouble("panelEfficiency"), a.OptionalDouble("inverterEfficiency"), a.OptionalDouble("surfaceArea"), a.Id);
                var plane = system.Planes[0];
                var key = (plane.TiltDeg, plane.AzimuthDeg, system.InverterEfficiency);
                if (!shared.TryGetValue(key, out var series))
                {
                    var unit = PvSystem.FromEsdl(1000, plane.TiltDeg, plane.AzimuthDeg, null, system.InverterEfficiency, null, a.Id);
                    series = PvEstimate.Run(onGrid, unit).AcW;
                    shared[key] = series;
                }

                _kwp[i] = system.DcKwp;
                _perKwp[i] = series;
                continue;
            }

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

    /// <inheritdoc/>
    /// <remarks>From the weather's own look-ahead through the same formula as <see cref="StepRange"/>.</remarks>
    public void Ahead(string output, int asset, int index, Span<double> destination)
    {
        if (_perKwp[asset] is { } perKwp)
        {
            Window.Copy(perKwp, index, destination);
            for (int t = 0; t < destination.Length; t++)
            {
                destination[t] *= _kwp[asset];
            }

            return;
        }

        if (!_irradiance.Has(asset))
        {
            destination.Clear();
            return;
        }

        _irradiance.Ahead(_irradiance.Start(asset), index, destination);
        for (int t = 0; t < destination.Length; t++)
        {
            double p = _factor[asset] * destination[t];
            destination[t] = p < 0 ? 0 : Math.Min(p, _cap[asset]);
        }
    }

    public override void Step(in StepContext step) => StepRange(step, 0, _factor.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        int k = step.Index - 1;
        for (int i = from; i < to; i++)
        {
            if (_perKwp[i] is { } perKwp)
            {
                _out[i] = _kwp[i] * perKwp[k];
                continue;
            }

            double p = _factor[i] * _irradiance.First(i);
            _out[i] = p < 0 ? 0 : Math.Min(p, _cap[i]);
        }
    }
}
