using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Load;

/// <summary>
/// A standard household profile derived from EOS's yearly profile (it is not the BDEW H0 profile, whose published
/// quarter-hour table this project does not reproduce): one typical day of 24 local hours per month plus the
/// month's daily energy, and a relative standard deviation per month and hour. Derivation: the 366 rows are read as
/// the days of a leap year; for each month the daily share is the mean of the rows' daily sums, the hour shape is the
/// month's hourly sums divided by its total, and the relative std is Σ std / Σ mean over the month's rows.
/// Placed on a year it has no day-to-day noise within a month, so it suits a "standard" demand while
/// <see cref="EosYearlyLoadProfile"/> keeps EOS's day-by-day detail.
/// </summary>
public sealed class MonthlyTypicalDayProfile
{
    private readonly double[] _dailyShare;
    private readonly double[] _shape;
    private readonly double[] _relStd;

    /// <summary>Creates a profile from explicit values (12 daily shares, 12×24 shapes and relative stds, row-major by month).</summary>
    public MonthlyTypicalDayProfile(double[] dailyShare, double[] hourShape, double[] relativeStd, string name)
    {
        if (dailyShare.Length != 12 || hourShape.Length != 12 * 24 || relativeStd.Length != 12 * 24)
        {
            throw new ArgumentException("need 12 daily shares and 12×24 hour shapes and relative stds");
        }

        _dailyShare = dailyShare;
        _shape = hourShape;
        _relStd = relativeStd;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Mean share of annual energy per day in month <paramref name="month"/> (1..12).</summary>
    public double DailyShare(int month) => _dailyShare[month - 1];

    /// <summary>Share of the day's energy in local hour <paramref name="hour"/> of a typical day of <paramref name="month"/>; sums to 1 over the hours.</summary>
    public double HourShape(int month, int hour) => _shape[((month - 1) * 24) + hour];

    /// <summary>Standard deviation relative to the mean for that month and hour.</summary>
    public double RelativeStd(int month, int hour) => _relStd[((month - 1) * 24) + hour];

    /// <summary>Derives the monthly typical days from EOS's yearly profile (see the type's remarks).</summary>
    public static MonthlyTypicalDayProfile FromEos(EosYearlyLoadProfile eos)
    {
        var daily = new double[12];
        var shape = new double[12 * 24];
        var rel = new double[12 * 24];
        var stdSum = new double[12 * 24];
        var days = new int[12];
        var reference = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (int row = 0; row < EosYearlyLoadProfile.DayRows; row++)
        {
            int m = reference.AddDays(row).Month - 1;
            days[m]++;
            for (int h = 0; h < 24; h++)
            {
                double v = eos.Mean(row, h);
                daily[m] += v;
                shape[(m * 24) + h] += v;
                stdSum[(m * 24) + h] += eos.Std(row, h);
            }
        }

        for (int m = 0; m < 12; m++)
        {
            double total = daily[m];
            for (int h = 0; h < 24; h++)
            {
                int k = (m * 24) + h;
                rel[k] = shape[k] > 0 ? stdSum[k] / shape[k] : 0;
                shape[k] = total > 0 ? shape[k] / total : 1.0 / 24;
            }

            daily[m] /= days[m];
        }

        return new MonthlyTypicalDayProfile(daily, shape, rel, $"EOS-derived monthly typical-day household profile (not BDEW H0; from {eos.Source})");
    }

    /// <summary>
    /// Hourly UTC series of energy per hour (Wh) for the local calendar year, summing exactly to <paramref name="annualKwh"/>;
    /// hours are clock hours in <paramref name="zone"/> (UTC by default).
    /// </summary>
    public LoadProfileSeries ToSeries(int year, double annualKwh, TimeZoneInfo? zone = null)
    {
        if (!(annualKwh >= 0) || double.IsInfinity(annualKwh))
        {
            throw new ArgumentOutOfRangeException(nameof(annualKwh), annualKwh, "annual energy must be a finite number ≥ 0 kWh");
        }

        zone ??= TimeZoneInfo.Utc;
        var (startUtc, hours) = EosYearlyLoadProfile.LocalYear(year, zone);
        var energy = new double[hours];
        var std = new double[hours];
        double sum = 0;
        for (int i = 0; i < hours; i++)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(startUtc.AddHours(i), zone);
            int k = ((local.Month - 1) * 24) + local.Hour;
            energy[i] = _dailyShare[local.Month - 1] * _shape[k];
            std[i] = energy[i] * _relStd[k];
            sum += energy[i];
        }

        double scale = sum > 0 ? 1.0 / sum : 0;
        double wh = annualKwh * 1000.0 * scale;
        for (int i = 0; i < hours; i++)
        {
            energy[i] *= wh;
            std[i] *= wh;
        }

        string name = $"{Name}, {year}, {annualKwh:0.###} kWh";
        return new LoadProfileSeries(
            new TimeSeries(startUtc, 3600, energy, "Wh", name, SeriesKind.Amount),
            new TimeSeries(startUtc, 3600, std, "Wh", name + " std", SeriesKind.Amount),
            scale);
    }
}
