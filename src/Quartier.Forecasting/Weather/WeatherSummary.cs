namespace Quartier.Forecasting.Weather;

/// <summary>One calendar month of a weather series (months in the series' local standard time, <see cref="WeatherLocation.UtcOffsetHours"/>).</summary>
/// <param name="Intervals">Intervals starting in the month.</param>
/// <param name="MeanAirTemperature">Mean of the available air temperatures, °C (NaN if none).</param>
/// <param name="GhiKwhPerM2">Global horizontal irradiation of the available intervals, kWh/m² (NaN if none).</param>
/// <param name="DniKwhPerM2">Direct normal irradiation, kWh/m².</param>
/// <param name="DhiKwhPerM2">Diffuse horizontal irradiation, kWh/m².</param>
/// <param name="MeanWindSpeed">Mean wind speed, m/s.</param>
/// <param name="MissingGhi">Intervals without GHI (the sum then covers fewer hours).</param>
public sealed record MonthlyWeather(int Year, int Month, int Intervals, double MeanAirTemperature, double GhiKwhPerM2, double DniKwhPerM2, double DhiKwhPerM2, double MeanWindSpeed, int MissingGhi);

/// <summary>Figures about a <see cref="WeatherSeries"/> for a quick look: availability per quantity and monthly sums and means.</summary>
public static class WeatherSummary
{
    /// <summary>Number of non-NaN values of <paramref name="quantity"/>.</summary>
    public static int Available(WeatherSeries series, WeatherQuantity quantity)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = 0;
        foreach (double v in series.Values(quantity))
        {
            if (!double.IsNaN(v))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Irradiation of the available values of an irradiance array, kWh/m² (NaN if none).</summary>
    public static double KwhPerM2(double[] irradiance, int stepSeconds, int from = 0, int count = -1)
    {
        ArgumentNullException.ThrowIfNull(irradiance);
        int end = count < 0 ? irradiance.Length : from + count;
        double sum = 0;
        int n = 0;
        for (int i = from; i < end; i++)
        {
            if (!double.IsNaN(irradiance[i]))
            {
                sum += irradiance[i];
                n++;
            }
        }

        return n == 0 ? double.NaN : sum * stepSeconds / 3.6e6;
    }

    /// <summary>Monthly means and sums, by the month (local standard time) in which each interval starts.</summary>
    public static IReadOnlyList<MonthlyWeather> Monthly(WeatherSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var result = new List<MonthlyWeather>();
        var offset = TimeSpan.FromHours(series.Location.UtcOffsetHours);
        int i = 0;
        while (i < series.Count)
        {
            var local = series.TimeAt(i) + offset;
            int from = i;
            while (i < series.Count && (series.TimeAt(i) + offset) is var t && t.Year == local.Year && t.Month == local.Month)
            {
                i++;
            }

            int n = i - from;
            int missing = 0;
            for (int k = from; k < i; k++)
            {
                missing += double.IsNaN(series.Ghi[k]) ? 1 : 0;
            }

            result.Add(new MonthlyWeather(
                local.Year,
                local.Month,
                n,
                Mean(series.AirTemperature, from, n),
                KwhPerM2(series.Ghi, series.StepSeconds, from, n),
                KwhPerM2(series.Dni, series.StepSeconds, from, n),
                KwhPerM2(series.Dhi, series.StepSeconds, from, n),
                Mean(series.WindSpeed, from, n),
                missing));
        }

        return result;
    }

    private static double Mean(double[] values, int from, int count)
    {
        double sum = 0;
        int n = 0;
        for (int i = from; i < from + count; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                sum += values[i];
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
