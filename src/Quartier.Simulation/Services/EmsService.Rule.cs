using System.Runtime.Intrinsics;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The rule EMS's step over arrays: the same decisions as the planning EMS's per-connection loop, with the inputs and outputs held in locals.</summary>
public sealed partial class EmsService
{
    private BatteryArrays _batArrays = new([]);
    private BatteryMode[] _batModes = [];
    private double[] _batFactors = [];

    // per battery: its standing mode as a number, and whether the EMS works out its setpoint from PV, load and limits alone
    private double[] _batModeCodes = [];
    private bool[] _batPlain = [];

    private ContractPrices _prices = new([]);

    private void InitializeRule()
    {
        _prices = new ContractPrices(_contracts);
        _evByPhase = ByPhase(_evFrac);
        _batByPhase = ByPhase(_batFrac);
        _batArrays = new BatteryArrays([.. _batControl.Select(c => c.Spec)]);
        _batModes = [.. _batControl.Select(c => c.Mode)];
        _batFactors = [.. _batControl.Select(c => c.Factor)];
        _batModeCodes = [.. _batModes.Select(m => (double)(int)m)];
        _batPlain = [.. _batModes.Select((m, j) => !_batScheduled[j] && BatteryArrays.Computes(m))];
    }

    /// <summary>Connections a pass of <see cref="StepRule"/> takes at once: few enough that its scratch stays on the stack and in L1.</summary>
    private const int RuleBlock = 64;

    /// <summary>
    /// The rule EMS over connections <paramref name="from"/> … <paramref name="to"/> − 1, in blocks of <see cref="RuleBlock"/>
    /// and a few passes per block (loads, decisions, device phases, outputs), each with few values live, so that they stay in
    /// registers; every connection sees the same operations in the same order as one loop would give it.
    /// </summary>
    private void StepRule(in StepContext step, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        // every connection has the market among its inputs (global routing): read the first stepped one's, as a stepped
        // asset reads only its own inputs (in a time tile, another chunk may be at another step)
        double da = _price.Entries > 0 ? _price.First(from) : 0;
        Span<double> scratch = stackalloc double[RuleBlock * ScratchRows];
        for (int b0 = from; b0 < to; b0 += RuleBlock)
        {
            int b1 = Math.Min(to, b0 + RuleBlock);
            RuleLoads(b0, b1, scratch);
            RuleDecisions(step, b0, b1, scratch);
            RuleDevices(b0, b1, scratch);
            RuleOutputs(step, da, b0, b1, scratch);
        }
    }

    // rows of the scratch: phase powers, then the site's quantities
    private const int RowP1 = 0, RowP2 = 1, RowP3 = 2, RowQ1 = 3, RowQ2 = 4, RowQ3 = 5, RowDemand = 6, RowHeat = 7, RowPv = 8, RowEv = 9, RowBattery = 10;
    private const int ScratchRows = 11;

    private static PhasePower LoadPhases(Span<double> scratch, int r) => new()
    {
        P1 = scratch[(RowP1 * RuleBlock) + r],
        P2 = scratch[(RowP2 * RuleBlock) + r],
        P3 = scratch[(RowP3 * RuleBlock) + r],
        Q1 = scratch[(RowQ1 * RuleBlock) + r],
        Q2 = scratch[(RowQ2 * RuleBlock) + r],
        Q3 = scratch[(RowQ3 * RuleBlock) + r],
    };

    private static void StorePhases(Span<double> scratch, int r, in PhasePower ph)
    {
        scratch[(RowP1 * RuleBlock) + r] = ph.P1;
        scratch[(RowP2 * RuleBlock) + r] = ph.P2;
        scratch[(RowP3 * RuleBlock) + r] = ph.P3;
        scratch[(RowQ1 * RuleBlock) + r] = ph.Q1;
        scratch[(RowQ2 * RuleBlock) + r] = ph.Q2;
        scratch[(RowQ3 * RuleBlock) + r] = ph.Q3;
    }

    /// <summary>
    /// Demand, S2 devices and (with an EMS) heat pumps on the phases; the PV potential. Group by group over the block, so
    /// that each connection gets the groups in the order one loop would give them; a group whose connections each read one
    /// device, one after the other, four connections at a time.
    /// </summary>
    private void RuleLoads(int b0, int b1, Span<double> scratch)
    {
        int n = b1 - b0;
        scratch[..(6 * RuleBlock)].Clear();
        var demandW = scratch.Slice(RowDemand * RuleBlock, n);
        var heat = scratch.Slice(RowHeat * RuleBlock, n);
        var pvPotential = scratch.Slice(RowPv * RuleBlock, n);
        var more = scratch.Slice(RowEv * RuleBlock, n);
        AddGroup(_demand, b0, n, null, scratch, demandW);
        if (_anyS2Device)
        {
            AddGroup(_s2, b0, n, null, scratch, more);
            for (int r = 0; r < n; r++)
            {
                demandW[r] += more[r];
            }
        }

        AddGroup(_hp, b0, n, _ems, scratch, heat);
        AddGroup(_hhp, b0, n, _ems, scratch, more);
        var ems = _ems;
        var pv = _pv.Binding.View();
        int r0 = 0;
        if (Vector256.IsHardwareAccelerated && pv.TryDense(b0, n, out var pvValues))
        {
            // one PV entry per connection, in order: the same sums (0 + the entry) four connections at a time
            var zero = Vector256<double>.Zero;
            for (; r0 + 4 <= n; r0 += 4)
            {
                int i = b0 + r0;
                var use = Lanes(ems, i);
                var h = Vector256.Create(heat.Slice(r0, 4));
                Vector256.ConditionalSelect(use, h + Vector256.Create(more.Slice(r0, 4)), zero).CopyTo(heat.Slice(r0, 4));
                Vector256.ConditionalSelect(use, zero + Vector256.Create(pvValues.Slice(r0, 4)), zero).CopyTo(pvPotential.Slice(r0, 4));
            }
        }

        for (int r = r0; r < n; r++)
        {
            int i = b0 + r;
            double potential = 0;
            if (ems[i])
            {
                heat[r] += more[r];
                for (int j = pv.Start(i); j < pv.End(i); j++)
                {
                    potential += pv.Value(j);
                }
            }
            else
            {
                heat[r] = 0;
            }

            pvPotential[r] = potential;
        }
    }

    /// <summary>
    /// Adds every entry of <paramref name="group"/> to the phases of the connections b0 … b0 + n − 1 (those of <paramref name="only"/>
    /// where given), as <see cref="Add"/> would one connection at a time; each connection's unscaled total into <paramref name="totals"/>
    /// (0 where <paramref name="only"/> leaves it out).
    /// </summary>
    private static void AddGroup(Group group, int b0, int n, bool[]? only, Span<double> scratch, Span<double> totals)
    {
        var view = group.Binding.View();
        if (group.Binding.Entries == 0)
        {
            totals.Clear();
            return;
        }

        int r = 0;
        if (Vector256.IsHardwareAccelerated && view.TryDense(b0, n, out var values))
        {
            var byPhase = group.ByPhase;
            var tan = group.TanPhi;
            var zero = Vector256<double>.Zero;
            for (; r + 4 <= n; r += 4)
            {
                int i = b0 + r;
                var use = only is null ? Vector256<double>.AllBitsSet : Lanes(only, i);
                var v = Vector256.Create(values.Slice(r, 4));
                AddPhases(scratch, r, use, v * Vector256<double>.One, tan, byPhase, i);
                Vector256.ConditionalSelect(use, zero + v, zero).CopyTo(totals.Slice(r, 4));
            }
        }

        for (; r < n; r++)
        {
            int i = b0 + r;
            if (only is not null && !only[i])
            {
                totals[r] = 0;
                continue;
            }

            var ph = LoadPhases(scratch, r);
            totals[r] = Add(view, i, 1.0, group.Fractions, group.TanPhi, ref ph);
            StorePhases(scratch, r, ph);
        }
    }

    /// <summary>A mask with the lanes of entries i … i + 3 that <paramref name="flags"/> sets.</summary>
    private static Vector256<double> Lanes(bool[] flags, int i) =>
        Vector256.Create(Mask(flags[i]), Mask(flags[i + 1]), Mask(flags[i + 2]), Mask(flags[i + 3])).AsDouble();

    private static long Mask(bool on) => on ? -1L : 0L;

    /// <summary>Adds <paramref name="v"/> to the lanes of a scratch row that <paramref name="use"/> selects.</summary>
    private static void AddRow(Span<double> scratch, int row, int r, Vector256<double> use, Vector256<double> v)
    {
        var slot = scratch.Slice((row * RuleBlock) + r, 4);
        var now = Vector256.Create(slot);
        Vector256.ConditionalSelect(use, now + v, now).CopyTo(slot);
    }

    /// <summary>With an EMS: the EV's power (what it needs, then PV surplus) and the battery's setpoint in its mode.</summary>
    private void RuleDecisions(in StepContext step, int b0, int b1, Span<double> scratch)
    {
        var evRequiredIn = _evRequired.View();
        var evMaxIn = _evMax.View();
        var batFill = _batFill.View();
        var batModeNow = _batModeNow.View();
        var batFactorNow = _batFactorNow.View();
        var batCharge = _batMaxCharge.View();
        var batDischarge = _batMaxDischarge.View();
        bool limitsPublished = _batLimitsPublished;
        var ems = _ems;
        var batteries = _batArrays;
        var scheduledAt = _batScheduled;
        var modes = _batModes;
        var factors = _batFactors;
        Span<double> batModeOut = _batMode, batFactorOut = _batFactor, batPvOut = _batPv, batLoadOut = _batLoad;
        int dt = _dt;
        int n = b1 - b0;
        ReadOnlySpan<double> evRequiredValues = default, evMaxValues = default, chargeValues = default, dischargeValues = default;
        bool vector = Vector256.IsHardwareAccelerated && limitsPublished && evRequiredIn.TryDense(b0, n, out evRequiredValues) && evMaxIn.TryDense(b0, n, out evMaxValues)
            && batFill.TryDense(b0, n, out _) && batCharge.TryDense(b0, n, out chargeValues) && batDischarge.TryDense(b0, n, out dischargeValues);
        var plain = _batPlain;
        for (int i = b0; i < b1; i++)
        {
            int r = i - b0;

            // four connections at a time where each has an EMS and a battery in a standing mode the arrays compute (entry j = connection i)
            if (vector && i + 4 <= b1 && ems[i] && ems[i + 1] && ems[i + 2] && ems[i + 3] && plain[i] && plain[i + 1] && plain[i + 2] && plain[i + 3])
            {
                DecideFour(i, r, scratch, evRequiredValues, evMaxValues, chargeValues, dischargeValues, batModeOut, batFactorOut, batPvOut, batLoadOut);
                i += 3;
                continue;
            }

            double ev = 0, battery = 0;
            if (ems[i])
            {
                double demandW = scratch[(RowDemand * RuleBlock) + r];
                double heat = scratch[(RowHeat * RuleBlock) + r];
                double pvPotential = scratch[(RowPv * RuleBlock) + r];
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
                    bool scheduled = scheduledAt[j];
                    var mode = scheduled ? (BatteryMode)(int)batModeNow.First(i) : modes[j];
                    double factor = scheduled ? batFactorNow.First(i) : factors[j];
                    battery = !BatteryArrays.Computes(mode) ? GridSetpoint(step, i, j, mode, factor, sitePv, siteLoad, fill)
                        : limitsPublished ? batteries.SetpointWithin(j, mode, factor, sitePv, siteLoad, batCharge.First(i), batDischarge.First(i))
                        : batteries.Setpoint(j, mode, factor, sitePv, siteLoad, fill, dt);
                    batModeOut[i] = (int)mode;
                    batFactorOut[i] = factor;
                    batPvOut[i] = sitePv;
                    batLoadOut[i] = siteLoad;
                }
            }

            scratch[(RowEv * RuleBlock) + r] = ev;
            scratch[(RowBattery * RuleBlock) + r] = battery;
        }
    }

    /// <summary>
    /// <see cref="RuleDecisions"/> for connections i … i + 3, each with an EMS and a battery (entry = connection) in a standing mode
    /// that <see cref="BatteryArrays.Computes"/>, with the battery's published limits: the same operations per connection, four at a time.
    /// </summary>
    private void DecideFour(int i, int r, Span<double> scratch, ReadOnlySpan<double> evRequiredValues, ReadOnlySpan<double> evMaxValues, ReadOnlySpan<double> chargeValues,
        ReadOnlySpan<double> dischargeValues, Span<double> batModeOut, Span<double> batFactorOut, Span<double> batPvOut, Span<double> batLoadOut)
    {
        var zero = Vector256<double>.Zero;
        var parameters = _batArrays.SetpointParameters;
        var demandW = Vector256.Create(scratch.Slice((RowDemand * RuleBlock) + r, 4));
        var heat = Vector256.Create(scratch.Slice((RowHeat * RuleBlock) + r, 4));
        var pvPotential = Vector256.Create(scratch.Slice((RowPv * RuleBlock) + r, 4));
        var evRequired = Vector256.Create(evRequiredValues.Slice(r, 4));
        var evMax = Vector256.Max(evRequired, Vector256.Create(evMaxValues.Slice(r, 4)));
        var baseLoad = demandW + heat + evRequired - pvPotential;
        var surplus = Vector256.Max(-baseLoad, zero);
        var ev = evRequired + Vector256.Min(evMax - evRequired, surplus);
        var sitePv = pvPotential + Vector256.Max(-demandW, zero);
        var siteLoad = Vector256.Max(demandW, zero) + heat + ev;
        var mode = Vector256.Create(_batModeCodes.AsSpan(i, 4));
        var factor = Vector256.Create(_batFactors.AsSpan(i, 4));
        var battery = BatteryArrays.SetpointWithin(mode, factor, sitePv, siteLoad, Vector256.Create(chargeValues.Slice(r, 4)), Vector256.Create(dischargeValues.Slice(r, 4)),
            Vector256.Create(parameters[0].AsSpan(i, 4)), Vector256.Create(parameters[1].AsSpan(i, 4)), Vector256.Create(parameters[2].AsSpan(i, 4)), Vector256.Create(parameters[3].AsSpan(i, 4)));
        mode.CopyTo(batModeOut.Slice(i, 4));
        factor.CopyTo(batFactorOut.Slice(i, 4));
        sitePv.CopyTo(batPvOut.Slice(i, 4));
        siteLoad.CopyTo(batLoadOut.Slice(i, 4));
        ev.CopyTo(scratch.Slice((RowEv * RuleBlock) + r, 4));
        battery.CopyTo(scratch.Slice((RowBattery * RuleBlock) + r, 4));
    }

    /// <summary>The setpoint of a battery in a mode that reads the grid's frequency, availability or the site's last net power.</summary>
    private double GridSetpoint(in StepContext step, int i, int j, BatteryMode mode, double factor, double sitePv, double siteLoad, double fill)
    {
        double hz = _hzSteps[step.Index];
        bool gridUp = _upSteps[step.Index];
        double previous = _prevNet[i];
        var control = _batControl[j];
        var limits = control.Limits(mode, fill, _dt);
        double battery = BatteryBehaviour.Setpoint(mode, factor, new SiteConditions(sitePv, siteLoad, hz, gridUp, previous), limits, control.Spec, fill);
        _batHz[i] = hz;
        _batUp[i] = gridUp ? 1 : 0;
        _batPrev[i] = previous;
        return battery;
    }

    /// <summary>
    /// With an EMS: PV, EV and battery on the phases. Where each connection reads one PV system, one charger and one battery,
    /// one after the other, four connections at a time (the same operations per connection as <see cref="AddDevice"/>, in
    /// the same order: PV, EV, battery); the rest one at a time.
    /// </summary>
    private void RuleDevices(int b0, int b1, Span<double> scratch)
    {
        var pv = _pv.Binding.View();
        double[] pvFrac = _pv.Fractions, pvTan = _pv.TanPhi;
        var ems = _ems;
        int n = b1 - b0, r = 0;
        if (Vector256.IsHardwareAccelerated && pv.TryDense(b0, n, out var pvValues) && _evMax.View().TryDense(b0, n, out _) && _batFill.View().TryDense(b0, n, out _))
        {
            var pvPhases = _pv.ByPhase;
            var evPhases = _evByPhase;
            var batPhases = _batByPhase;
            var zero = Vector256<double>.Zero;
            for (; r + 4 <= n; r += 4)
            {
                int i = b0 + r;
                var use = Lanes(ems, i);
                var potential = Vector256.Create(scratch.Slice((RowPv * RuleBlock) + r, 4));
                var p = Vector256.Create(pvValues.Slice(r, 4)) * Vector256.Create(-1.0);
                AddPhases(scratch, r, use & Vector256.GreaterThan(potential, zero), p, pvTan, pvPhases, i);
                var ev = Vector256.Create(scratch.Slice((RowEv * RuleBlock) + r, 4));
                AddPhases(scratch, r, use & ~Vector256.Equals(ev, zero), ev, _evTan, evPhases, i);
                var battery = Vector256.Create(scratch.Slice((RowBattery * RuleBlock) + r, 4));
                AddPhases(scratch, r, use & ~Vector256.Equals(battery, zero), battery, _batTan, batPhases, i);
            }
        }

        for (; r < n; r++)
        {
            int i = b0 + r;
            if (!ems[i])
            {
                continue;
            }

            var ph = LoadPhases(scratch, r);
            if (scratch[(RowPv * RuleBlock) + r] > 0)
            {
                Add(pv, i, -1.0, pvFrac, pvTan, ref ph);
            }

            AddDevice(i, scratch[(RowEv * RuleBlock) + r], _evMax, _evFrac, _evTan, ref ph);
            AddDevice(i, scratch[(RowBattery * RuleBlock) + r], _batFill, _batFrac, _batTan, ref ph);
            StorePhases(scratch, r, ph);
        }
    }

    // the EV's and the battery's phase shares by phase (see Group.ByPhase)
    private double[][] _evByPhase = [];
    private double[][] _batByPhase = [];

    /// <summary>Per-entry phase shares (entry j's at 3j … 3j + 2) as three arrays by phase.</summary>
    private static double[][] ByPhase(double[] fractions) =>
        [.. Enumerable.Range(0, 3).Select(f => Enumerable.Range(0, fractions.Length / 3).Select(j => fractions[(j * 3) + f]).ToArray())];

    /// <summary>As <see cref="PhasePower.Add"/> for the lanes <paramref name="use"/> selects: power <paramref name="p"/> of entries i … i + 3.</summary>
    private static void AddPhases(Span<double> scratch, int r, Vector256<double> use, Vector256<double> p, double[] tan, double[][] byPhase, int i)
    {
        var q = p * Vector256.Create(tan.AsSpan(i, 4));
        var f1 = Vector256.Create(byPhase[0].AsSpan(i, 4));
        var f2 = Vector256.Create(byPhase[1].AsSpan(i, 4));
        var f3 = Vector256.Create(byPhase[2].AsSpan(i, 4));
        AddRow(scratch, RowP1, r, use, p * f1);
        AddRow(scratch, RowP2, r, use, p * f2);
        AddRow(scratch, RowP3, r, use, p * f3);
        AddRow(scratch, RowQ1, r, use, q * f1);
        AddRow(scratch, RowQ2, r, use, q * f2);
        AddRow(scratch, RowQ3, r, use, q * f3);
    }

    /// <summary>
    /// The connection's outputs: phases, net, import and export, and what they cost. Over the block's rows four connections
    /// at a time (the same IEEE operations per lane as one at a time: the results are the same bits), the rest one by one.
    /// </summary>
    private void RuleOutputs(in StepContext step, double da, int b0, int b1, Span<double> scratch)
    {
        double hours = step.ElapsedSeconds / 3600.0;
        int n = b1 - b0;
        var prevNet = _prevNet.AsSpan(b0, n);
        ReadOnlySpan<double> sp1 = Row(scratch, RowP1, n), sp2 = Row(scratch, RowP2, n), sp3 = Row(scratch, RowP3, n);
        ReadOnlySpan<double> sq1 = Row(scratch, RowQ1, n), sq2 = Row(scratch, RowQ2, n), sq3 = Row(scratch, RowQ3, n);
        RuleKernels.Apparent(sp1, sq1, _outP[0].AsSpan(b0, n), _outQ[0].AsSpan(b0, n), _outS[0].AsSpan(b0, n));
        RuleKernels.Apparent(sp2, sq2, _outP[1].AsSpan(b0, n), _outQ[1].AsSpan(b0, n), _outS[1].AsSpan(b0, n));
        RuleKernels.Apparent(sp3, sq3, _outP[2].AsSpan(b0, n), _outQ[2].AsSpan(b0, n), _outS[2].AsSpan(b0, n));
        RuleKernels.Net(sp1, sp2, sp3, prevNet, _net.AsSpan(b0, n), _import.AsSpan(b0, n), _export.AsSpan(b0, n));
        ReadOnlySpan<double> demand = Row(scratch, RowDemand, n), heat = Row(scratch, RowHeat, n), pv = Row(scratch, RowPv, n), ev = Row(scratch, RowEv, n);
        RuleKernels.Site(demand, heat, pv, ev, _consumption.AsSpan(b0, n), _pvPower.AsSpan(b0, n), _dispatchPv.AsSpan(b0, n));
        _curtailed.AsSpan(b0, n).Clear();
        ev.CopyTo(_dispatchEv.AsSpan(b0, n));
        Row(scratch, RowBattery, n).CopyTo(_dispatchBattery.AsSpan(b0, n));

        // prices four connections at a time as their contracts give them (the sell price into a row no longer needed, a
        // reactive phase), grid tariffs one by one; then the cost four at a time
        Span<double> buy = _buyPrice.AsSpan(b0, n), sell = scratch.Slice(RowQ2 * RuleBlock, n), gridCost = _gridCost.AsSpan(b0, n);
        _prices.At(da, b0, buy, sell);
        if (_tariff.IsEmpty)
        {
            gridCost.Clear();
        }
        else
        {
            int k = step.Index - 1;
            for (int r = 0; r < n; r++)
            {
                double total = prevNet[r];
                double imp = total > 0 ? total : 0;
                double exp = total < 0 ? -total : 0;
                gridCost[r] = BookTariff(b0 + r, k, imp * hours, exp * hours, ev[r] * hours);
            }
        }

        RuleKernels.Cost(prevNet, buy, sell, gridCost, hours, _cost.AsSpan(b0, n));
    }

    private static ReadOnlySpan<double> Row(Span<double> scratch, int row, int n) => scratch.Slice(row * RuleBlock, n);

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
