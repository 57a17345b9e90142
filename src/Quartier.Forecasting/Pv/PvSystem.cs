using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Forecasting.Solar;

namespace Quartier.Forecasting.Pv;

/// <summary>
/// A PV system: one or more planes (e.g. east and west roof faces) feeding one inverter, PVWatts-style. DC per plane
/// = kWp·G_eff/1000·(1 + γ·(T_cell − 25 °C)) with G_eff the plane-of-array irradiance after reflection (IAM) losses;
/// the sum is reduced by the system losses (default 14 % like PVWatts: soiling, shading, mismatch, wiring,
/// connections, degradation, availability) and converted by the PVWatts inverter curve with an AC limit.
/// </summary>
public sealed class PvSystem
{
    private readonly PvPlane[] _planes;
    private readonly double _losses = DefaultLosses;
    private readonly double? _inverterAcKw;
    private readonly double _dcAcRatio = DefaultDcAcRatio;
    private readonly double _inverterEfficiency = PvWattsInverter.DefaultNominalEfficiency;
    private readonly double _albedo = DefaultAlbedo;
    private readonly double? _iamAr = IncidenceAngleModifier.DefaultMartinRuizAr;

    /// <summary>Creates a system from its planes (at least one).</summary>
    public PvSystem(IEnumerable<PvPlane> planes)
    {
        ArgumentNullException.ThrowIfNull(planes);
        _planes = planes.ToArray();
        if (_planes.Length == 0)
        {
            throw new InputException("a PV system needs at least one plane");
        }
    }

    /// <summary>Creates a system from its planes.</summary>
    public PvSystem(params PvPlane[] planes)
        : this((IEnumerable<PvPlane>)planes)
    {
    }

    /// <summary>PVWatts' default system losses, 14 %.</summary>
    public const double DefaultLosses = 0.14;

    /// <summary>PVWatts' default DC/AC ratio, 1.2.</summary>
    public const double DefaultDcAcRatio = 1.2;

    /// <summary>Default ground albedo, 0.2 (grass, gravel).</summary>
    public const double DefaultAlbedo = 0.2;

    /// <summary>The planes.</summary>
    public IReadOnlyList<PvPlane> Planes => _planes;

    /// <summary>Total DC peak power, kWp.</summary>
    public double DcKwp
    {
        get
        {
            double s = 0;
            foreach (var p in _planes)
            {
                s += p.DcKwp;
            }

            return s;
        }
    }

    /// <summary>System losses as a fraction of DC power, 0 … 0.99 (default 0.14).</summary>
    public double Losses
    {
        get => _losses;
        init => _losses = value >= 0 && value < 1 ? value : throw new InputException($"PV system losses {F(value * 100)} % are out of range; allowed 0 … 99 %");
    }

    /// <summary>Inverter AC rating in kW; null = <see cref="DcKwp"/> / <see cref="DcAcRatio"/>.</summary>
    public double? InverterAcKw
    {
        get => _inverterAcKw;
        init => _inverterAcKw = value is null || value > 0 ? value : throw new InputException($"inverter AC rating {F(value.Value)} kW must be > 0");
    }

    /// <summary>DC/AC ratio used when <see cref="InverterAcKw"/> is not given (default 1.2).</summary>
    public double DcAcRatio
    {
        get => _dcAcRatio;
        init => _dcAcRatio = value >= 0.5 && value <= 5 ? value : throw new InputException($"DC/AC ratio {F(value)} is out of range; allowed 0.5 … 5");
    }

    /// <summary>Nominal inverter efficiency (PVWatts η_nom, default 0.96).</summary>
    public double InverterEfficiency
    {
        get => _inverterEfficiency;
        init => _inverterEfficiency = value > 0.5 && value <= 1 ? value : throw new InputException($"inverter efficiency {F(value)} is out of range; allowed 0.5 … 1 (a fraction, e.g. 0.96)");
    }

    /// <summary>Ground albedo for the reflected irradiance, 0 … 1 (default 0.2).</summary>
    public double Albedo
    {
        get => _albedo;
        init => _albedo = value >= 0 && value <= 1 ? value : throw new InputException($"albedo {F(value)} is out of range; allowed 0 … 1");
    }

    /// <summary>Sky diffuse model for the transposition (default Perez).</summary>
    public SkyDiffuseModel SkyModel { get; init; } = SkyDiffuseModel.Perez;

    /// <summary>Cell temperature model (default Faiman).</summary>
    public CellTemperatureModel CellTemperature { get; init; } = CellTemperatureModel.Faiman;

    /// <summary>Martin-Ruiz a_r of the reflection (IAM) losses; null = no reflection losses. Default 0.16.</summary>
    public double? IamAr
    {
        get => _iamAr;
        init => _iamAr = value is null || (value > 0.01 && value < 1) ? value : throw new InputException($"Martin-Ruiz a_r {F(value!.Value)} is out of range; allowed 0.01 … 1 (0.16 for glass)");
    }

    /// <summary>The inverter's AC rating, W.</summary>
    public double InverterAcW => (_inverterAcKw ?? DcKwp / _dcAcRatio) * 1000.0;

    /// <summary>
    /// A system from an ESDL <c>PVInstallation</c> (or <c>PVPanel</c>): <paramref name="powerW"/> (ESDL <c>power</c>, W peak)
    /// or else <paramref name="panelEfficiency"/>·<paramref name="surfaceAreaM2"/>·1000 W/m²; <paramref name="angleDeg"/>
    /// (ESDL <c>angle</c>, tilt from horizontal; absent = 0, horizontal, which is what DOTS's irradiance formula assumes);
    /// <paramref name="orientationDeg"/> (ESDL <c>orientation</c>, read as a compass azimuth, degrees clockwise from north,
    /// 180 = south; absent = 180); <paramref name="inverterEfficiency"/> (ESDL <c>inverterEfficiency</c>, a fraction or a
    /// percentage) as the nominal PVWatts efficiency. No DC/AC clipping beyond the ESDL power: the inverter is rated at the
    /// DC power.
    /// </summary>
    public static PvSystem FromEsdl(
        double? powerW,
        double? angleDeg,
        double? orientationDeg,
        double? panelEfficiency,
        double? inverterEfficiency,
        double? surfaceAreaM2,
        string? elementId = null)
    {
        double kwp;
        if (powerW is > 0)
        {
            kwp = powerW.Value / 1000.0;
        }
        else if (panelEfficiency is > 0 and <= 1 && surfaceAreaM2 is > 0)
        {
            kwp = panelEfficiency.Value * surfaceAreaM2.Value;
        }
        else
        {
            throw new InputException(
                $"PVInstallation needs power > 0 W, or panelEfficiency in (0, 1] and surfaceArea > 0 m² (got power {Opt(powerW)}, panelEfficiency {Opt(panelEfficiency)}, surfaceArea {Opt(surfaceAreaM2)})",
                elementId: elementId);
        }

        double tilt = angleDeg ?? 0.0;
        double azimuth = orientationDeg ?? 180.0;
        double eta = PvWattsInverter.DefaultNominalEfficiency;
        if (inverterEfficiency is { } ie)
        {
            eta = ie > 1 && ie <= 100 ? ie / 100.0 : ie;
            if (!(eta > 0.5 && eta <= 1))
            {
                throw new InputException($"PVInstallation inverterEfficiency {F(ie)} is out of range; give a fraction 0.5 … 1 or a percentage", elementId: elementId);
            }
        }

        return new PvSystem(new PvPlane(tilt, azimuth, kwp, name: elementId))
        {
            InverterEfficiency = eta,
            InverterAcKw = kwp,
        };
    }

    /// <summary>
    /// DOTS's PV service formula: potential power (W) = panelEfficiency · surfaceArea (m²) · irradiance (W/m²), with the
    /// irradiance as the weather service publishes it (horizontal), no temperature, angle or inverter effects.
    /// </summary>
    public static double DotsSimple(double panelEfficiency, double surfaceAreaM2, double irradianceWm2) => panelEfficiency * surfaceAreaM2 * irradianceWm2;

    /// <summary>
    /// <see cref="DotsSimple(double, double, double)"/> for a whole series: <paramref name="powerW"/>[i] = η·A·irradiance[i].
    /// </summary>
    public static void DotsSimple(double panelEfficiency, double surfaceAreaM2, ReadOnlySpan<double> irradianceWm2, Span<double> powerW)
    {
        if (powerW.Length < irradianceWm2.Length)
        {
            throw new ArgumentException("output shorter than input", nameof(powerW));
        }

        double k = panelEfficiency * surfaceAreaM2;
        for (int i = 0; i < irradianceWm2.Length; i++)
        {
            powerW[i] = k * irradianceWm2[i];
        }
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Opt(double? v) => v is { } x ? F(x) : "absent";
}
