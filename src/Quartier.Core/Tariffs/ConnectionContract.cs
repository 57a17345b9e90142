using Quartier.Core.Model;

namespace Quartier.Core.Tariffs;

/// <summary>What an EConnection's energy contract is.</summary>
public enum ContractKind
{
    /// <summary>No price known (no <c>energy_contract</c>, no <c>price</c>, no market): buys and sells at 0 (Quartier only; DOTS requires a contract with an EMS).</summary>
    None,

    /// <summary><c>"static"</c>: a fixed <c>price</c> (EUR/kWh).</summary>
    Static,

    /// <summary><c>"dynamic"</c>: the day-ahead price plus <c>flat_price</c> (EUR/kWh).</summary>
    Dynamic,
}

/// <summary>
/// An EConnection's energy contract as DOTS reads it from the connection's description JSON (<c>got_ems</c>,
/// <c>energy_contract</c> "dynamic" with <c>flat_price</c> or "static" with <c>price</c>, EUR/kWh) and the system's
/// <c>feed_in_tariff</c> measure, with DOTS's selling rule:
/// a dynamic contract buys at day-ahead + flat price and sells at day-ahead + flat price without a feed-in measure,
/// at the plain day-ahead price with one (the measure's value is not used); a static contract buys at its price and
/// sells at its price (net metering) or at the feed-in price. Host-neutral: no simulation types, prices in EUR/kWh.
/// </summary>
public sealed record ConnectionContract
{
    public const string FeedInMeasure = "feed_in_tariff";

    /// <summary>Whether the connection has a home EMS (<c>got_ems</c>; Quartier's default when absent: true).</summary>
    public bool GotEms { get; init; } = true;

    public ContractKind Kind { get; init; }

    /// <summary>Static price (EUR/kWh).</summary>
    public double Price { get; init; }

    /// <summary>Dynamic contract's adder on the day-ahead price (EUR/kWh).</summary>
    public double FlatPrice { get; init; }

    /// <summary>The <c>feed_in_tariff</c> measure's value (EUR/kWh) when the system has one.</summary>
    public double? FeedInPrice { get; init; }

    /// <summary>True when the contract needs day-ahead prices.</summary>
    public bool NeedsDayAhead => Kind == ContractKind.Dynamic;

    /// <summary>Buy price (EUR/kWh) given the day-ahead price <paramref name="dayAhead"/>.</summary>
    public double Buy(double dayAhead) => Kind switch
    {
        ContractKind.Dynamic => dayAhead + FlatPrice,
        ContractKind.Static => Price,
        _ => 0,
    };

    /// <summary>Sell price (EUR/kWh) given the day-ahead price <paramref name="dayAhead"/> (DOTS's rule, see the type).</summary>
    public double Sell(double dayAhead) => Kind switch
    {
        ContractKind.Dynamic => FeedInPrice is null ? dayAhead + FlatPrice : dayAhead,
        ContractKind.Static => FeedInPrice ?? Price,
        _ => 0,
    };

    /// <summary>
    /// The feed-in price of the system's <c>feed_in_tariff</c> measure: its <c>variableOperationalCosts</c> single value
    /// (what DOTS reads), else its first single value; null without such a measure or when it has no value.
    /// </summary>
    public static double? FeedIn(EnergySystem system)
    {
        if (system.Measures.LastOrDefault(m => m.Name == FeedInMeasure) is not { } measure)
        {
            return null;
        }

        if (measure.Cost("variableOperationalCosts") is { IsSingleValue: true } cost)
        {
            return cost.Values[0];
        }

        return measure.Costs.Count > 0 ? measure.Costs.Values.First() : null;
    }

    /// <summary>
    /// Reads the contract of EConnection <paramref name="connection"/>. <paramref name="hasMarket"/>: the system has
    /// day-ahead prices. An unknown <c>energy_contract</c> is an input error naming the connection, as is a dynamic
    /// contract without a market. Quartier's leniency (DOTS fails instead): without <c>energy_contract</c> the contract
    /// is dynamic when there is a market and no <c>price</c>, static when there is a <c>price</c>, else none (0 EUR/kWh);
    /// a missing <c>flat_price</c> is 0.
    /// </summary>
    public static ConnectionContract Read(Asset connection, double? feedInPrice, bool hasMarket)
    {
        var a = connection;
        bool ems = a.ParameterFlag("got_ems", true);
        var contract = a.ParameterString("energy_contract");
        if (contract is not null and not "dynamic" and not "static")
        {
            throw a.Error($"EConnection '{a.Name}' energy_contract '{contract}' is neither \"dynamic\" nor \"static\"", "energy_contract");
        }

        double staticPrice = a.ParameterOr("price", double.NaN);
        if (contract == "dynamic" || (contract is null && double.IsNaN(staticPrice) && hasMarket))
        {
            if (!hasMarket)
            {
                throw a.Error($"EConnection '{a.Name}' has a dynamic energy contract but the system has no EnergyMarket");
            }

            return new ConnectionContract { GotEms = ems, Kind = ContractKind.Dynamic, FlatPrice = a.ParameterOr("flat_price", 0), FeedInPrice = feedInPrice };
        }

        if (!double.IsNaN(staticPrice))
        {
            return new ConnectionContract { GotEms = ems, Kind = ContractKind.Static, Price = staticPrice, FeedInPrice = feedInPrice };
        }

        return new ConnectionContract { GotEms = ems, Kind = ContractKind.None, FeedInPrice = feedInPrice };
    }

    /// <summary><see cref="Read(Asset, double?, bool)"/> with the feed-in price and market presence taken from <paramref name="system"/>.</summary>
    public static ConnectionContract Read(Asset connection, EnergySystem system) =>
        Read(connection, FeedIn(system), system.OfKind(AssetKind.EnergyMarket).Any());
}
