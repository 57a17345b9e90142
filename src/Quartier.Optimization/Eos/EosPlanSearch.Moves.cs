using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>The local search moves: hour moves, EV pair moves, appliance moves, battery swaps and the battery dynamic programme.</summary>
internal sealed partial class EosPlanSearch
{
    /// <summary>Per hour, the best combination of battery state and EV factor with everything else fixed.</summary>
    private bool HourMoves()
    {
        bool improved = false;
        int rates = _rates.Length;
        for (int h = _start; h < _n; h++)
        {
            _cancellation.ThrowIfCancellationRequested();
            int s0 = _bs[h], i0 = _ei[h];
            int bestS = s0, bestI = i0;
            double best = _eval.Objective;
            for (int s = 0; s < _states; s++)
            {
                SetBattery(h, s);
                for (int i = 0; i < rates; i++)
                {
                    if (s == s0 && i == i0)
                    {
                        continue;
                    }

                    SetEv(h, i);
                    double v = _eval.Evaluate(h);
                    if (Better(v, best))
                    {
                        best = v;
                        bestS = s;
                        bestI = i;
                    }
                }

                SetEv(h, i0);
            }

            SetBattery(h, bestS);
            SetEv(h, bestI);
            if (bestS != s0 || bestI != i0)
            {
                Commit(h);
                improved = true;
            }
        }

        return improved;
    }

    /// <summary>Moves EV charging from hour <c>a</c> to hour <c>b</c>: each lower factor at <c>a</c> with the factor at <c>b</c> that makes up for it and its two neighbours.</summary>
    private bool EvPairMoves()
    {
        if (_rates.Length < 2)
        {
            return false;
        }

        bool improved = false;
        int top = _rates.Length - 1;
        for (int a = _start; a < _n; a++)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (_ei[a] == 0)
            {
                continue;
            }

            for (int b = _start; b < _n; b++)
            {
                if (b == a || _ei[b] == top)
                {
                    continue;
                }

                int a0 = _ei[a], b0 = _ei[b];
                int bestA = a0, bestB = b0;
                double best = _eval.Objective;
                int from = Math.Min(a, b);
                for (int ia = 0; ia < a0; ia++)
                {
                    SetEv(a, ia);

                    // The factor at b that makes up for the energy taken from a, and its neighbours.
                    int match = Compensating(b0, _rates[a0] - _rates[ia]);
                    int lo = Math.Max(b0 + 1, match - 1), hi = Math.Min(top, match + 1);
                    for (int ib = lo; ib <= hi; ib++)
                    {
                        SetEv(b, ib);
                        double v = _eval.Evaluate(from);
                        if (Better(v, best))
                        {
                            best = v;
                            bestA = ia;
                            bestB = ib;
                        }
                    }
                }

                SetEv(a, bestA);
                SetEv(b, bestB);
                if (bestA != a0 || bestB != b0)
                {
                    Commit(from);
                    improved = true;
                    if (_ei[a] == 0)
                    {
                        break;
                    }
                }
            }
        }

        return improved;
    }

    /// <summary>The lowest EV factor index above <paramref name="index"/> adding at least <paramref name="energy"/> (as a factor), or the top one.</summary>
    private int Compensating(int index, double energy)
    {
        for (int i = index + 1; i < _rates.Length; i++)
        {
            if (_rates[i] - _rates[index] >= energy - 1e-9)
            {
                return i;
            }
        }

        return _rates.Length - 1;
    }

    /// <summary>Moves the appliance to the best other start with everything else fixed.</summary>
    private bool ApplianceMoves()
    {
        if (_applianceStarts.Length < 2)
        {
            return false;
        }

        int current = _washStart;
        int bestStart = current;
        double best = _eval.Objective;
        foreach (int s in _applianceStarts)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (s == current)
            {
                continue;
            }

            SetAppliance(s);
            double v = _eval.Evaluate(Math.Min(s, current));
            if (Better(v, best))
            {
                best = v;
                bestStart = s;
            }
        }

        SetAppliance(bestStart);
        if (bestStart == current)
        {
            return false;
        }

        Commit(Math.Min(bestStart, current));
        return true;
    }

    /// <summary>Swaps the battery states of two hours.</summary>
    private bool BatterySwaps()
    {
        if (_states < 2)
        {
            return false;
        }

        bool improved = false;
        for (int a = _start; a < _n; a++)
        {
            _cancellation.ThrowIfCancellationRequested();
            for (int b = a + 1; b < _n; b++)
            {
                int sa = _bs[a], sb = _bs[b];
                if (sa == sb)
                {
                    continue;
                }

                SetBattery(a, sb);
                SetBattery(b, sa);
                double v = _eval.Evaluate(a);
                if (Better(v, _eval.Objective))
                {
                    _eval.Accept();
                    improved = true;
                }
                else
                {
                    SetBattery(a, sa);
                    SetBattery(b, sb);
                }
            }
        }

        return improved;
    }

    /// <summary>
    /// Re-plans every battery state for the fixed vehicle and appliance: a forward dynamic programme over the SoC with one
    /// label (exact SoC and cost so far) per bin; labels in a bin compete on cost − λ·SoC. The result is scored exactly and
    /// kept only if it is better.
    /// </summary>
    private bool DynamicProgramme()
    {
        const int bins = Bins;
        var battery = _eval.Battery;
        if (battery is null || _states < 2)
        {
            return false;
        }

        for (int h = _start; h < _n; h++)
        {
            _consumption[h] = _eval.ConsumptionBeforeInverter(h);
        }

        double initial = _eval.BatterySocAt(_start);
        double lo = Math.Min(battery.MinSocWh, initial);
        double hi = Math.Max(battery.MaxSocWh, initial);
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        double lambda = Lambda();

        _dpKey.AsSpan(0, bins).Fill(double.PositiveInfinity);
        int b0 = Bin(initial, lo, width, bins);
        _dpSoc[b0] = initial;
        _dpAcc[b0] = 0.0;
        _dpKey[b0] = 0.0;

        for (int h = _start; h < _n; h++)
        {
            _cancellation.ThrowIfCancellationRequested();
            _dpNextKey.AsSpan(0, bins).Fill(double.PositiveInfinity);
            int row = h * bins;
            double consumption = _consumption[h];
            for (int b = 0; b < bins; b++)
            {
                if (double.IsPositiveInfinity(_dpKey[b]))
                {
                    continue;
                }

                for (int s = 0; s < _states; s++)
                {
                    double soc = _dpSoc[b];
                    double ac = s >= 2 ? _levels[s - 2] : 0.0;
                    double cost = _eval.BatteryHour(h, consumption, ref soc, ac, s == 1 ? 1.0 : 0.0);
                    double acc = _dpAcc[b] + cost;
                    double key = acc - (lambda * soc);
                    int nb = Bin(soc, lo, width, bins);
                    if (key < _dpNextKey[nb])
                    {
                        _dpNextKey[nb] = key;
                        _dpNextSoc[nb] = soc;
                        _dpNextAcc[nb] = acc;
                        _dpParent[row + nb] = b;
                        _dpChoice[row + nb] = s;
                    }
                }
            }

            Array.Copy(_dpNextKey, _dpKey, bins);
            Array.Copy(_dpNextSoc, _dpSoc, bins);
            Array.Copy(_dpNextAcc, _dpAcc, bins);
        }

        int bestBin = -1;
        double bestValue = double.PositiveInfinity;
        for (int b = 0; b < bins; b++)
        {
            if (double.IsPositiveInfinity(_dpKey[b]))
            {
                continue;
            }

            double v = _dpAcc[b] - _eval.ResidualValue(_dpSoc[b]);
            if (v < bestValue)
            {
                bestValue = v;
                bestBin = b;
            }
        }

        var saved = (int[])_bs.Clone();
        int bin = bestBin;
        for (int h = _n - 1; h >= _start; h--)
        {
            int row = h * bins;
            SetBattery(h, _dpChoice[row + bin]);
            bin = _dpParent[row + bin];
        }

        int first = _start;
        while (first < _n && _bs[first] == saved[first])
        {
            first++;
        }

        if (first == _n)
        {
            return false;
        }

        double candidate = _eval.Evaluate(first);
        if (Better(candidate, _eval.Objective))
        {
            _eval.Accept();
            return true;
        }

        for (int h = _start; h < _n; h++)
        {
            SetBattery(h, saved[h]);
        }

        return false;
    }

    private static int Bin(double soc, double lo, double width, int bins)
    {
        int b = (int)((soc - lo) / width);
        return b < 0 ? 0 : b >= bins ? bins - 1 : b;
    }
}
