using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The rule EMS's step over arrays: the same decisions as the planning EMS's per-connection loop, with the inputs and outputs held in locals.</summary>
public sealed partial class EmsService
{
    private BatteryArrays _batArrays = new([]);
    private BatteryMode[] _batModes = [];
    private double[] _batFactors = [];

    private void InitializeRule()
    {
        _batArrays = new BatteryArrays([.. _batControl.Select(c => c.Spec)]);
        _batModes = [.. _batControl.Select(c => c.Mode)];
        _batFactors = [.. _batControl.Select(c => c.Factor)];
    }

    private void StepRule(in StepContext step, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        double hours = step.ElapsedSeconds / 3600.0;
        // every connection has the market among its inputs (global routing): read the first stepped one's, as a stepped
        // asset reads only its own inputs (in a time tile, another chunk may be at another step)
        double da = _price.Entries > 0 ? _price.First(from) : 0;
        var demand = _demand.Binding.View();
        var s2dev = _s2.Binding.View();
        double[] s2Frac = _s2.Fractions, s2Tan = _s2.TanPhi;
        var pv = _pv.Binding.View();
        var hp = _hp.Binding.View();
        var hhp = _hhp.Binding.View();
        var evRequiredIn = _evRequired.View();
        var evMaxIn = _evMax.View();
        var batFill = _batFill.View();
        var batModeNow = _batModeNow.View();
        var batFactorNow = _batFactorNow.View();
        double hz = _hzSteps[step.Index];
        bool gridUp = _upSteps[step.Index];
        var prevNet = _prevNet;
        Span<double> batHzOut = _batHz, batUpOut = _batUp, batPrevOut = _batPrev;
        double[] demandFrac = _demand.Fractions, demandTan = _demand.TanPhi, pvFrac = _pv.Fractions, pvTan = _pv.TanPhi;
        double[] hpFrac = _hp.Fractions, hpTan = _hp.TanPhi, hhpFrac = _hhp.Fractions, hhpTan = _hhp.TanPhi;
        Span<double> p1 = _outP[0], p2 = _outP[1], p3 = _outP[2], q1 = _outQ[0], q2 = _outQ[1], q3 = _outQ[2], s1 = _outS[0], s2 = _outS[1], s3 = _outS[2];
        Span<double> netOut = _net, importOut = _import, exportOut = _export, consumptionOut = _consumption, pvOut = _pvPower, dispatchPv = _dispatchPv;
        Span<double> curtailedOut = _curtailed, dispatchEv = _dispatchEv, dispatchBattery = _dispatchBattery, buyOut = _buyPrice, gridCostOut = _gridCost, costOut = _cost;
        Span<double> batModeOut = _batMode, batFactorOut = _batFactor, batPvOut = _batPv, batLoadOut = _batLoad;
        var ems = _ems;
        var contracts = _contracts;
        var batteries = _batArrays;
        for (int i = from; i < to; i++)
        {
            var ph = default(PhasePower);
            double demandW = Add(demand, i, 1.0, demandFrac, demandTan, ref ph);
            if (_anyS2Device)
            {
                demandW += Add(s2dev, i, 1.0, s2Frac, s2Tan, ref ph);
            }

            double heat = 0, pvPotential = 0, ev = 0, battery = 0;
            if (ems[i])
            {
                heat = Add(hp, i, 1.0, hpFrac, hpTan, ref ph) + Add(hhp, i, 1.0, hhpFrac, hhpTan, ref ph);
                for (int j = pv.Start(i); j < pv.End(i); j++)
                {
                    pvPotential += pv.Value(j);
                }

                double evRequired = evRequiredIn.First(i);
                double evMax = Math.Max(evRequired, evMaxIn.First(i));
                double baseLoad = demandW + heat + evRequired - pvPotential;
                double surplus = Math.Max(-baseLoad, 0);
                double evExtra = Math.Min(evMax - evRequired, surplus);
                ev = evRequired + evExtra;
                if (batFill.Has(i))
                {
                    int j = batFill.Start(i);
                    double fill = batFill.Value(j);
                    double sitePv = pvPotential + Math.Max(-demandW, 0);
                    double siteLoad = Math.Max(demandW, 0) + heat + ev;
                    // a scheduled battery runs the mode it published as in effect; the others the EMS's standing instruction
                    bool scheduled = _batScheduled[j];
                    var mode = scheduled ? (BatteryMode)(int)batModeNow.First(i) : _batModes[j];
                    double factor = scheduled ? batFactorNow.First(i) : _batFactors[j];
                    if (BatteryArrays.Computes(mode))
                    {
                        battery = batteries.Setpoint(j, mode, factor, sitePv, siteLoad, fill, _dt);
                    }
                    else
                    {
                        double previous = prevNet[i];
                        var control = _batControl[j];
                        var limits = control.Limits(mode, fill, _dt);
                        battery = BatteryBehaviour.Setpoint(mode, factor, new SiteConditions(sitePv, siteLoad, hz, gridUp, previous), limits, control.Spec, fill);
                        batHzOut[i] = hz;
                        batUpOut[i] = gridUp ? 1 : 0;
                        batPrevOut[i] = previous;
                    }
                    batModeOut[i] = (int)mode;
                    batFactorOut[i] = factor;
                    batPvOut[i] = sitePv;
                    batLoadOut[i] = siteLoad;
                }

                if (pvPotential > 0)
                {
                    Add(pv, i, -1.0, pvFrac, pvTan, ref ph);
                }

                AddDevice(i, ev, _evMax, _evFrac, _evTan, ref ph);
                AddDevice(i, battery, _batFill, _batFrac, _batTan, ref ph);
            }

            double total = ph.P1 + ph.P2 + ph.P3;
            prevNet[i] = total;
            p1[i] = ph.P1;
            p2[i] = ph.P2;
            p3[i] = ph.P3;
            q1[i] = ph.Q1;
            q2[i] = ph.Q2;
            q3[i] = ph.Q3;
            s1[i] = Math.Sqrt((ph.P1 * ph.P1) + (ph.Q1 * ph.Q1));
            s2[i] = Math.Sqrt((ph.P2 * ph.P2) + (ph.Q2 * ph.Q2));
            s3[i] = Math.Sqrt((ph.P3 * ph.P3) + (ph.Q3 * ph.Q3));

            double imp = total > 0 ? total : 0;
            double exp = total < 0 ? -total : 0;
            var contract = contracts[i];
            double buy = contract.Buy(da);
            double sell = contract.Sell(da);
            netOut[i] = total;
            importOut[i] = imp;
            exportOut[i] = exp;
            consumptionOut[i] = Math.Max(demandW, 0) + heat + ev;
            pvOut[i] = pvPotential - 0 + Math.Max(-demandW, 0);
            dispatchPv[i] = -(pvPotential - 0);
            curtailedOut[i] = 0;
            dispatchEv[i] = ev;
            dispatchBattery[i] = battery;
            buyOut[i] = buy;
            double gridCost = BookTariff(i, step.Index - 1, imp * hours, exp * hours, ev * hours);
            gridCostOut[i] = gridCost;
            costOut[i] = (((imp * buy) - (exp * sell)) * hours / 1000.0) + gridCost;
        }
    }

    /// <summary>As <see cref="Group.Add"/> over a local view.</summary>
    private static double Add(in InputView view, int site, double scale, double[] fractions, double[] tanPhi, ref PhasePower ph)
    {
        double total = 0;
        for (int j = view.Start(site); j < view.End(site); j++)
        {
            double v = view.Value(j);
            total += v;
            double p = v * scale;
            ph.Add(p, p * tanPhi[j], fractions, j * 3);
        }

        return total;
    }
}
