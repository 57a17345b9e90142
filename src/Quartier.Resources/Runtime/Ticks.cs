using System.Globalization;

namespace Quartier.Resources.Runtime;

/// <summary>Time helpers: the simulations keep times as UTC ticks (<see cref="long.MinValue"/> = never).</summary>
internal static class Ticks
{
    public const long Never = long.MinValue;

    public static long Of(DateTimeOffset time) => time.UtcTicks;

    public static DateTimeOffset ToTime(long ticks) => ticks switch
    {
        long.MinValue => DateTimeOffset.MinValue,
        long.MaxValue => DateTimeOffset.MaxValue,
        _ => new DateTimeOffset(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero),
    };

    /// <summary><paramref name="seconds"/> as ticks (rounded).</summary>
    public static long FromSeconds(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);

    public static double ToSeconds(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary><paramref name="a"/> + <paramref name="b"/> without overflow (saturates at the long range).</summary>
    public static long Add(long a, long b)
    {
        var r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            return b > 0 ? long.MaxValue : long.MinValue;
        }

        return r;
    }

    /// <summary>ISO 8601 UTC text for messages, e.g. <c>2025-07-25T12:00:12Z</c>.</summary>
    public static string Format(long ticks) => ticks switch
    {
        long.MinValue => "never",
        long.MaxValue => "forever",
        _ => ToTime(ticks).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
    };

    public static string Format(DateTimeOffset time) => Format(time.UtcTicks);
}
