using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>Builds price series from a tariff by averaging over quarter-hour (or finer) sub-steps.</summary>
internal static class TariffSeries
{
    public static TimeSeries Build(ITariff tariff, DateTime startUtc, int stepSeconds, int count, bool export)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        int sub = Gcd(stepSeconds, 900);
        int n = stepSeconds / sub;
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            var a = startUtc.AddSeconds((double)i * stepSeconds);
            double acc = 0;
            for (int k = 0; k < n; k++)
            {
                var t = a.AddSeconds((double)k * sub);
                acc += export ? tariff.ExportPrice(t) : tariff.ImportPrice(t);
            }

            values[i] = acc / n;
        }

        return new TimeSeries(startUtc, stepSeconds, values, "EUR/kWh", $"{tariff.Name} ({(export ? "export" : "import")})");
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
