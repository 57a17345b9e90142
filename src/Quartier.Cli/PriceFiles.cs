using Quartier.Core.Errors;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Prices;

namespace Quartier.Cli;

/// <summary>Reads a day-ahead price file by its content: EOS's Akkudoktor JSON (<c>values</c>), Energy-Charts JSON (<c>unix_seconds</c>), else CSV.</summary>
internal static class PriceFiles
{
    public static TimeSeries Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"price file not found: {path}", path);
        }

        var head = File.ReadAllText(path);
        var trimmed = head.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return trimmed.Contains("\"unix_seconds\"", StringComparison.Ordinal)
                ? DayAheadPrices.ParseEnergyCharts(head, path)
                : DayAheadPrices.ParseAkkudoktor(head, path);
        }

        return DayAheadPrices.LoadCsv(path);
    }
}
