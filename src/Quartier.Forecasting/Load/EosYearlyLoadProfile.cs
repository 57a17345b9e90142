using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Load;

/// <summary>
/// EOS's yearly household profile: for each of 366 day rows and 24 local hours the mean and the standard
/// deviation of that hour's energy as a share of the annual energy
/// (CSV <c>day_of_year_index,hour,mean_fraction_of_annual_energy,std_fraction_of_annual_energy</c>, 8784 rows).
/// The shares of all 366 rows sum to about 1.001 and those of a non-leap year's 365 rows to about 0.998; EOS uses
/// them unnormalised (power W = share · annual kWh · 1000 for the hour), this class normalises by default so that
/// a year sums exactly to the annual energy. Hours are local clock hours (EOS reads them in its configured zone).
/// </summary>
public sealed class EosYearlyLoadProfile
{
    public const int DayRows = 366;
    public const int HoursPerDay = 24;

    private readonly double[] _mean;
    private readonly double[] _std;

    private EosYearlyLoadProfile(double[] mean, double[] std, string source)
    {
        _mean = mean;
        _std = std;
        Source = source;
    }

    public string Source { get; }

    /// <summary>Mean shares, index <c>day·24 + hour</c> (8784 values, not a copy).</summary>
    public ReadOnlySpan<double> MeanShares => _mean;

    /// <summary>Standard-deviation shares, index <c>day·24 + hour</c>.</summary>
    public ReadOnlySpan<double> StdShares => _std;

    public double Mean(int dayRow, int hour) => _mean[Index(dayRow, hour)];

    public double Std(int dayRow, int hour) => _std[Index(dayRow, hour)];

    /// <summary>Reads the CSV file.</summary>
    public static EosYearlyLoadProfile Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads the CSV from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    public static EosYearlyLoadProfile Parse(TextReader reader, string source)
    {
        var mean = new double[DayRows * HoursPerDay];
        var std = new double[DayRows * HoursPerDay];
        var seen = new bool[DayRows * HoursPerDay];
        int line = 0;
        int[]? columns = null;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (columns is null)
            {
                columns = new int[4];
                string[] names = ["day_of_year_index", "hour", "mean_fraction_of_annual_energy", "std_fraction_of_annual_energy"];
                for (int c = 0; c < names.Length; c++)
                {
                    columns[c] = Array.FindIndex(cells, h => h.Trim().TrimStart('\uFEFF') == names[c]);
                    if (columns[c] < 0)
                    {
                        throw new InputException($"header lacks column '{names[c]}'; expected {string.Join(',', names)}", source, line);
                    }
                }

                continue;
            }

            int day = (int)Number(cells, columns[0], source, line);
            int hour = (int)Number(cells, columns[1], source, line);
            if (day < 0 || day >= DayRows || hour < 0 || hour >= HoursPerDay)
            {
                throw new InputException($"day {day} / hour {hour} out of range (day 0..365, hour 0..23)", source, line);
            }

            int i = (day * HoursPerDay) + hour;
            if (seen[i])
            {
                throw new InputException($"day {day} hour {hour} appears twice", source, line);
            }

            seen[i] = true;
            mean[i] = Number(cells, columns[2], source, line);
            std[i] = Number(cells, columns[3], source, line);
            if (mean[i] < 0 || std[i] < 0)
            {
                throw new InputException($"negative share for day {day} hour {hour}", source, line);
            }
        }

        int missing = Array.IndexOf(seen, false);
        if (missing >= 0)
        {
            throw new InputException($"no row for day {missing / HoursPerDay} hour {missing % HoursPerDay}: all 366×24 rows are needed", source, line);
        }

        return new EosYearlyLoadProfile(mean, std, source);
    }

    /// <summary>The day row a local date reads under <paramref name="mapping"/>.</summary>
    public static int DayRow(DateTime localDate, LoadDayMapping mapping)
    {
        int doy = localDate.DayOfYear;
        if (mapping == LoadDayMapping.CalendarDate && !DateTime.IsLeapYear(localDate.Year) && doy >= 60)
        {
            return doy;
        }

        return doy - 1;
    }

    /// <summary>
    /// Places the profile on the local calendar year <paramref name="year"/> as an hourly UTC series of energy per hour.
    /// The year runs from 1 January 00:00 to the next 1 January 00:00 in <paramref name="zone"/> (UTC by default); each UTC hour
    /// reads the row and hour of its local start time, so a spring-forward day has 23 values and a fall-back day repeats hour 2.
    /// </summary>
    /// <param name="year">Calendar year.</param>
    /// <param name="annualKwh">Annual energy, kWh, ≥ 0.</param>
    /// <param name="zone">Zone whose clock hours the profile's hours are; null for UTC.</param>
    /// <param name="mapping">How dates pick day rows (EOS's day-of-year by default).</param>
    /// <param name="normalize">True: scale so the year sums to exactly <paramref name="annualKwh"/>; false: EOS's raw share · energy.</param>
    public LoadProfileSeries ToSeries(int year, double annualKwh, TimeZoneInfo? zone = null, LoadDayMapping mapping = LoadDayMapping.EosDayOfYear, bool normalize = true)
    {
        if (!(annualKwh >= 0) || double.IsInfinity(annualKwh))
        {
            throw new ArgumentOutOfRangeException(nameof(annualKwh), annualKwh, "annual energy must be a finite number ≥ 0 kWh");
        }

        zone ??= TimeZoneInfo.Utc;
        var (startUtc, hours) = LocalYear(year, zone);
        var energy = new double[hours];
        var std = new double[hours];
        double shareSum = 0;
        for (int i = 0; i < hours; i++)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(startUtc.AddHours(i), zone);
            int k = Index(DayRow(local, mapping), local.Hour);
            energy[i] = _mean[k];
            std[i] = _std[k];
            shareSum += _mean[k];
        }

        double scale = normalize ? (shareSum > 0 ? 1.0 / shareSum : 0) : 1.0;
        double wh = annualKwh * 1000.0 * scale;
        for (int i = 0; i < hours; i++)
        {
            energy[i] *= wh;
            std[i] *= wh;
        }

        string name = $"EOS yearly load profile {year}, {annualKwh:0.###} kWh ({Source})";
        return new LoadProfileSeries(
            new TimeSeries(startUtc, 3600, energy, "Wh", name, SeriesKind.Amount),
            new TimeSeries(startUtc, 3600, std, "Wh", name + " std", SeriesKind.Amount),
            scale);
    }

    /// <summary>Start (UTC) and number of whole UTC hours of the local calendar year.</summary>
    internal static (DateTime StartUtc, int Hours) LocalYear(int year, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var start = TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        return (start, (int)((end - start).Ticks / TimeSpan.TicksPerHour));
    }

    private static int Index(int dayRow, int hour)
    {
        if ((uint)dayRow >= DayRows || (uint)hour >= HoursPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(dayRow), $"day row {dayRow} / hour {hour} outside 0..365 / 0..23");
        }

        return (dayRow * HoursPerDay) + hour;
    }

    private static double Number(string[] cells, int column, string source, int line)
    {
        if (column >= cells.Length)
        {
            throw new InputException($"missing cell {column + 1}", source, line);
        }

        var text = cells[column].Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new InputException($"'{text}' in column {column + 1} is not a number", source, line);
        }

        return v;
    }
}
