using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Resources.Eos;

/// <summary>
/// The allowed range of every field of an EOS optimisation request and plan, stated once and checked by
/// <see cref="EosOptimizeInput"/> and <see cref="EosControls"/>: a refusal names the file, the JSON path and the range.
/// EOS works in Wh per hour and currency per Wh (0.0003 = 0.30 per kWh).
/// </summary>
public static class EosRanges
{
    /// <summary>EOS's default hourly horizon (its <c>prediction.hours</c>); every series has one value per hour.</summary>
    public const int Hours = 48;

    /// <summary>The longest horizon accepted: a year of hours (EOS's horizon is configurable; all series must agree).</summary>
    public const int MaxHours = 8784;

    /// <summary>Household load per hour: up to 1 MWh in an hour (a large building).</summary>
    public static readonly PhysicalRange LoadWh = new(0, 1e6, "Wh");

    /// <summary>PV forecast per hour.</summary>
    public static readonly PhysicalRange PvWh = new(0, 1e6, "Wh");

    /// <summary>Import price, feed-in tariff and battery energy value, currency per Wh (±10 per kWh).</summary>
    public static readonly PhysicalRange PricePerWh = new(-0.01, 0.01, "per Wh");

    /// <summary>Battery or EV capacity: 1 Wh to 10 MWh.</summary>
    public static readonly PhysicalRange CapacityWh = new(1, 1e7, "Wh");

    /// <summary>Charge, inverter or appliance power / energy per hour: 1 W to 1 MW.</summary>
    public static readonly PhysicalRange PowerW = new(1, 1e6, "W");

    /// <summary>An appliance's energy per run.</summary>
    public static readonly PhysicalRange ApplianceWh = new(1, 1e6, "Wh");

    /// <summary>State of charge.</summary>
    public static readonly PhysicalRange SocPercent = new(0, 100, "%");

    /// <summary>Air temperature forecast.</summary>
    public static readonly PhysicalRange TemperatureC = new(-90, 70, "degC");

    /// <summary>Checks every value of an hourly series against <paramref name="range"/>, naming the first one outside it.</summary>
    public static void CheckSeries(double[] values, PhysicalRange range, string path, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (int h = 0; h < values.Length; h++)
        {
            if (!range.Contains(values[h]))
            {
                throw Outside(values[h], range, $"{path}[{h}]", source);
            }
        }
    }

    /// <summary>Returns <paramref name="value"/>, or refuses it naming <paramref name="path"/> and the range.</summary>
    public static double Check(double value, PhysicalRange range, string path, string source, string? elementId = null) =>
        range.Contains(value) ? value : throw Outside(value, range, path, source, elementId);

    private static InputException Outside(double value, PhysicalRange range, string path, string source, string? elementId = null) =>
        new($"{path} is {PhysicalRange.Number(value)}, outside its range {range}", source, elementId: elementId, field: path);
}
