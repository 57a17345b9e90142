using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>Stepping the storage: fill level integrated over segments of constant rates between mode, leakage and usage boundaries.</summary>
public sealed partial class FrbcSimulation
{
    /// <summary>
    /// Advances one step of <paramref name="seconds"/> from <paramref name="at"/>: completes transitions,
    /// integrates the fill level (actuators, leakage, usage forecast) and returns average powers and rates.
    /// </summary>
    public FrbcStep Step(DateTimeOffset at, double seconds) => Step(at, seconds, 0);

    /// <summary>
    /// As <see cref="Step(DateTimeOffset, double)"/> with an extra usage rate (fill level per second, positive =
    /// decreasing) on top of the usage forecast, e.g. a heat demand known per step.
    /// </summary>
    public FrbcStep Step(DateTimeOffset at, double seconds, double additionalUsageRate)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        var t0 = Ticks.Of(at);
        var startLevel = FillLevel;
        var level = FillLevel;
        var energy = default(CommodityPowers);
        double supplied = 0, leaked = 0, used = 0, unmet = 0, spilled = 0;
        var saturated = false;
        if (seconds == 0)
        {
            CompleteTransitions(t0);
            var usage0 = UsageAt(t0, out _) + additionalUsageRate;
            var seg0 = Segment(t0, level, usage0, ref energy);
            return new FrbcStep(level, level, energy, seg0.Supply, seg0.Leak, usage0, 0, 0, seg0.Saturated);
        }

        var elapsed = 0.0;
        var segments = 0;
        while (elapsed < seconds)
        {
            var now = t0 + Ticks.FromSeconds(elapsed);
            CompleteTransitions(now);
            var segEnd = seconds - elapsed;
            for (var a = 0; a < _actuators.Length; a++)
            {
                var sm = _actuators[a].Machine;
                if (sm.PreviousMode >= 0 && sm.TransitionEnd > now)
                {
                    segEnd = Math.Min(segEnd, Ticks.ToSeconds(sm.TransitionEnd - now));
                }
            }

            var usage = UsageAt(now, out var untilUsageChange) + additionalUsageRate;
            segEnd = Math.Min(segEnd, untilUsageChange);
            var powers = default(CommodityPowers);
            var seg = Segment(now, level, usage, ref powers);
            saturated |= seg.Saturated;
            var dt = segEnd;
            var hitsBoundary = false;
            var boundary = level;
            if (++segments < MaxSegments)
            {
                if (seg.Net > 0)
                {
                    boundary = NextBoundary(now, level, up: true);
                    var dtb = (boundary - level) / seg.Net;
                    if (dtb < dt)
                    {
                        dt = dtb;
                        hitsBoundary = true;
                    }
                }
                else if (seg.Net < 0)
                {
                    boundary = NextBoundary(now, level, up: false);
                    var dtb = (boundary - level) / seg.Net;
                    if (dtb < dt)
                    {
                        dt = dtb;
                        hitsBoundary = true;
                    }
                }
            }

            dt = Math.Max(dt, 0);
            var next = hitsBoundary ? boundary : level + (seg.Net * dt);
            if (next > _storageHi)
            {
                spilled += next - _storageHi;
                next = _storageHi;
                saturated = true;
            }
            else if (next < _storageLo)
            {
                unmet += _storageLo - next;
                next = _storageLo;
                saturated = true;
            }

            level = next;
            energy.AddScaled(powers, dt);
            supplied += seg.Supply * dt;
            leaked += seg.Leak * dt;
            used += usage * dt;
            unmet += seg.Unmet * dt;
            spilled += seg.Spilled * dt;
            elapsed = dt >= seconds - elapsed - 1e-12 ? seconds : elapsed + dt;
        }

        FillLevel = level;
        CompleteTransitions(t0 + Ticks.FromSeconds(seconds));
        energy.Scale(1.0 / seconds);
        return new FrbcStep(startLevel, level, energy, supplied / seconds, leaked / seconds, used / seconds, unmet, spilled, saturated);
    }

    private void CompleteTransitions(long t)
    {
        for (var a = 0; a < _actuators.Length; a++)
        {
            _actuators[a].Machine.CompleteUntil(t);
        }
    }

    /// <summary>Rates and powers at one instant, with the boundary and saturation rules applied.</summary>
    private SegmentRates Segment(long now, double level, double usage, ref CommodityPowers powers)
    {
        var interior = true;
        var supplyUp = Evaluate(now, level, downBias: false, _rateA, _powerA, ref interior);
        var leakUp = LeakageAt(level, downBias: false);
        var net = supplyUp - leakUp - usage;
        var rates = _rateA;
        var actPowers = _powerA;
        var leak = leakUp;

        // Strictly inside every element and leakage range, looking down finds the same elements: nothing to redo.
        if (net < 0 && !(interior && !OnLeakageBoundary(level)))
        {
            var supplyDown = Evaluate(now, level, downBias: true, _rateB, _powerB, ref interior);
            var leakDown = LeakageAt(level, downBias: true);
            var netDown = supplyDown - leakDown - usage;
            if (netDown > 0)
            {
                // The elements above push down, the ones below push up: stay at the boundary, mix the two.
                var w = netDown / (netDown - net);
                for (var a = 0; a < _actuators.Length; a++)
                {
                    powers.AddScaled(_powerA[a], w);
                    powers.AddScaled(_powerB[a], 1 - w);
                }

                return new SegmentRates(0, (w * supplyUp) + ((1 - w) * supplyDown), (w * leakUp) + ((1 - w) * leakDown), 0, 0, false);
            }

            rates = _rateB;
            actPowers = _powerB;
            leak = leakDown;
            net = netDown;
        }

        double unmet = 0, spilled = 0;
        var saturated = false;
        var scaleUp = 1.0;
        var scaleDown = 1.0;
        if (level >= _storageHi && net > 0)
        {
            saturated = true;
            var pos = 0.0;
            for (var a = 0; a < rates.Length; a++)
            {
                pos += Math.Max(rates[a], 0);
            }

            if (pos > 0)
            {
                scaleUp = Math.Max(0, (pos - net) / pos);
                net -= pos * (1 - scaleUp);
            }

            if (net > 0)
            {
                spilled = net;
            }

            net = 0;
        }
        else if (level <= _storageLo && net < 0)
        {
            saturated = true;
            var neg = 0.0;
            for (var a = 0; a < rates.Length; a++)
            {
                neg += Math.Min(rates[a], 0);
            }

            if (neg < 0)
            {
                scaleDown = Math.Max(0, (neg - net) / neg);
                net -= neg * (1 - scaleDown);
            }

            if (net < 0)
            {
                unmet = -net;
            }

            net = 0;
        }

        var supply = 0.0;
        for (var a = 0; a < rates.Length; a++)
        {
            var s = rates[a] > 0 ? scaleUp : rates[a] < 0 ? scaleDown : 1.0;
            supply += rates[a] * s;
            powers.AddScaled(actPowers[a], s);
        }

        return new SegmentRates(net, supply, leak, unmet, spilled, saturated);
    }

    /// <summary>Per actuator fill rate and power at <paramref name="level"/>; returns the summed fill rate.</summary>
    private double Evaluate(long now, double level, bool downBias, double[] rates, CommodityPowers[] powers, ref bool interior)
    {
        var total = 0.0;
        for (var a = 0; a < _actuators.Length; a++)
        {
            var data = _actuators[a];
            var sm = data.Machine;
            var mode = sm.EffectiveMode(now);
            var factor = sm.EffectiveFactor(now);
            powers[a].Clear();
            rates[a] = 0;
            var elements = data.Modes[mode];
            var k = FindElement(elements, level, downBias);
            if (k < 0)
            {
                interior = false;
                continue;
            }

            var e = elements[k];
            interior &= e.Lo < level && level < e.Hi;
            rates[a] = e.RateStart + (factor * (e.RateEnd - e.RateStart));
            for (var p = 0; p < e.Powers.Length; p++)
            {
                powers[a].Add(e.Powers[p].Quantity, e.Powers[p].At(factor));
            }

            total += rates[a];
        }

        return total;
    }

    private bool OnLeakageBoundary(double level)
    {
        for (var i = 0; i < _leakRate.Length; i++)
        {
            if (level == _leakLo[i] || level == _leakHi[i])
            {
                return true;
            }
        }

        return false;
    }

    private double LeakageAt(double level, bool downBias)
    {
        for (var i = 0; i < _leakRate.Length; i++)
        {
            if (downBias ? _leakLo[i] < level && level <= _leakHi[i] : _leakLo[i] <= level && level < _leakHi[i])
            {
                return _leakRate[i];
            }
        }

        for (var i = 0; i < _leakRate.Length; i++)
        {
            if (_leakLo[i] <= level && level <= _leakHi[i])
            {
                return _leakRate[i];
            }
        }

        return 0;
    }

    private double UsageAt(long now, out double secondsToChange)
    {
        if (_usageEnd.Length == 0)
        {
            secondsToChange = double.PositiveInfinity;
            return 0;
        }

        if (now < _usageStart)
        {
            secondsToChange = Ticks.ToSeconds(_usageStart - now);
            return 0;
        }

        for (var i = 0; i < _usageEnd.Length; i++)
        {
            if (now < _usageEnd[i])
            {
                secondsToChange = Ticks.ToSeconds(_usageEnd[i] - now);
                return _usageRate[i];
            }
        }

        secondsToChange = double.PositiveInfinity;
        return 0;
    }

    /// <summary>Nearest fill level strictly above (or below) <paramref name="level"/> where a rate may change.</summary>
    private double NextBoundary(long now, double level, bool up)
    {
        var best = up ? _storageHi : _storageLo;
        for (var a = 0; a < _actuators.Length; a++)
        {
            var elements = _actuators[a].Modes[_actuators[a].Machine.EffectiveMode(now)];
            for (var i = 0; i < elements.Length; i++)
            {
                best = Closer(best, elements[i].Lo, level, up);
                best = Closer(best, elements[i].Hi, level, up);
            }
        }

        for (var i = 0; i < _leakRate.Length; i++)
        {
            best = Closer(best, _leakLo[i], level, up);
            best = Closer(best, _leakHi[i], level, up);
        }

        return best;
    }

    private static double Closer(double best, double candidate, double level, bool up) =>
        up ? (candidate > level && candidate < best ? candidate : best) : (candidate < level && candidate > best ? candidate : best);
}
