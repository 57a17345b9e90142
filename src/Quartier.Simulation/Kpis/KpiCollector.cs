using System.Runtime.Intrinsics;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Kpis;

/// <summary>
/// Accumulates a run's key figures step by step (no allocation): energy imported and exported, consumption,
/// PV, self-consumption and self-sufficiency, peak import, transformer peak loading, energy cost, EV
/// departure shortfall and heat-pump comfort; for the system and for each connection. Self-consumption and
/// self-sufficiency are not clamped to 0–100 %: a value outside it shows grid energy passing through a battery
/// (charged from or discharged to the grid) or an energy-balance error, and neither may be hidden.
/// </summary>
public sealed class KpiCollector : IChunkObserver, IKpiTerms
{
    private Signal? _import, _export, _consumption, _pv, _cost, _net, _shortfall;
    private Signal[] _loading = [];
    private Signal[] _deficits = [];
    private double[] _imp = [], _exp = [], _cons = [], _pvE = [], _costSum = [], _peak = [], _curt = [];
    private long[] _netUnits = [];
    private long _comfortSteps;
    private double _loadingPeak, _hours;
    private bool _priced;
    private bool _chunked;
    private Signal? _curtail;
    private double[] _v = [];
    private CoSimulation? _sim;
    private IReadOnlyList<Asset> _sites = [];

    public void Attach(CoSimulation simulation)
    {
        _v = simulation.Values;
        _sim = simulation;
        _import = simulation.FindSignal("EConnection/" + EmsService.ImportPower);
        _export = simulation.FindSignal("EConnection/" + EmsService.ExportPower);
        _consumption = simulation.FindSignal("EConnection/" + EmsService.ConsumptionPower);
        _pv = simulation.FindSignal("EConnection/" + EmsService.PvPower);
        _cost = simulation.FindSignal("EConnection/" + EmsService.Cost);
        _net = simulation.FindSignal("EConnection/" + EmsService.NetPower);
        _curtail = simulation.FindSignal("EConnection/" + EmsService.Curtailed);
        _loading = simulation.Signals.Where(s => string.Equals(s.Name, "Transformer/" + TransformerService.Loading, StringComparison.OrdinalIgnoreCase)).ToArray();
        _shortfall = simulation.FindSignal("EVChargingStation/" + EvChargingService.Shortfall);
        _deficits = simulation.Signals.Where(s => s.Output.Name == HeatPumpService.ComfortDeficit).ToArray();
        _sites = _import?.Assets ?? [];
        int n = _sites.Count;
        _imp = new double[n];
        _exp = new double[n];
        _cons = new double[n];
        _pvE = new double[n];
        _costSum = new double[n];
        _peak = new double[n];
        _curt = new double[n];
        _netUnits = new long[simulation.Grid.Count + 1];
        _hours = simulation.Grid.StepSeconds / 3600.0;
        _priced = simulation.System.OfKind(AssetKind.EnergyMarket).Any()
            || _sites.Any(s => s.Parameters is { } p && p.TryGetProperty("price", out _));
    }

    public void AfterStep(int step)
    {
        if (_import is null || _chunked)
        {
            return;
        }

        var sim = _sim!;
        _netUnits[step] = Connections(0, _imp.Length, sim.Current(_import), sim.Current(_export!), sim.Current(_consumption!), sim.Current(_pv!),
            sim.Current(_cost!), sim.Current(_net!), sim.Current(_curtail!));
        foreach (var loading in _loading)
        {
            _loadingPeak = Peak(_loadingPeak, sim.Current(loading));
        }

        foreach (var d in _deficits)
        {
            _comfortSteps += Positive(sim.Current(d));
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Signal> ChunkReads => Reads!;

    /// <inheritdoc/>
    public void UseChunks(bool on) => _chunked = on;

    /// <inheritdoc/>
    public void ObserveChunk(int step, int chunk)
    {
        if (_import is null)
        {
            return;
        }

        var sim = _sim!;
        var (from, to) = sim.ChunkRange(_import, chunk);
        if (to > from)
        {
            long net = Connections(from, to, Live(_import), Live(_export!), Live(_consumption!), Live(_pv!), Live(_cost!), Live(_net!), Live(_curtail!));
            Interlocked.Add(ref _netUnits[step], net);
        }

        foreach (var loading in _loading)
        {
            var (f, t) = sim.ChunkRange(loading, chunk);
            if (t > f)
            {
                // the maximum does not depend on the order the chunks come in (a NaN wins either way)
                RaisePeak(Peak(double.NegativeInfinity, Live(loading)[f..t]));
            }
        }

        foreach (var d in _deficits)
        {
            var (f, t) = sim.ChunkRange(d, chunk);
            if (t > f)
            {
                Interlocked.Add(ref _comfortSteps, Positive(Live(d)[f..t]));
            }
        }
    }

    private ReadOnlySpan<double> Live(Signal signal) => _v.AsSpan(signal.Base, signal.Assets.Count);

    /// <summary>Adds the step to connections <paramref name="from"/> … <paramref name="to"/> − 1; their net power in fixed-point units.</summary>
    private long Connections(int from, int to, ReadOnlySpan<double> imports, ReadOnlySpan<double> exports, ReadOnlySpan<double> consumption, ReadOnlySpan<double> pv,
        ReadOnlySpan<double> cost, ReadOnlySpan<double> netPower, ReadOnlySpan<double> curtailed)
    {
        double h = _hours;
        long net = 0;

        // per connection the same IEEE operations four at a time (each lane its own sums: the same bits as one at a time)
        int i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var hv = Vector256.Create(h);
            var unitsPerWatt = Vector256.Create(KpiTerms.NetUnitsPerWatt);
            var units = Vector256<long>.Zero;
            for (; i + 4 <= to; i += 4)
            {
                var imp = At(imports, i);
                Add(_imp, i, imp * hv);
                Add(_exp, i, At(exports, i) * hv);
                Add(_cons, i, At(consumption, i) * hv);
                Add(_pvE, i, At(pv, i) * hv);
                Add(_costSum, i, At(cost, i));
                Add(_curt, i, At(curtailed, i) * hv);
                var peak = At(_peak, i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(imp, peak), imp, peak).CopyTo(_peak.AsSpan(i, 4));
                units += KpiTerms.NetUnits(At(netPower, i) * unitsPerWatt);
            }

            // integer sums: the same in any order
            net += Vector256.Sum(units);
        }

        for (; i < to; i++)
        {
            double imp = imports[i];
            _imp[i] += imp * h;
            _exp[i] += exports[i] * h;
            _cons[i] += consumption[i] * h;
            _pvE[i] += pv[i] * h;
            _costSum[i] += cost[i];
            _curt[i] += curtailed[i] * h;
            if (imp > _peak[i])
            {
                _peak[i] = imp;
            }

            net += KpiTerms.NetUnits(netPower[i]);
        }

        return net;
    }

    private static Vector256<double> At(ReadOnlySpan<double> values, int i) => Vector256.Create(values.Slice(i, 4));

    private static void Add(double[] sums, int i, Vector256<double> v) => (Vector256.Create(sums.AsSpan(i, 4)) + v).CopyTo(sums.AsSpan(i, 4));

    /// <summary>Raises <see cref="_loadingPeak"/> to <paramref name="peak"/> as <see cref="Math.Max(double, double)"/> would, from several threads at once.</summary>
    private void RaisePeak(double peak)
    {
        double seen = Volatile.Read(ref _loadingPeak);
        while (true)
        {
            double next = Math.Max(seen, peak);
            if (BitConverter.DoubleToInt64Bits(next) == BitConverter.DoubleToInt64Bits(seen))
            {
                return;
            }

            double was = Interlocked.CompareExchange(ref _loadingPeak, next, seen);
            if (BitConverter.DoubleToInt64Bits(was) == BitConverter.DoubleToInt64Bits(seen))
            {
                return;
            }

            seen = was;
        }
    }

    private static double Peak(double peak, ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            peak = Math.Max(peak, v);
        }

        return peak;
    }

    private static long Positive(ReadOnlySpan<double> values)
    {
        long count = 0;
        foreach (double v in values)
        {
            if (v > 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Signal>? Reads =>
        [.. new[] { _import, _export, _consumption, _pv, _cost, _net, _curtail }.OfType<Signal>(), .. _loading, .. _deficits];

    /// <inheritdoc/>
    public bool Concurrent => true;

    public void Complete()
    {
    }

    /// <summary>The key figures: system scope first, then one group per connection.</summary>
    public IReadOnlyList<Kpi> Result(CoSimulation simulation)
    {
        var kpis = new List<Kpi>();
        double imp = KpiTerms.InOrder(_imp), exp = KpiTerms.InOrder(_exp), cons = KpiTerms.InOrder(_cons), pv = KpiTerms.InOrder(_pvE);
        Add(kpis, "system", imp, exp, cons, pv, KpiTerms.InOrder(_costSum), KpiTerms.PeakUnits(_netUnits) / KpiTerms.NetUnitsPerWatt);
        kpis.Add(new Kpi("pv_curtailed", KpiTerms.InOrder(_curt) / 1000, "kWh"));
        if (_loading.Length > 0)
        {
            kpis.Add(new Kpi("transformer_peak_loading", _loadingPeak, "%"));
        }

        if (_shortfall is not null)
        {
            kpis.Add(new Kpi("ev_departure_shortfall", KpiTerms.InOrder(_v.AsSpan(_shortfall.Base, _shortfall.Assets.Count)) / 1000, "kWh"));
        }

        if (_deficits.Length > 0)
        {
            kpis.Add(new Kpi("heat_pump_hours_below_comfort", _comfortSteps * _hours, "h"));
        }

        foreach (var source in simulation.Signals.Select(s => s.Service).Distinct().OfType<IKpiSource>())
        {
            kpis.AddRange(source.Kpis());
        }

        for (int i = 0; i < _sites.Count; i++)
        {
            Add(kpis, _sites[i].Name, _imp[i], _exp[i], _cons[i], _pvE[i], _costSum[i], _peak[i]);
        }

        return kpis;
    }

    private void Add(List<Kpi> kpis, string scope, double imp, double exp, double cons, double pv, double cost, double peak)
    {
        kpis.Add(new Kpi("energy_imported", imp / 1000, "kWh", scope));
        kpis.Add(new Kpi("energy_exported", exp / 1000, "kWh", scope));
        kpis.Add(new Kpi("consumption", cons / 1000, "kWh", scope));
        kpis.Add(new Kpi("pv_production", pv / 1000, "kWh", scope));
        kpis.Add(new Kpi("self_consumption", pv > 0 ? 100 * (pv - exp) / pv : double.NaN, "%", scope));
        kpis.Add(new Kpi("self_sufficiency", cons > 0 ? 100 * (1 - (imp / cons)) : double.NaN, "%", scope));
        kpis.Add(new Kpi("peak_import", peak / 1000, "kW", scope));
        if (_priced)
        {
            kpis.Add(new Kpi("energy_cost", cost, "EUR", scope));
        }
    }

    /// <summary>The sum over all connections' net power per step (index 0 unused), in fixed-point units (<see cref="KpiTerms.NetUnitsPerWatt"/>).</summary>
    public ReadOnlySpan<long> NetUnitsPerStep => _netUnits;

    /// <summary>Steps × heat pumps below comfort (the hours KPI is this times the step's hours).</summary>
    public long ComfortSteps => _comfortSteps;

    /// <inheritdoc/>
    public IEnumerable<KpiTerm> Terms()
    {
        for (int i = 0; i < _sites.Count; i++)
        {
            string id = _sites[i].Id;
            yield return new KpiTerm("energy_imported", "system", id, _imp[i]);
            yield return new KpiTerm("energy_exported", "system", id, _exp[i]);
            yield return new KpiTerm("consumption", "system", id, _cons[i]);
            yield return new KpiTerm("pv_production", "system", id, _pvE[i]);
            yield return new KpiTerm("energy_cost", "system", id, _costSum[i]);
            yield return new KpiTerm("pv_curtailed", "system", id, _curt[i]);
        }

        for (int i = 0; i < (_shortfall?.Assets.Count ?? 0); i++)
        {
            yield return new KpiTerm("ev_departure_shortfall", "system", _shortfall!.Assets[i].Id, _v[_shortfall.Base + i]);
        }
    }
}
