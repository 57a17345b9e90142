using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Forecasting.Prices;

/// <summary>
/// The ranges a price file's values must lie in, stated once for every price reader: day-ahead prices can be negative
/// (surplus hours) and spike to a few EUR/kWh, but beyond ±10 EUR/kWh a value is a unit mix-up or a broken file; the times
/// must lie in 1970 … 2200 and follow each other by 1 minute … 1 day.
/// </summary>
public static class PriceRanges
{
    /// <summary>A day-ahead price in EUR/kWh.</summary>
    public static readonly PhysicalRange Price = new(-10, 10, "EUR/kWh");

    /// <summary>The step between consecutive prices.</summary>
    public static readonly PhysicalRange StepSeconds = new(60, 86_400, "s");

    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A price converted to EUR/kWh, refused outside <see cref="Price"/> naming where it is.</summary>
    public static double CheckPrice(double eurPerKWh, double asWritten, PriceUnit unit, string where, string file, int? line = null) =>
        Price.Contains(eurPerKWh)
            ? eurPerKWh
            : throw new InputException(
                $"{where} = {PhysicalRange.Number(asWritten)} {PriceUnits.Label(unit)} ({PhysicalRange.Number(eurPerKWh)} EUR/kWh) is outside the plausible range of a day-ahead price {Price}; check the unit",
                file,
                line,
                field: where);

    /// <summary>The UTC instant of Unix <paramref name="seconds"/>, refused outside 1970 … 2200.</summary>
    public static DateTime CheckUnixSeconds(long seconds, string where, string file, int? line = null)
    {
        long min = (long)(Earliest - DateTime.UnixEpoch).TotalSeconds, max = (long)(Latest - DateTime.UnixEpoch).TotalSeconds;
        return seconds >= min && seconds <= max
            ? DateTime.UnixEpoch.AddSeconds(seconds)
            : throw new InputException($"{where} = {seconds.ToString(CultureInfo.InvariantCulture)} is not a time between {Earliest:yyyy} and {Latest:yyyy} (Unix seconds)", file, line, field: where);
    }

    /// <summary>A step between prices in seconds, refused outside <see cref="StepSeconds"/>.</summary>
    public static int CheckStep(long seconds, string where, string file, int? line = null) =>
        (int)StepSeconds.Check(seconds, where, file, line);
}
