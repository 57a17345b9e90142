namespace Quartier.Forecasting.Tests.Forecasts;

/// <summary>Time zones built in code so tests do not depend on the machine's tz database.</summary>
internal static class TestZones
{
    /// <summary>Central European Time with EU summer time (last Sunday of March 02:00 → 03:00, last Sunday of October 03:00 → 02:00).</summary>
    public static TimeZoneInfo Cet { get; } = CreateCet();

    /// <summary>A fixed UTC+1 zone without summer time.</summary>
    public static TimeZoneInfo PlusOne { get; } = TimeZoneInfo.CreateCustomTimeZone("Test/UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

    private static TimeZoneInfo CreateCet()
    {
        var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday);
        var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday);
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(1990, 1, 1), new DateTime(2099, 12, 31), TimeSpan.FromHours(1), start, end);
        return TimeZoneInfo.CreateCustomTimeZone("Test/CET", TimeSpan.FromHours(1), "CET test", "CET", "CEST", [rule]);
    }
}
