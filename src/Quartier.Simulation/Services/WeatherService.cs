using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's weather service: publishes solar irradiance (W/m²) and air and soil temperature (°C) from an
/// ESDL EnvironmentalProfiles object. Temperatures written in Kelvin (as DOTS's ESDLs do) are converted.
/// Given a weather file's series instead (<see cref="WeatherSampler"/>: any year from a typical year), it publishes
/// that file's global, direct-normal and diffuse irradiance, air temperature and wind; the soil temperature then
/// follows the air temperature with a 30-day lag (first-order, started at the file's mean), since weather files
/// carry none. Without a file, direct and diffuse irradiance and wind are NaN (PV keeps DOTS's simple formula).
/// </summary>
public sealed class WeatherService : CalculationService, IForecastSource
{
    public const string Irradiance = "solar_irradiance";
    public const string AirTemperature = "air_temperature";
    public const string SoilTemperature = "soil_temperature";
    public const string DirectNormal = "direct_normal_irradiance";
    public const string DiffuseHorizontal = "diffuse_horizontal_irradiance";
    public const string WindSpeed = "wind_speed";
    private const double SoilLagSeconds = 30 * 86_400.0;

    private readonly WeatherSeries? _weather;

    private double[][] _irradiance = [];
    private double[][] _air = [];
    private double[][] _soil = [];
    private double[] _dni = [];
    private double[] _dhi = [];
    private double[] _wind = [];
    private ArraySegment<double> _outIrradiance;
    private ArraySegment<double> _outAir;
    private ArraySegment<double> _outSoil;
    private ArraySegment<double> _outDni;
    private ArraySegment<double> _outDhi;
    private ArraySegment<double> _outWind;

    /// <summary>The ESDL's own profiles, or — given <paramref name="weather"/> — a weather file's series for every EnvironmentalProfiles asset.</summary>
    public WeatherService(WeatherSeries? weather = null) => _weather = weather;

    public override string Name => "weather";

    public override AssetKind Kind => AssetKind.EnvironmentalProfiles;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(Irradiance, "W/m2", "global horizontal irradiance"),
        new(AirTemperature, "°C", "outside air temperature"),
        new(SoilTemperature, "°C", "soil temperature"),
        new(DirectNormal, "W/m2", "direct normal irradiance (weather file; NaN from ESDL profiles)"),
        new(DiffuseHorizontal, "W/m2", "diffuse horizontal irradiance (weather file; NaN from ESDL profiles)"),
        new(WindSpeed, "m/s", "wind speed at 10 m (weather file; NaN from ESDL profiles)"),
    ];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _irradiance = new double[n][];
        _air = new double[n][];
        _soil = new double[n][];
        var grid = context.Grid;
        int count = context.SampleCount;
        _dni = Nan(count);
        _dhi = Nan(count);
        _wind = Nan(count);
        if (_weather is { } w)
        {
            var onGrid = WeatherSampler.OnGrid(w, context.SampleGrid);
            var ghi = onGrid.Ghi;
            var air = onGrid.AirTemperature;
            RequireComplete(w, onGrid, ghi, "irradiance (GHI)", grid.Count);
            RequireComplete(w, onGrid, air, "air temperature", grid.Count);
            HoldPastRun(ghi, grid.Count);
            HoldPastRun(air, grid.Count);
            _dni = onGrid.Dni;
            _dhi = onGrid.Dhi;
            _wind = onGrid.WindSpeed;
            var soil = Lagged(air, Mean(w.AirTemperature), grid.StepSeconds);
            for (int i = 0; i < n; i++)
            {
                _irradiance[i] = ghi;
                _air[i] = air;
                _soil[i] = soil;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                var a = context.Assets[i];
                _irradiance[i] = Sample(context, a, "solarIrradianceProfile", temperature: false);
                _air[i] = Sample(context, a, "outsideTemperatureProfile", temperature: true);
                _soil[i] = a.Profiles.ContainsKey("soilTemperatureProfile") ? Sample(context, a, "soilTemperatureProfile", temperature: true) : (double[])_air[i].Clone();
            }
        }

        _outIrradiance = context.Output(Irradiance);
        _outAir = context.Output(AirTemperature);
        _outSoil = context.Output(SoilTemperature);
        _outDni = context.Output(DirectNormal);
        _outDhi = context.Output(DiffuseHorizontal);
        _outWind = context.Output(WindSpeed);
    }

    public override void Step(in StepContext step)
    {
        int k = step.Index - 1;
        for (int i = 0; i < _irradiance.Length; i++)
        {
            _outIrradiance[i] = _irradiance[i][k];
            _outAir[i] = _air[i][k];
            _outSoil[i] = _soil[i][k];
            _outDni[i] = _dni[k];
            _outDhi[i] = _dhi[k];
            _outWind[i] = _wind[k];
        }
    }

    /// <inheritdoc/>
    public void Ahead(string output, int asset, int index, Span<double> destination)
    {
        var values = output switch
        {
            Irradiance => _irradiance[asset],
            AirTemperature => _air[asset],
            SoilTemperature => _soil[asset],
            DirectNormal => _dni,
            DiffuseHorizontal => _dhi,
            WindSpeed => _wind,
            _ => throw new ArgumentException($"weather has no output '{output}'", nameof(output)),
        };
        Window.Copy(values, index, destination);
    }

    /// <summary>
    /// Refuses a run whose steps fall on missing weather values (empty cells in the file), naming the first such
    /// step; a quantity the file does not have at all is left to the models' defaults.
    /// </summary>
    private static void RequireComplete(Forecasting.Weather.WeatherSeries source, Forecasting.Weather.WeatherSeries onGrid, double[] values, string quantity, int count)
    {
        int missing = 0, first = -1;
        for (int k = 0; k < count; k++)
        {
            if (double.IsNaN(values[k]))
            {
                missing++;
                first = first < 0 ? k : first;
            }
        }

        if (missing > 0 && missing < count)
        {
            var at = onGrid.Start.AddSeconds((double)onGrid.StepSeconds * first);
            throw new Core.Errors.InputException(
                $"the weather has no {quantity} for the run's step at {at:yyyy-MM-dd HH:mm} UTC ({missing} of {count} steps are missing): the file has empty cells there — fill them, or run a period without them",
                source.Source);
        }
    }

    /// <summary>Past the run (the look-ahead of a planning controller) a missing value holds the one before it.</summary>
    private static void HoldPastRun(double[] values, int count)
    {
        for (int k = Math.Max(count, 1); k < values.Length; k++)
        {
            if (double.IsNaN(values[k]))
            {
                values[k] = values[k - 1];
            }
        }
    }

    private static double[] Nan(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? 10 : sum / n;
    }

    /// <summary>First-order lag of <paramref name="air"/> with a 30-day time constant, started at <paramref name="start"/>.</summary>
    private static double[] Lagged(double[] air, double start, int stepSeconds)
    {
        var soil = new double[air.Length];
        double a = stepSeconds / SoilLagSeconds;
        double t = start;
        for (int k = 0; k < air.Length; k++)
        {
            t += a * (air[k] - t);
            soil[k] = t;
        }

        return soil;
    }

    private static double[] Sample(ServiceContext context, Asset asset, string role, bool temperature)
    {
        if (!asset.Profiles.TryGetValue(role, out var profile))
        {
            if (temperature)
            {
                throw asset.Error($"EnvironmentalProfiles '{asset.Name}' has no {role}");
            }

            return new double[context.SampleCount];
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
