using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Services;

public sealed class HeatPumpHousesTests
{
    private static readonly double[] Odd = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-310, -1e300];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Four_houses_at_a_time_are_the_bits_of_one_at_a_time(bool denseWeather)
    {
        var random = new Random(20261205);
        const int n = 203;
        var lanes = Houses(n, new Random(7));
        var single = Houses(n, new Random(7));
        double[] dts = [900, 60, 3600, 0.5];
        for (int round = 0; round < 40; round++)
        {
            double dt = dts[round % dts.Length];
            double[] weather = [Pick(random, 25), Pick(random, 10), Pick(random, 800)];

            // the weather as a global input (one source for all) or one source per house in order
            var (air, soil, irr) = denseWeather ? (Dense(n, random, 25), Dense(n, random, 10), Dense(n, random, 800)) : (Uniform(n, weather[0]), Uniform(n, weather[1]), Uniform(n, weather[2]));
            int from = random.Next(5), to = n - random.Next(5);
            lanes.AdvanceAndNeed(from, to, dt, air, soil, irr);
            for (int i = from; i < to; i++)
            {
                single.AdvanceAndNeedOne(i, dt, air.First(i), soil.First(i), irr.First(i));
            }

            Same(single.In, lanes.In);
            Same(single.Out, lanes.Out);
            Same(single.Need, lanes.Need);
            for (int i = 0; i < n; i++)
            {
                // what the thermostat leaves for the next step, the same in both
                lanes.Air[i] = single.Air[i] = air.First(i);
                lanes.ToHouse[i] = single.ToHouse[i] = single.Need[i] * random.NextDouble();
            }
        }
    }

    [Fact]
    public void Buffer_heat_and_room_four_at_a_time_are_the_scalar_expressions_bits()
    {
        var random = new Random(11);
        const int n = 103;
        var h = new HeatPumpHouses(n);
        for (int i = 0; i < n; i++)
        {
            h.BufferCapacitance[i] = random.Next(10) == 0 ? Pick(random, 1e6) : 752_940 * (0.5 + random.NextDouble());
            h.BufferMin[i] = 20 + (random.NextDouble() * 10);
            h.BufferTop[i] = Math.Min(40 + (random.NextDouble() * 10) + 5, 65);
            h.Buffer[i] = Pick(random, 70);
        }

        foreach (double dt in new[] { 900.0, 60, 0.25, 3600 })
        {
            int from = random.Next(4), to = n - random.Next(4);
            h.BufferHeatAndRoom(from, to, dt);
            for (int i = from; i < to; i++)
            {
                double c = h.BufferCapacitance[i], t = h.Buffer[i];
                Assert.Equal(BitConverter.DoubleToInt64Bits(c * (t - h.BufferMin[i]) / dt), BitConverter.DoubleToInt64Bits(h.BufferHeat[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(c * (h.BufferTop[i] - t) / dt), BitConverter.DoubleToInt64Bits(h.BufferRoom[i]));
            }
        }
    }

    private static HeatPumpHouses Houses(int n, Random random)
    {
        var h = new HeatPumpHouses(n);
        for (int i = 0; i < n; i++)
        {
            h.CIn[i] = 1e6 + (random.NextDouble() * 9e6);
            h.COut[i] = 1e7 + (random.NextDouble() * 9e7);
            h.KExch[i] = random.NextDouble() * 2000;
            h.KFloor[i] = random.NextDouble() * 200;
            h.KVent[i] = random.NextDouble() * 300;
            h.KCond[i] = random.NextDouble() * 400;
            h.Glass[i] = random.Next(9) == 0 ? 0.0 : random.NextDouble() * 30;
            h.Set[i] = 17 + (random.NextDouble() * 5);
            h.In[i] = Pick(random, 20);
            h.Out[i] = Pick(random, 15);
            h.Air[i] = Pick(random, 5);
            h.Soil[i] = Pick(random, 10);
            h.Irr[i] = Pick(random, 300);
            h.ToHouse[i] = random.Next(4) == 0 ? 0.0 : random.NextDouble() * 8000;
            h.Gas[i] = random.Next(2) == 0 ? 0.0 : random.NextDouble() * 3000;
        }

        return h;
    }

    private static double Pick(Random random, double scale) => random.Next(25) == 0 ? Odd[random.Next(Odd.Length)] : (random.NextDouble() - 0.3) * scale;

    private static InputView Uniform(int n, double value) =>
        new(Enumerable.Range(0, n + 1).ToArray(), new int[n], [value], -1, Enumerable.Repeat(n, n).ToArray());

    private static InputView Dense(int n, Random random, double scale)
    {
        var values = new double[n + 3];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = Pick(random, scale);
        }

        return new(Enumerable.Range(0, n + 1).ToArray(), Enumerable.Range(3, n).ToArray(), values, 3);
    }

    private static void Same(double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"house {i}: {expected[i]:R} one at a time, {actual[i]:R} four at a time");
        }
    }
}
