using Quartier.Core.Results;

namespace Quartier.Storage.Tests;

/// <summary>
/// A home's year at 15 min shaped like what the simulation records: net power (W) of a house with PV and a battery
/// that covers the house while it can (net power then 0, or a rounding residue), and the battery's fill level
/// (ratio) that sits at 0 or 1 for hours and climbs in straight lines at full charging power.
/// </summary>
internal static class HomeYear
{
    public const int Steps = 35_040;

    /// <summary>The engine's blocks: a month of steps.</summary>
    public const int BlockSteps = 2_976;

    public static (double[] NetPower, double[] FillLevel) Generate(int seed)
    {
        const double hours = 0.25, capacity = 10_000, maxPower = 3_000;
        var random = new Random(seed);
        var net = new double[Steps];
        var fill = new double[Steps];
        var energy = capacity / 2;
        var pvPeak = 4_000 + (seed % 7 * 500);
        for (var i = 0; i < Steps; i++)
        {
            var hour = i * hours % 24;
            var day = i * hours / 24;
            var load = 250 + (200 * Math.Exp(-Math.Pow((hour - 7.5) / 1.5, 2))) + (450 * Math.Exp(-Math.Pow((hour - 19) / 2.5, 2)))
                + (random.NextDouble() * 300) + (Math.Cos(2 * Math.PI * day / 365) * 400);
            var season = 0.55 - (0.45 * Math.Cos(2 * Math.PI * (day + 10) / 365));
            var sun = hour is > 5 and < 21 ? Math.Max(0, Math.Sin(Math.PI * (hour - 5) / 16)) : 0;
            var pv = pvPeak * season * sun * (0.6 + (0.4 * random.NextDouble()));
            var charge = Math.Clamp(pv - load, -maxPower, maxPower);
            if (energy + (charge * hours) >= capacity)
            {
                charge = (capacity - energy) / hours;
                energy = capacity;
            }
            else if (energy + (charge * hours) <= 0)
            {
                charge = -energy / hours;
                energy = 0;
            }
            else
            {
                energy += charge * hours;
            }

            net[i] = load - pv + charge;
            fill[i] = energy / capacity;
        }

        return (net, fill);
    }

    /// <summary>Net power and fill level as series 1 and 2, in blocks of a month as the engine writes them.</summary>
    public static void Write(IRunWriter writer, double[] net, double[] fill)
    {
        writer.DeclareSeries(
        [
            new(1, "EnergyConnection", "home-1", "Home 1", "net_power", "W"),
            new(2, "Battery", "battery-1", "Battery 1", "fill_level", "ratio"),
        ]);
        for (var first = 1; first <= Steps; first += BlockSteps)
        {
            var length = Math.Min(BlockSteps, Steps - first + 1);
            writer.WriteBlock(1, first, net.AsSpan(first - 1, length));
            writer.WriteBlock(2, first, fill.AsSpan(first - 1, length));
        }
    }

    /// <summary>What the codec makes of a series written in blocks of a month.</summary>
    public static long EncodedBytes(double[] values)
    {
        var buffer = Array.Empty<byte>();
        long bytes = 0;
        for (var first = 0; first < values.Length; first += BlockSteps)
        {
            bytes += BlockCodec.Encode(values.AsSpan(first, Math.Min(BlockSteps, values.Length - first)), ref buffer);
        }

        return bytes;
    }
}
