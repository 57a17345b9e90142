using System.Globalization;
using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>Duration</c>: a whole number of milliseconds, written in JSON as a plain integer. The schema requires it to be
/// non-negative; that is checked by <see cref="S2Validator"/> (rule <see cref="S2Rules.DurationNonNegative"/>), not here.
/// </summary>
[JsonConverter(typeof(DurationJsonConverter))]
public readonly record struct Duration(long Milliseconds)
{
    /// <summary>The duration of <paramref name="seconds"/> seconds, rounded to the millisecond.</summary>
    public static Duration FromSeconds(double seconds) => new(checked((long)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero)));

    /// <summary>The duration of <paramref name="timeSpan"/>, rounded to the millisecond.</summary>
    public static Duration FromTimeSpan(TimeSpan timeSpan) => new(checked((long)Math.Round(timeSpan.TotalMilliseconds, MidpointRounding.AwayFromZero)));

    /// <summary>Length in seconds.</summary>
    public double TotalSeconds => Milliseconds / 1000.0;

    public TimeSpan ToTimeSpan() => TimeSpan.FromMilliseconds(Milliseconds);

    public override string ToString() => Milliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
}
