using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Tests.Devices;

/// <summary>
/// The fleets' fast path against their resources: random instruction sequences (modes, factors in and out of 0..1,
/// NaN), site conditions, step lengths, reported statuses and timers go through a fleet with the fast path and one
/// without (every call through the S2 resource); every returned value and the final state must be bit-identical.
/// Deterministic: fixed seeds, a bounded number of cases.
/// </summary>
public sealed class FleetPropertyTests
{
    private const int Fleet = 6;
    private const int Steps = 160;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly double[] Factors = [0, 0.25, 0.5, 1, 0.999999, 1.5, -0.1, double.NaN];
    private static readonly double[] StepSeconds = [900, 900, 900, 60, 3600, 0];

    [Fact]
    public void BatteryFleetMatchesItsResources() => Check(31, seed =>
    {
        var rng = new Random(seed);
        var fast = new BatteryFleet(Batteries(seed), fastPath: true);
        var slow = new BatteryFleet(Batteries(seed), fastPath: false);
        var at = T0;
        for (int k = 0; k < Steps; k++)
        {
            double seconds = StepSeconds[rng.Next(StepSeconds.Length)];
            for (int i = 0; i < Fleet; i++)
            {
                if (rng.Next(4) == 0)
                {
                    var mode = (BatteryMode)rng.Next(BatteryModes.Count);
                    double factor = Factors[rng.Next(Factors.Length)];
                    Same(fast.Instruct(i, mode, factor, at).IsAccepted, slow.Instruct(i, mode, factor, at).IsAccepted, $"instruct {i} at step {k}");
                }

                if (rng.Next(40) == 0)
                {
                    var status = new StorageStatus(rng.NextDouble());
                    fast.Resource(i).ApplyStatus(status);
                    slow.Resource(i).ApplyStatus(status);
                }

                double pv = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 6000, load = rng.NextDouble() * 4000;
                Same(fast.Step(i, at, seconds, pv, load), slow.Step(i, at, seconds, pv, load), $"power {i} at step {k}");
                SameBattery(fast, slow, i, seconds, k);
            }

            at = at.AddSeconds(seconds);
        }

        for (int i = 0; i < Fleet; i++)
        {
            SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"battery {i}");
        }
    });

    [Fact]
    public void BatteryFleetSteadyStepsMatchItsResources() => Check(43, seed =>
    {
        // the service's path: a steady step (from the limits the last steady step reached, for the fleet's step length) where the
        // fleet takes it, else instruct and step; against resources that are instructed and stepped every time
        var rng = new Random(seed);
        var fast = new BatteryFleet(Batteries(seed), fastPath: true);
        var slow = new BatteryFleet(Batteries(seed), fastPath: false);
        fast.UseStepLength(900);
        var modes = new BatteryMode[Fleet];
        var factors = new double[Fleet];
        var at = T0;
        for (int k = 0; k < Steps; k++)
        {
            double seconds = rng.Next(8) == 0 ? StepSeconds[rng.Next(StepSeconds.Length)] : 900;
            for (int i = 0; i < Fleet; i++)
            {
                if (k == 0 || rng.Next(6) == 0)
                {
                    modes[i] = (BatteryMode)rng.Next(BatteryModes.Count);
                    factors[i] = Factors[rng.Next(Factors.Length)];
                }

                double pv = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 6000, load = rng.NextDouble() * 4000;
                double power;
                if (fast.TryStepSteady(i, modes[i], factors[i], at, seconds, pv, load, out power, out double fill, out double charge, out double discharge))
                {
                    Same(fill, fast.FillLevel(i), $"steady fill {i} at step {k}");
                    Same(charge, fast.Limits(i, seconds).ChargeW, $"steady charge limit {i} at step {k}");
                    Same(discharge, fast.Limits(i, seconds).DischargeW, $"steady discharge limit {i} at step {k}");
                }
                else
                {
                    fast.Instruct(i, modes[i], factors[i], at);
                    power = fast.Step(i, at, seconds, pv, load);
                }

                slow.Instruct(i, modes[i], factors[i], at);
                Same(power, slow.Step(i, at, seconds, pv, load), $"power {i} at step {k}");
                SameBattery(fast, slow, i, seconds, k);
            }

            at = at.AddSeconds(seconds);
        }

        for (int i = 0; i < Fleet; i++)
        {
            SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"battery {i}");
        }
    });

    [Fact]
    public void BatteryFleetSteadyStepsFourAtATimeMatchItsResources()
    {
        int fourTotal = 0, stepsTotal = 0;
        Check(47, seed =>
        {
            // the service's path with lanes: four batteries at once where all four are steady, else one by one as in the test above
            var rng = new Random(seed);
            var fast = new BatteryFleet(Batteries(seed), fastPath: true);
            var slow = new BatteryFleet(Batteries(seed), fastPath: false);
            fast.UseStepLength(900);
            var modes = new double[Fleet];
            var factors = new double[Fleet];
            var pv = new double[Fleet];
            var load = new double[Fleet];
            var power = new double[Fleet];
            var at = T0;
            int four = 0;
            for (int k = 0; k < Steps; k++)
            {
                double seconds = rng.Next(8) == 0 ? StepSeconds[rng.Next(StepSeconds.Length)] : 900;
                for (int i = 0; i < Fleet; i++)
                {
                    if (k == 0 || rng.Next(30) == 0)
                    {
                        // the mode as the EMS publishes it, mostly one the arrays compute, now and then not a whole number (read as its
                        // integer part); the factor mostly within 0..1
                        var computed = Enum.GetValues<BatteryMode>().Where(BatteryArrays.Computes).ToArray();
                        modes[i] = (rng.Next(10) == 0 ? rng.Next(BatteryModes.Count) : (int)computed[rng.Next(computed.Length)]) + (rng.Next(10) == 0 ? 0.25 : 0);
                        factors[i] = rng.Next(10) == 0 ? Factors[rng.Next(Factors.Length)] : rng.NextDouble();
                    }

                    pv[i] = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 6000;
                    load[i] = rng.NextDouble() * 4000;
                }

                int g = k % (Fleet - 3);
                bool lanes = fast.TryStepSteadyFour(g, modes.AsSpan(g, 4), factors.AsSpan(g, 4), at, seconds, Vector256.Create(pv.AsSpan(g, 4)), Vector256.Create(load.AsSpan(g, 4)),
                    out var powers, out var fills, out var charges, out var discharges);
                four += lanes ? 1 : 0;
                for (int i = 0; i < Fleet; i++)
                {
                    var mode = (BatteryMode)(int)modes[i];
                    if (lanes && i >= g && i < g + 4)
                    {
                        power[i] = powers.GetElement(i - g);
                        Same(fills.GetElement(i - g), fast.FillLevel(i), $"four: fill {i} at step {k}");
                        Same(charges.GetElement(i - g), fast.Limits(i, seconds).ChargeW, $"four: charge limit {i} at step {k}");
                        Same(discharges.GetElement(i - g), fast.Limits(i, seconds).DischargeW, $"four: discharge limit {i} at step {k}");
                    }
                    else if (!fast.TryStepSteady(i, mode, factors[i], at, seconds, pv[i], load[i], out power[i], out _, out _, out _))
                    {
                        fast.Instruct(i, mode, factors[i], at);
                        power[i] = fast.Step(i, at, seconds, pv[i], load[i]);
                    }

                    slow.Instruct(i, mode, factors[i], at);
                    Same(power[i], slow.Step(i, at, seconds, pv[i], load[i]), $"power {i} at step {k}");
                    SameBattery(fast, slow, i, seconds, k);
                }

                at = at.AddSeconds(seconds);
            }

            Interlocked.Add(ref fourTotal, four);
            Interlocked.Add(ref stepsTotal, Steps);
            for (int i = 0; i < Fleet; i++)
            {
                SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"battery {i}");
            }
        });

        // the lanes were taken often enough for the comparison to mean something
        Assert.True(fourTotal > stepsTotal / 20, $"four batteries at a time in {fourTotal} of {stepsTotal} steps");
    }

    [Fact]
    public void HeatPumpFleetMatchesItsResources() => Check(37, seed =>
    {
        var rng = new Random(seed);
        var fast = new HeatPumpFleet(HeatPumps(seed), fastPath: true);
        var slow = new HeatPumpFleet(HeatPumps(seed), fastPath: false);
        var at = T0;
        for (int k = 0; k < Steps; k++)
        {
            double seconds = StepSeconds[rng.Next(StepSeconds.Length)];
            for (int i = 0; i < Fleet; i++)
            {
                double demand = rng.Next(5) == 0 ? 0 : rng.NextDouble() * 12_000;
                Same(fast.Step(i, at, seconds, demand, 5), slow.Step(i, at, seconds, demand, 5), $"buffer {i} at step {k}");
                var mode = rng.Next(3) == 0 ? HeatPumpMode.Off : HeatPumpMode.On;
                double factor = rng.Next(6) == 0 ? Factors[rng.Next(Factors.Length)] : rng.NextDouble();
                Same(fast.Instruct(i, mode, factor, at.AddSeconds(seconds)).IsAccepted, slow.Instruct(i, mode, factor, at.AddSeconds(seconds)).IsAccepted, $"instruct {i} at step {k}");
                Same((int)fast.Mode(i), (int)slow.Mode(i), $"mode {i} at step {k}");
                Same(fast.Factor(i), slow.Factor(i), $"factor {i} at step {k}");
                Same(fast.FillLevel(i), slow.FillLevel(i), $"buffer {i} after instruct at step {k}");
            }

            at = at.AddSeconds(seconds);
        }

        for (int i = 0; i < Fleet; i++)
        {
            SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"heat pump {i}");
        }
    });

    [Fact]
    public void EvFleetMatchesItsResources() => Check(41, seed =>
    {
        var rng = new Random(seed);
        var fast = new EvFleet(Evs(seed), fastPath: true);
        var slow = new EvFleet(Evs(seed), fastPath: false);
        var at = T0;
        for (int k = 0; k < Steps; k++)
        {
            double seconds = StepSeconds[rng.Next(StepSeconds.Length)];
            for (int i = 0; i < Fleet; i++)
            {
                switch (rng.Next(8))
                {
                    case 0:
                        double target = rng.Next(10) == 0 ? 1.5 : rng.Next(3) == 0 ? 0.9 : rng.NextDouble();
                        var departure = at.AddHours(rng.Next(1, 12));
                        Same(Throws(() => fast.Plug(i, departure, target)), Throws(() => slow.Plug(i, departure, target)), $"plug {i} at step {k}");
                        break;
                    case 1:
                        fast.Unplug(i);
                        slow.Unplug(i);
                        break;
                    case 2:
                        double soc = rng.Next(10) == 0 ? 1.2 : rng.NextDouble();
                        Same(Throws(() => fast.SetSoc(i, soc)), Throws(() => slow.SetSoc(i, soc)), $"set soc {i} at step {k}");
                        break;
                }

                var mode = rng.Next(2) == 0 ? EvMode.Idle : EvMode.ForcedCharge;
                double factor = rng.Next(6) == 0 ? Factors[rng.Next(Factors.Length)] : rng.NextDouble();
                Same(fast.Instruct(i, mode, factor, at).IsAccepted, slow.Instruct(i, mode, factor, at).IsAccepted, $"instruct {i} at step {k}");
                if (rng.Next(2) == 0)
                {
                    Same(fast.Step(i, at, seconds), slow.Step(i, at, seconds), $"soc {i} at step {k}");
                }

                Same(fast.Soc(i), slow.Soc(i), $"soc {i} at step {k}");
                Same((int)fast.Mode(i), (int)slow.Mode(i), $"mode {i} at step {k}");
                Same(fast.Factor(i), slow.Factor(i), $"factor {i} at step {k}");
                if (rng.Next(12) == 0)
                {
                    // the resource handed out mid-run: brought up to date with what the fleet took (plug-ins, unplugs, mode changes)
                    SamePlug(fast.Resource(i), slow.Resource(i), $"EV {i} at step {k}");
                    SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"EV {i} at step {k}");
                }
            }

            at = at.AddSeconds(seconds);
        }

        for (int i = 0; i < Fleet; i++)
        {
            SamePlug(fast.Resource(i), slow.Resource(i), $"EV {i}");
            SameState(fast.Resource(i).Simulation, slow.Resource(i).Simulation, at, $"EV {i}");
        }
    });

    private static void SamePlug(EvResource fast, EvResource slow, string what)
    {
        Same(fast.IsPlugged, slow.IsPlugged, what + " plugged");
        Assert.Equal(slow.Departure, fast.Departure);
        Same(fast.TargetSoc, slow.TargetSoc, what + " target");
    }

    private static void Check(ulong seed, Action<int> property)
    {
        var replay = new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None);
        var config = Config.QuickThrowOnFailure.WithMaxTest(60).WithReplay(FSharpOption<Replay>.Some(replay)).WithQuietOnSuccess(true);
        FsCheck.Check.One(config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), property));
    }

    private static BatteryResource[] Batteries(int seed)
    {
        var rng = new Random(seed ^ 0x5bd1e995);
        return [.. Enumerable.Range(0, Fleet).Select(i => new BatteryResource($"b{i}", new BatterySpec
        {
            CapacityWh = 2000 + (i * 3000),
            MaxChargePowerW = 1000 + rng.Next(5000),
            MaxDischargePowerW = i % 2 == 0 ? null : 1000 + rng.Next(5000),
            ChargeEfficiency = 0.85 + (0.15 * rng.NextDouble()),
            DischargeEfficiency = 0.85 + (0.15 * rng.NextDouble()),
            MinSoc = i % 3 == 0 ? 0 : 0.1,
            MaxSoc = i % 3 == 1 ? 1 : 0.9,
            InitialSoc = 0.5,
            PeakImportLimitW = 800,
            ExportLimitW = 500,
            MinModeDwell = TimeSpan.FromSeconds(i % 2 == 0 ? 0 : 1800),
        }, (BatteryMode)(i % 4 == 3 ? 1 : rng.Next(BatteryModes.Count - 1)), 1))];
    }

    private static HeatPumpResource[] HeatPumps(int seed)
    {
        var rng = new Random(seed ^ 0x27d4eb2d);
        return [.. Enumerable.Range(0, Fleet).Select(i => new HeatPumpResource($"hp{i}", new HeatPumpSpec
        {
            MaxThermalPowerW = 4000 + rng.Next(8000),
            BufferCapacityWhPerK = 100 + rng.Next(300),
            MinTempC = 25,
            MaxTempC = 65,
            InitialTempC = 40,
            MinOnTime = TimeSpan.FromSeconds(i % 3 == 0 ? 1800 : 0),
            MinOffTime = TimeSpan.FromSeconds(i % 3 == 1 ? 900 : 0),
            StandingLossW = i == Fleet - 1 ? 50 : 0,
        }))];
    }

    private static EvResource[] Evs(int seed)
    {
        var rng = new Random(seed ^ 0x165667b1);
        return [.. Enumerable.Range(0, Fleet).Select(i => new EvResource($"ev{i}", new EvSpec
        {
            CapacityWh = 20_000 + rng.Next(60_000),
            MaxChargePowerW = 3700 + rng.Next(7400),
            ChargeEfficiency = 0.9,
            MaxSoc = i % 2 == 0 ? 1 : 0.8,
            InitialSoc = 0.3,
        }))];
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (Core.Errors.InputException)
        {
            return true;
        }
    }

    /// <summary>Battery <paramref name="i"/>'s fill level, limits, mode and factor after step <paramref name="k"/>, fast path against resource.</summary>
    private static void SameBattery(BatteryFleet fast, BatteryFleet slow, int i, double seconds, int k)
    {
        Same(fast.FillLevel(i), slow.FillLevel(i), $"fill {i} at step {k}");
        Same(fast.Limits(i, seconds).ChargeW, slow.Limits(i, seconds).ChargeW, $"charge limit {i} at step {k}");
        Same(fast.Limits(i, seconds).DischargeW, slow.Limits(i, seconds).DischargeW, $"discharge limit {i} at step {k}");
        Same((int)fast.Mode(i), (int)slow.Mode(i), $"mode {i} at step {k}");
        Same(fast.Factor(i), slow.Factor(i), $"factor {i} at step {k}");
    }

    private static void SameState(FrbcSimulation fast, FrbcSimulation slow, DateTimeOffset at, string what)
    {
        var actuator = fast.ActuatorId(0);
        Same(fast.FillLevel, slow.FillLevel, what + " fill level");
        Assert.Equal(slow.ActiveModeId(actuator), fast.ActiveModeId(actuator));
        Same(fast.Factor(actuator), slow.Factor(actuator), what + " factor");
        Assert.Equal(slow.PreviousModeId(actuator), fast.PreviousModeId(actuator));
        Assert.Equal(slow.TransitionTimestamp(actuator), fast.TransitionTimestamp(actuator));
        Assert.Equal(slow.InTransition(actuator, at), fast.InTransition(actuator, at));
        var (fastTimers, slowTimers) = (fast.Timers(actuator), slow.Timers(actuator));
        for (int t = 0; t < slowTimers.Count; t++)
        {
            Assert.Equal(slowTimers.FinishedAt(t), fastTimers.FinishedAt(t));
        }
    }

    private static void Same(double fast, double slow, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(fast) == BitConverter.DoubleToInt64Bits(slow), $"{what}: fast path {fast:R}, resource {slow:R}");

    private static void Same(bool fast, bool slow, string what) => Assert.True(fast == slow, $"{what}: fast path {fast}, resource {slow}");

    private static void Same(int fast, int slow, string what) => Assert.True(fast == slow, $"{what}: fast path {fast}, resource {slow}");
}
