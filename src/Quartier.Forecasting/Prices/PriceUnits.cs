namespace Quartier.Forecasting.Prices;

/// <summary>Parsing and conversion of <see cref="PriceUnit"/>s.</summary>
public static class PriceUnits
{
    /// <summary>How many EUR/kWh one of <paramref name="unit"/> is (EUR/MWh → 0.001, ct/kWh → 0.01, EUR/Wh → 1000).</summary>
    public static double ToEurPerKWhFactor(PriceUnit unit) => unit switch
    {
        PriceUnit.EurPerKWh => 1.0,
        PriceUnit.EurPerMWh => 1e-3,
        PriceUnit.CentPerKWh => 1e-2,
        PriceUnit.EurPerWh => 1e3,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown price unit"),
    };

    /// <summary>Converts <paramref name="value"/> in <paramref name="unit"/> to EUR/kWh.</summary>
    public static double ToEurPerKWh(double value, PriceUnit unit) => value * ToEurPerKWhFactor(unit);

    /// <summary>
    /// Reads a unit label, ignoring case and spaces: <c>EUR/MWh</c>, <c>Eur/MWh</c>, <c>EUR / MWh</c>, <c>€/MWh</c>,
    /// <c>EUR/kWh</c>, <c>ct/kWh</c>, <c>cent/kWh</c>, <c>Eurocent/kWh</c>, <c>EUR/Wh</c>.
    /// </summary>
    public static bool TryParse(string? text, out PriceUnit unit)
    {
        unit = PriceUnit.EurPerKWh;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("€", "eur", StringComparison.Ordinal).ToLowerInvariant();
        int slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        string money = t[..slash];
        string energy = t[(slash + 1)..];
        bool cent = money is "ct" or "cent" or "cents" or "eurocent" or "eurct" or "c";
        if (!cent && money is not ("eur" or "euro"))
        {
            return false;
        }

        switch (energy)
        {
            case "kwh":
                unit = cent ? PriceUnit.CentPerKWh : PriceUnit.EurPerKWh;
                return true;
            case "mwh" when !cent:
                unit = PriceUnit.EurPerMWh;
                return true;
            case "wh" when !cent:
                unit = PriceUnit.EurPerWh;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Label used in series units: <c>EUR/kWh</c>, <c>EUR/MWh</c>, <c>ct/kWh</c>, <c>EUR/Wh</c>.</summary>
    public static string Label(PriceUnit unit) => unit switch
    {
        PriceUnit.EurPerKWh => "EUR/kWh",
        PriceUnit.EurPerMWh => "EUR/MWh",
        PriceUnit.CentPerKWh => "ct/kWh",
        PriceUnit.EurPerWh => "EUR/Wh",
        _ => unit.ToString(),
    };
}
