namespace Quartier.Forecasting.Prices;

/// <summary>
/// What is added to a wholesale price to get an end-customer price:
/// <c>(spot + GridCharge + Levies) · (1 + VatPercent/100)</c>, all in EUR/kWh (VAT on everything, as billed in Germany).
/// </summary>
/// <param name="GridChargeEurPerKWh">Network charges per kWh, net of VAT.</param>
/// <param name="LeviesEurPerKWh">Levies, taxes (e.g. electricity tax) and supplier margin per kWh, net of VAT.</param>
/// <param name="VatPercent">VAT in percent (19 for Germany).</param>
public sealed record PriceComponents(double GridChargeEurPerKWh = 0, double LeviesEurPerKWh = 0, double VatPercent = 0)
{
    /// <summary>No charges and no VAT: the spot price itself.</summary>
    public static PriceComponents None { get; } = new();

    /// <summary>End-customer price for a spot price in EUR/kWh.</summary>
    public double EndCustomerPrice(double spotEurPerKWh) =>
        (spotEurPerKWh + GridChargeEurPerKWh + LeviesEurPerKWh) * (1 + (VatPercent / 100.0));
}
