using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.UsageForecast</c>: expected usage of the storage (fill level decrease per second) over time.</summary>
public sealed record FrbcUsageForecast : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.UsageForecast";

    public FrbcUsageForecast()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("start_time")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>1..288 consecutive elements.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<FrbcUsageForecastElement> Elements { get; init; }
}

/// <summary>
/// S2 <c>FRBC.UsageForecastElement</c>: expected usage rate for a period (positive = the fill level drops), with optional
/// bounds of the 68 %, 95 % and 100 % probability ranges.
/// </summary>
public sealed record FrbcUsageForecastElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    [JsonPropertyName("usage_rate_upper_limit")]
    public double? UsageRateUpperLimit { get; init; }

    [JsonPropertyName("usage_rate_upper_95PPR")]
    public double? UsageRateUpper95Ppr { get; init; }

    [JsonPropertyName("usage_rate_upper_68PPR")]
    public double? UsageRateUpper68Ppr { get; init; }

    [JsonPropertyName("usage_rate_expected")]
    public required double UsageRateExpected { get; init; }

    [JsonPropertyName("usage_rate_lower_68PPR")]
    public double? UsageRateLower68Ppr { get; init; }

    [JsonPropertyName("usage_rate_lower_95PPR")]
    public double? UsageRateLower95Ppr { get; init; }

    [JsonPropertyName("usage_rate_lower_limit")]
    public double? UsageRateLowerLimit { get; init; }
}
