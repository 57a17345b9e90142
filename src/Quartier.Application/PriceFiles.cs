using Quartier.Core.Input;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Prices;

namespace Quartier.Application;

/// <summary>Reads a day-ahead price file by its content: EOS's Akkudoktor JSON (<c>values</c>), Energy-Charts JSON (<c>unix_seconds</c>), else CSV.</summary>
public static class PriceFiles
{
    public static TimeSeries Read(string path)
    {
        var head = InputFiles.ReadAllText(path, "price file");
        var trimmed = head.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return trimmed.Contains("\"unix_seconds\"", StringComparison.Ordinal)
                ? DayAheadPrices.ParseEnergyCharts(head, path)
                : DayAheadPrices.ParseAkkudoktor(head, path);
        }

        return DayAheadPrices.ParseCsv(new StringReader(head), path);
    }
}
