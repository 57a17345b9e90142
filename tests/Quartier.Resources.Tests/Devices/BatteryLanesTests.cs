using System.Runtime.Intrinsics;
using Quartier.Resources.Devices;

namespace Quartier.Resources.Tests.Devices;

/// <summary>The battery setpoint four lanes at a time gives each lane the scalar setpoint's bits.</summary>
public sealed class BatteryLanesTests
{
    private static readonly double[] Special = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, -1e-300, 1.0, 0.5, 1.5, -0.25];

    [Fact]
    public void Four_lanes_give_the_scalar_setpoint_bits_in_every_mode()
    {
        var random = new Random(20261205);
        var specs = Enumerable.Range(0, 8).Select(k => new BatterySpec
        {
            CapacityWh = 1000 + (k * 2500),
            MaxChargePowerW = 500 + random.Next(6000),
            MaxDischargePowerW = k % 2 == 0 ? null : 500 + random.Next(6000),
            ChargeEfficiency = 0.9,
            DischargeEfficiency = 0.92,
            MinSoc = 0.1,
            MaxSoc = 0.9,
            InitialSoc = 0.5,
            PeakImportLimitW = k % 3 == 0 ? 0 : 400 + random.Next(3000),
            ExportLimitW = k % 4 == 0 ? 0 : random.Next(2000),
        }).ToArray();
        var arrays = new BatteryArrays(specs);
        var parameters = arrays.SetpointParameters;
        int modes = Enum.GetValues<BatteryMode>().Length;
        for (int round = 0; round < 20_000; round++)
        {
            int first = random.Next(specs.Length - 3);
            var lanes = new double[6][];
            for (int row = 0; row < lanes.Length; row++)
            {
                lanes[row] = [.. Enumerable.Range(0, 4).Select(_ => Value(random, row))];
            }

            // the modes the arrays compute and some they do not (those give 0 W here; the EMS never sends them to the lanes)
            double[] mode = [.. Enumerable.Range(0, 4).Select(_ => (double)random.Next(modes))];
            var power = BatteryArrays.SetpointWithin(V(mode), V(lanes[0]), V(lanes[1]), V(lanes[2]), V(lanes[3]), V(lanes[4]),
                V(parameters[0], first), V(parameters[1], first), V(parameters[2], first), V(parameters[3], first));
            for (int l = 0; l < 4; l++)
            {
                var m = (BatteryMode)(int)mode[l];
                double expected = BatteryArrays.Computes(m) ? arrays.SetpointWithin(first + l, m, lanes[0][l], lanes[1][l], lanes[2][l], lanes[3][l], lanes[4][l]) : 0;
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(power.GetElement(l)),
                    $"round {round} lane {l} {m}: scalar {expected:R}, lanes {power.GetElement(l):R}");
            }
        }
    }

    [Fact]
    public void Four_lanes_give_the_scalar_level_and_limits_bits()
    {
        var random = new Random(20261206);
        var specs = Enumerable.Range(0, 9).Select(k => new BatterySpec
        {
            CapacityWh = k == 8 ? 1e-9 : 1000 + (k * 2500),
            MaxChargePowerW = 500 + random.Next(6000),
            MaxDischargePowerW = k % 2 == 0 ? null : 500 + random.Next(6000),
            ChargeEfficiency = 0.85 + (random.NextDouble() * 0.15),
            DischargeEfficiency = k % 3 == 0 ? 1 : 0.92,
            MinSoc = k % 4 == 0 ? 0 : 0.1,
            MaxSoc = k % 5 == 0 ? 1 : 0.9,
            InitialSoc = 0.5,
        }).ToArray();
        var arrays = new BatteryArrays(specs);
        var parameters = arrays.LevelParameters;
        double[] hours = [0.25, 1.0 / 60, 1, 1e-300, double.PositiveInfinity];
        for (int round = 0; round < 20_000; round++)
        {
            int first = random.Next(specs.Length - 3);
            double h = hours[random.Next(hours.Length)];
            double[] fill = [.. Enumerable.Range(0, 4).Select(_ => random.Next(8) == 0 ? Special[random.Next(Special.Length)] : random.Next(6) == 0 ? 0.9 + (random.Next(3) * 1e-13) : random.NextDouble())];
            double[] power = [.. Enumerable.Range(0, 4).Select(_ => Value(random, 1))];
            var level = BatteryArrays.LevelAndLimits(parameters, first, V(fill), V(power), h, out var charge, out var discharge);
            for (int l = 0; l < 4; l++)
            {
                double expected = arrays.Level(first + l, fill[l], power[l], h * 3600);
                if (h * 3600 / 3600 != h)
                {
                    continue; // the scalar path divides the seconds it is given: compare only where that gives these hours back
                }

                arrays.Limits(first + l, expected, h * 3600, out double c, out double d);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(level.GetElement(l)), $"round {round} lane {l}: level {expected:R} scalar, {level.GetElement(l):R} lanes");
                Assert.True(BitConverter.DoubleToInt64Bits(c) == BitConverter.DoubleToInt64Bits(charge.GetElement(l)), $"round {round} lane {l}: charge {c:R} scalar, {charge.GetElement(l):R} lanes");
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(discharge.GetElement(l)), $"round {round} lane {l}: discharge {d:R} scalar, {discharge.GetElement(l):R} lanes");
            }
        }
    }

    private static double Value(Random random, int row) => random.Next(8) == 0 ? Special[random.Next(Special.Length)]
        : row == 0 ? (random.NextDouble() * 1.4) - 0.2
        : random.NextDouble() * 8000 * (random.Next(10) == 0 ? -1 : 1);

    private static Vector256<double> V(double[] values, int from = 0) => Vector256.Create(values.AsSpan(from, 4));
}
