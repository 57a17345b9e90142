using System.Globalization;

namespace Quartier.Esdl;

/// <summary>
/// ESDL date-times, read as UTC: <see cref="DateTime.TryParse(ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateTime)"/>
/// with the invariant culture, assuming and adjusting to UTC. The form profiles repeat hundreds of thousands of times,
/// <c>yyyy-MM-ddTHH:mm:ss</c> with up to seven fraction digits and no zone, is read directly to the same value.
/// </summary>
internal static class EsdlDates
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        if (TryParseIso(text, out value))
        {
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value))
        {
            value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            return true;
        }

        return false;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss[.fffffff]</c> exactly, a valid date and time of day; anything else is left to the general parser.</summary>
    internal static bool TryParseIso(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        {
            return false;
        }

        long fraction = 0;
        if (s.Length > 19)
        {
            var digits = s[20..];
            if (s[19] != '.' || digits.Length is 0 or > 7 || !Digits(digits, out int f))
            {
                return false;
            }

            fraction = f;
            for (int i = digits.Length; i < 7; i++)
            {
                fraction *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
