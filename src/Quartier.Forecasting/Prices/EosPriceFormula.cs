namespace Quartier.Forecasting.Prices;

/// <summary>
/// How EOS turns a market price into the price its optimiser uses (read from EOS's price providers; EOS keeps money per Wh).
/// The Energy-Charts provider: with charges &gt; 0, <c>(market EUR/MWh / 10⁶ + charges/1000) · vat_rate</c> EUR/Wh, with
/// <c>vat_rate</c> a factor (default 1.19); with no charges the bare market price and no VAT. The Akkudoktor provider:
/// <c>marketpriceEurocentPerKWh / 10⁵ + charges/1000</c> EUR/Wh — from the rounded cent field and without VAT.
/// The methods here give the same numbers in EUR/kWh.
/// </summary>
public static class EosPriceFormula
{
    /// <summary>EOS default VAT factor.</summary>
    public const double DefaultVatFactor = 1.19;

    /// <summary>EOS Energy-Charts end price, EUR/kWh.</summary>
    public static double EnergyChartsEurPerKWh(double marketEurPerMWh, double chargesEurPerKWh, double vatFactor = DefaultVatFactor) =>
        chargesEurPerKWh > 0 ? ((marketEurPerMWh / 1000.0) + chargesEurPerKWh) * vatFactor : marketEurPerMWh / 1000.0;

    /// <summary>EOS Akkudoktor end price, EUR/kWh (no VAT), from the cent-per-kWh field as the API rounds it.</summary>
    public static double AkkudoktorEurPerKWh(double marketCentPerKWh, double chargesEurPerKWh) =>
        (marketCentPerKWh / 100.0) + chargesEurPerKWh;

    /// <summary>The <see cref="PriceComponents"/> that reproduce the Energy-Charts formula in a <see cref="DynamicTariff"/>.</summary>
    public static PriceComponents EnergyChartsComponents(double chargesEurPerKWh, double vatFactor = DefaultVatFactor) =>
        chargesEurPerKWh > 0 ? new PriceComponents(chargesEurPerKWh, 0, (vatFactor - 1) * 100.0) : PriceComponents.None;

    /// <summary>EUR/kWh → EOS's EUR/Wh.</summary>
    public static double ToEurPerWh(double eurPerKWh) => eurPerKWh / 1000.0;
}
