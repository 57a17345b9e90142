using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's weather service: publishes solar irradiance (W/m²) and air and soil temperature (°C) from an
/// ESDL EnvironmentalProfiles object. Temperatures written in Kelvin (as DOTS's ESDLs do) are converted.
/// </summary>
public sealed class WeatherService : CalculationService
{
    public const string Irradiance = "solar_irradiance";
    public const string AirTemperature = "air_temperature";
    public const string SoilTemperature = "soil_temperature";

    private double[][] _irradiance = [];
    private double[][] _air = [];
    private double[][] _soil = [];
    private ArraySegment<double> _outIrradiance;
    private ArraySegment<double> _outAir;
    private ArraySegment<double> _outSoil;

    public override string Name => "weather";

    public override AssetKind Kind => AssetKind.EnvironmentalProfiles;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(Irradiance, "W/m2", "global horizontal irradiance"),
        new(AirTemperature, "°C", "outside air temperature"),
        new(SoilTemperature, "°C", "soil temperature"),
    ];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _irradiance = new double[n][];
        _air = new double[n][];
        _soil = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            _irradiance[i] = Sample(context, a, "solarIrradianceProfile", temperature: false);
            _air[i] = Sample(context, a, "outsideTemperatureProfile", temperature: true);
            _soil[i] = a.Profiles.ContainsKey("soilTemperatureProfile") ? Sample(context, a, "soilTemperatureProfile", temperature: true) : (double[])_air[i].Clone();
        }

        _outIrradiance = context.Output(Irradiance);
        _outAir = context.Output(AirTemperature);
        _outSoil = context.Output(SoilTemperature);
    }

    public override void Step(in StepContext step)
    {
        int k = step.Index - 1;
        for (int i = 0; i < _irradiance.Length; i++)
        {
            _outIrradiance[i] = _irradiance[i][k];
            _outAir[i] = _air[i][k];
            _outSoil[i] = _soil[i][k];
        }
    }

    private static double[] Sample(ServiceContext context, Asset asset, string role, bool temperature)
    {
        if (!asset.Profiles.TryGetValue(role, out var profile))
        {
            if (temperature)
            {
                throw asset.Error($"EnvironmentalProfiles '{asset.Name}' has no {role}");
            }

            return new double[context.Grid.Count];
        }

        var values = (double[])context.SampleProfile(profile).Clone();
        if (temperature)
        {
            ToCelsius(values, profile);
        }
        else if (profile.Unit is { } unit)
        {
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = unit.ToInternal(values[k]);
            }
        }

        return values;
    }

    /// <summary>Converts to °C: by the declared unit, or — with none declared — Kelvin when the values sit above 150.</summary>
    internal static void ToCelsius(double[] values, Profile profile)
    {
        bool kelvin = profile.Unit is { } u
            ? u.Unit.Equals("KELVIN", StringComparison.OrdinalIgnoreCase)
            : values.Length > 0 && values.Average() > 150;
        if (kelvin)
        {
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = UnitConvert.KelvinToCelsius(values[k]);
            }
        }
    }
}
