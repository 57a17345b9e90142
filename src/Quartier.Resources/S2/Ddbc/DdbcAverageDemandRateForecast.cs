using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>S2 <c>DDBC.AverageDemandRateForecast</c>: the expected demand rate over time.</summary>
public sealed record DdbcAverageDemandRateForecast : S2IdentifiedMessage
{
    public const string MessageTypeName = "DDBC.AverageDemandRateForecast";

    public DdbcAverageDemandRateForecast()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("start_time")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>1..288 consecutive elements.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<DdbcAverageDemandRateForecastElement> Elements { get; init; }
}

/// <summary>
/// S2 <c>DDBC.AverageDemandRateForecastElement</c>: expected demand rate for a period with optional bounds of the 68 %,
/// 95 % and 100 % probability ranges.
/// </summary>
public sealed record DdbcAverageDemandRateForecastElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    [JsonPropertyName("demand_rate_upper_limit")]
    public double? DemandRateUpperLimit { get; init; }

    [JsonPropertyName("demand_rate_upper_95PPR")]
    public double? DemandRateUpper95Ppr { get; init; }

    [JsonPropertyName("demand_rate_upper_68PPR")]
    public double? DemandRateUpper68Ppr { get; init; }

    [JsonPropertyName("demand_rate_expected")]
    public required double DemandRateExpected { get; init; }

    [JsonPropertyName("demand_rate_lower_68PPR")]
    public double? DemandRateLower68Ppr { get; init; }

    [JsonPropertyName("demand_rate_lower_95PPR")]
    public double? DemandRateLower95Ppr { get; init; }

    [JsonPropertyName("demand_rate_lower_limit")]
    public double? DemandRateLowerLimit { get; init; }
}
