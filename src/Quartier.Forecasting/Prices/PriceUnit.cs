namespace Quartier.Forecasting.Prices;

/// <summary>Units an energy price may come in; Quartier's tariffs work in EUR/kWh.</summary>
public enum PriceUnit
{
    EurPerKWh = 0,
    EurPerMWh = 1,
    CentPerKWh = 2,
    EurPerWh = 3,
}
