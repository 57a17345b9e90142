namespace Quartier.Bench.Storage;

/// <summary>
/// A bank of 64 homes' year profiles at 15 min, built before timing starts; home h uses entry h mod 64. Net power (W) is
/// a daily base load with noise minus a seasonal PV bell (full-precision doubles, as a simulation writes them); the
/// battery fill level (ratio) integrates the surplus and sits at its bounds for hours (runs of equal values).
/// </summary>
internal sealed class Profiles
{
    private const int Bank = 64;
    private const double StepHours = 0.25;
    private readonly double[][] _net = new double[Bank][];
    private readonly double[][] _fill = new double[Bank][];

    public Profiles(int steps)
    {
        for (var b = 0; b < Bank; b++)
        {
            var random = new Random(1000 + b);
            var net = new double[steps];
            var fill = new double[steps];
            var pvPeak = 3000 + 200 * b % 3000;
            var capacityWh = 5000 + 150.0 * b;
            var level = 0.5;
            for (var i = 0; i < steps; i++)
            {
                var hour = i * StepHours % 24;
                var day = i * StepHours / 24;
                var load = 250 + 200 * Math.Exp(-Math.Pow((hour - 7.5) / 1.5, 2)) + 450 * Math.Exp(-Math.Pow((hour - 19) / 2.5, 2))
                    + (random.NextDouble() * 300) + (Math.Cos(2 * Math.PI * day / 365) * 400); // heating in winter
                var season = 0.55 - (0.45 * Math.Cos(2 * Math.PI * (day + 10) / 365));
                var sun = hour is > 5 and < 21 ? Math.Max(0, Math.Sin(Math.PI * (hour - 5) / 16)) : 0;
                var pv = pvPeak * season * sun * (0.6 + (0.4 * random.NextDouble()));
                net[i] = load - pv;
                level = Math.Clamp(level - (net[i] * StepHours / capacityWh), 0.05, 1.0);
                fill[i] = level;
            }

            _net[b] = net;
            _fill[b] = fill;
        }
    }

    public double[] NetPower(int home) => _net[home % Bank];

    public double[] FillLevel(int home) => _fill[home % Bank];
}
