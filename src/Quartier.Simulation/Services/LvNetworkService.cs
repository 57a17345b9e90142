using System.Numerics;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Grid.Network;
using Quartier.Grid.PowerFlow;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// The LV network, solved every step: takes each EConnection's per-phase active and reactive power from the EMS,
/// runs the three-phase four-wire power flow (<see cref="PowerFlowSolver"/>) and publishes, on the transformer (or
/// the Import that feeds the network), the summary figures (<c>active_power</c>, <c>apparent_power</c>,
/// <c>loading</c> … as the plain transformer aggregation does, plus losses, voltage range and imbalance) and every
/// element under DOTS's output names: <c>transformer1</c> / <c>transformer1_limit</c> (kVA), <c>cable1</c> (A,
/// sum of the three phase currents as DOTS writes it) / <c>cable1_limit</c> (A), per-phase and neutral currents
/// <c>cable1_ph1</c> … <c>cable1_n</c>, <c>cable1_loading</c> (% of the limit, worst phase), and node voltages
/// <c>connectionhome2.1</c> … <c>.4</c> (V to ground, as OpenDSS's AllBusVmag). Violations are summarised as KPIs.
/// </summary>
public sealed class LvNetworkService : CalculationService, IKpiSource, Kpis.IKpiTerms
{
    /// <summary>Nominal phase-to-neutral voltage (V) for the voltage band (EN 50160: ±10 %).</summary>
    public const double NominalVoltage = 230.0;

    public const string Losses = "losses";
    public const string CableLosses = "cable_losses";
    public const string TransformerLosses = "transformer_losses";
    public const string MinVoltage = "min_voltage";
    public const string MaxVoltage = "max_voltage";
    public const string VoltageUnbalance = "voltage_unbalance";
    public const string MaxCableLoading = "max_cable_loading";
    public const string CablesOverLimit = "cables_over_limit";
    public const string Sweeps = "sweeps";

    /// <summary>The feeder's summary outputs; every other output is a network element under DOTS's name (<c>transformer1</c>, <c>cable1</c>, <c>connectionhome2.1</c>).</summary>
    public static readonly IReadOnlySet<string> SummaryOutputs = new HashSet<string>(StringComparer.Ordinal)
    {
        TransformerService.ActivePower, TransformerService.ReactivePower, TransformerService.ApparentPower, TransformerService.Loading, TransformerService.Rating,
        Losses, CableLosses, TransformerLosses, MinVoltage, MaxVoltage, VoltageUnbalance, MaxCableLoading, CablesOverLimit, Sweeps,
    };

    private readonly LvNetwork _network;
    private readonly PowerFlowSolver _solver;
    private readonly List<OutputDeclaration> _outputs = [];
    private readonly string _sourceId;
    private InputBinding[] _p = [];
    private InputBinding[] _q = [];
    private int[] _entryLoad = [];
    private readonly int[] _node;            // bus * 4 + conductor → node output index after _busBase (−1: none)
    private double[] _values = [];
    private int _summaryBase, _transformerBase, _cableBase, _busBase;
    private double _hours;
    private double _lowV, _highV;

    // Accumulated figures for the KPIs: system-wide ones shared by all feeders, reported by the first.
    private readonly GridViolations _violations;
    private readonly FeederTally _tally;
    private readonly bool _reportsSystem;
    private int _firstNotConverged = -1;
    private double[] _loadMinV = [], _loadMaxV = [], _cablePeak = [];

    public LvNetworkService(LvNetwork network, PowerFlowOptions? options = null)
        : this(network, options, new GridViolations(), true)
    {
    }

    private LvNetworkService(LvNetwork network, PowerFlowOptions? options, GridViolations violations, bool reportsSystem)
    {
        _violations = violations;
        _tally = violations.Register();
        _reportsSystem = reportsSystem;
        _network = network;
        _solver = new PowerFlowSolver(network, options);
        Kind = network.Transformer is not null ? AssetKind.Transformer : AssetKind.Import;
        _sourceId = network.Transformer?.AssetId ?? network.Buses[network.SlackBus].AssetId ?? string.Empty;
        _tally.SourceId = _sourceId;
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, string unit, string? description = null)
        {
            if (names.Add(name))
            {
                _outputs.Add(new OutputDeclaration(name, unit, description));
            }
        }

        Add(TransformerService.ActivePower, "W", "active power taken from the MV side (loads + losses)");
        Add(TransformerService.ReactivePower, "VAr");
        Add(TransformerService.ApparentPower, "VA");
        Add(TransformerService.Loading, "%", "apparent power against the transformer's rating");
        Add(TransformerService.Rating, "VA");
        Add(Losses, "W", "cable and transformer losses");
        Add(CableLosses, "W");
        Add(TransformerLosses, "W", "copper and no-load losses");
        Add(MinVoltage, "V", "lowest phase-to-neutral voltage at any bus");
        Add(MaxVoltage, "V", "highest phase-to-neutral voltage at any bus");
        Add(VoltageUnbalance, "%", "largest voltage unbalance factor |U2|/|U1| at any bus");
        Add(MaxCableLoading, "%", "largest phase current against its cable's limit");
        Add(CablesOverLimit, "count");
        Add(Sweeps, "count", "backward/forward sweeps to converge");
        _summaryBase = 0;
        _transformerBase = _outputs.Count;
        if (network.Transformer is { } t)
        {
            Add(t.DotsName, "kVA", "DOTS: transformer apparent power");
            Add(t.DotsName + "_limit", "kVA", "DOTS: transformer rating");
        }

        _cableBase = _outputs.Count;
        foreach (var b in network.Branches)
        {
            var n = b.DotsName;
            Add(n, "A", "DOTS: sum of the phase-current magnitudes");
            Add(n + "_limit", "A", "DOTS: the line code's normal ampacity");
            Add(n + "_ph1", "A");
            Add(n + "_ph2", "A");
            Add(n + "_ph3", "A");
            Add(n + "_n", "A", "neutral current");
            Add(n + "_loading", "%", "largest phase current against the limit");
        }

        // Node voltages as DOTS names them; the transformer's LV bus has no .4 (its neutral is grounded there).
        _busBase = _outputs.Count;
        _node = new int[network.Buses.Count * 4];
        int nodes = 0;
        foreach (var bus in network.Buses)
        {
            for (int k = 1; k <= 4; k++)
            {
                if (k == 4 && bus.Index == network.SlackBus)
                {
                    _node[(bus.Index * 4) + 3] = -1;
                    continue;
                }

                _node[(bus.Index * 4) + k - 1] = nodes++;
                Add($"{bus.DotsName}.{k}", "V", k == 4 ? "DOTS: neutral node voltage to ground" : "DOTS: node voltage to ground");
            }
        }

        if (_outputs.Count != _busBase + nodes || _busBase - _cableBase != network.Branches.Count * 7)
        {
            throw new Core.Errors.InputException(
                "LV network: two elements share a DOTS output name (names are lower-cased, bus names cut at \"Bus\"); rename one so every cable and bus is unique",
                network.SourceFile);
        }
    }

    /// <summary>One service per feeder, sharing the system-wide violation figures (reported once).</summary>
    public static IReadOnlyList<LvNetworkService> ForFeeders(IReadOnlyList<LvNetwork> networks, PowerFlowOptions? options = null)
    {
        var shared = new GridViolations();
        return networks.Select((n, i) => new LvNetworkService(n, options, shared, i == 0)).ToArray();
    }

    public override string Name => "lvnetwork";

    /// <summary>Feeders are independent: they step at the same time on several cores.</summary>
    public override string? ConcurrencyGroup => "lvnetwork";

    public override AssetKind Kind { get; }

    /// <summary>The network being solved.</summary>
    public LvNetwork Network => _network;

    /// <summary>The solver, holding the latest step's solution.</summary>
    public PowerFlowSolver Solver => _solver;

    public override IReadOnlyList<OutputDeclaration> Outputs => _outputs;

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        .. EmsService.ActivePhase.Select(n => new InputDeclaration("p_" + n, AssetKind.EConnection, n, Routing.Global)),
        .. EmsService.ReactivePhase.Select(n => new InputDeclaration("q_" + n, AssetKind.EConnection, n, Routing.Global)),
    ];

    public override bool Accepts(Asset asset) => asset.Id == _sourceId;

    public override void Initialize(ServiceContext context)
    {
        _p = EmsService.ActivePhase.Select(n => context.Input("p_" + n)).ToArray();
        _q = EmsService.ReactivePhase.Select(n => context.Input("q_" + n)).ToArray();
        var loadOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var load in _network.Loads)
        {
            if (load.AssetId is not null)
            {
                loadOf[load.AssetId] = load.Index;
            }
        }

        // Entry j of input k → the network load fed by that EConnection (−1: not on this network).
        var b = _p[0];
        _entryLoad = new int[b.End(0) - b.Start(0)];
        for (int j = 0; j < _entryLoad.Length; j++)
        {
            _entryLoad[j] = loadOf.GetValueOrDefault(b.EntryAsset(b.Start(0) + j).Id, -1);
        }

        var first = context.Output(TransformerService.ActivePower);
        _values = first.Array!;
        int baseIndex = first.Offset;
        if (context.Output(_outputs[^1].Name).Offset != baseIndex + _outputs.Count - 1)
        {
            throw new InvalidOperationException("lvnetwork: outputs are expected one value each, laid out in declaration order");
        }

        _summaryBase += baseIndex;
        _transformerBase += baseIndex;
        _cableBase += baseIndex;
        _busBase += baseIndex;
        _hours = context.Grid.StepSeconds / 3600.0;
        _tally.Hours = _hours;
        _tally.Flags = new byte[context.Grid.Count + 1];
        _lowV = NominalVoltage * 0.9;
        _highV = NominalVoltage * 1.1;
        _loadMinV = new double[_network.Loads.Count];
        _loadMaxV = new double[_network.Loads.Count];
        Array.Fill(_loadMinV, double.PositiveInfinity);
        _cablePeak = new double[_network.Branches.Count];
    }

    public override void Step(in StepContext step)
    {
        var loadP = _solver.LoadP;
        var loadQ = _solver.LoadQ;
        Array.Clear(loadP);
        Array.Clear(loadQ);
        for (int phase = 0; phase < 3; phase++)
        {
            var p = _p[phase];
            var q = _q[phase];
            int start = p.Start(0);
            for (int j = 0; j < _entryLoad.Length; j++)
            {
                int l = _entryLoad[j];
                if (l >= 0)
                {
                    loadP[(l * 3) + phase] += p.Value(start + j);
                    loadQ[(l * 3) + phase] += q.Value(q.Start(0) + j);
                }
            }
        }

        bool converged = _solver.Solve();
        Publish(converged, step.Index);
    }

    private void Publish(bool converged, int stepIndex)
    {
        var r = _solver.Result;
        var v = _values;
        var net = _network;
        int s = _summaryBase;
        double rating = net.Transformer is { } t ? t.RatedKva * 1000 : double.NaN;
        v[s] = r.TransformerP;
        v[s + 1] = r.TransformerQ;
        v[s + 2] = r.TransformerS;
        v[s + 3] = 100 * r.TransformerLoading;
        v[s + 4] = rating;
        v[s + 5] = r.CableLossesW + r.TransformerLossesW;
        v[s + 6] = r.CableLossesW;
        v[s + 7] = r.TransformerLossesW;
        v[s + 8] = r.MinVoltage;
        v[s + 9] = r.MaxVoltage;
        v[s + 10] = r.MaxUnbalancePercent;
        v[s + 13] = r.Iterations;
        if (net.Transformer is not null)
        {
            v[_transformerBase] = r.TransformerS / 1000;
            v[_transformerBase + 1] = rating / 1000;
        }

        var current = r.Current;
        double maxLoading = 0;
        int over = 0, worstCable = -1;
        for (int b = 0; b < _cablePeak.Length; b++)
        {
            int o = _cableBase + (b * 7);
            double i1 = Abs(current[b * 4]), i2 = Abs(current[(b * 4) + 1]), i3 = Abs(current[(b * 4) + 2]);
            double limit = net.Branches[b].AmpacityA;
            double worst = Math.Max(i1, Math.Max(i2, i3));
            double loading = limit > 0 ? 100 * worst / limit : 0;
            v[o] = i1 + i2 + i3;
            v[o + 1] = limit;
            v[o + 2] = i1;
            v[o + 3] = i2;
            v[o + 4] = i3;
            v[o + 5] = Abs(current[(b * 4) + 3]);
            v[o + 6] = loading;
            if (loading > 100)
            {
                over++;
            }

            if (loading > maxLoading)
            {
                maxLoading = loading;
                worstCable = b;
            }

            if (loading > _cablePeak[b])
            {
                _cablePeak[b] = loading;
            }
        }

        v[s + 11] = maxLoading;
        v[s + 12] = over;
        var voltage = r.Voltage;
        var node = _node;
        for (int k = 0; k < voltage.Length; k++)
        {
            if (node[k] >= 0)
            {
                v[_busBase + node[k]] = Abs(voltage[k]);
            }
        }

        // Houses' phase-to-neutral extremes, as the solver summarised them per bus.
        bool voltageOut = false;
        for (int l = 0; l < _loadMinV.Length; l++)
        {
            int bus = net.Loads[l].Bus;
            double lo = r.BusMinVoltage[bus], hi = r.BusMaxVoltage[bus];
            _loadMinV[l] = Math.Min(_loadMinV[l], lo);
            _loadMaxV[l] = Math.Max(_loadMaxV[l], hi);
            voltageOut |= lo < _lowV || hi > _highV;
        }

        // KPIs: this feeder's tally (merged over the feeders at the end) and per element here.
        var g = _tally;
        g.Steps++;
        if (!converged)
        {
            g.NotConverged++;
            if (_firstNotConverged < 0)
            {
                _firstNotConverged = stepIndex;
            }
        }

        byte flags = 0;
        if (100 * r.TransformerLoading > 100)
        {
            flags |= GridViolations.TransformerOver;
        }

        if (over > 0)
        {
            flags |= GridViolations.CableOver;
        }

        if (voltageOut)
        {
            flags |= GridViolations.VoltageOut;
        }

        if ((uint)stepIndex < (uint)g.Flags.Length)
        {
            g.Flags[stepIndex] = flags;
        }

        g.LossWh += (r.CableLossesW + r.TransformerLossesW) * _hours;
        var buses = net.Buses;
        g.Offer(
            r.MinVoltage,
            buses[r.MinVoltageBus].Name,
            r.MaxVoltage,
            buses[r.MaxVoltageBus].Name,
            maxLoading,
            worstCable >= 0 ? net.Branches[worstCable].Name : null,
            r.MaxUnbalancePercent,
            buses[r.MaxUnbalanceBus].Name);
    }

    private static double Abs(Complex c) => Math.Sqrt((c.Real * c.Real) + (c.Imaginary * c.Imaginary));

    /// <summary>
    /// Violations and extremes over the run (all feeders, reported by the first): hours with a transformer over its
    /// rating, with any cable over its limit, with any house voltage outside 230 V ± 10 %; the worst voltages, cable
    /// loading and imbalance with the element where they occurred (as a KPI whose scope is that element); losses.
    /// Then this feeder's connections' lowest and highest voltage and its cables' peak loading.
    /// </summary>
    public IReadOnlyList<Kpi> Kpis()
    {
        var net = _network;
        var kpis = new List<Kpi>();
        if (_reportsSystem)
        {
            kpis.AddRange(_violations.Kpis());
        }

        for (int l = 0; l < _loadMinV.Length; l++)
        {
            kpis.Add(new Kpi("grid_min_voltage", _tally.Steps > 0 ? _loadMinV[l] : double.NaN, "V", net.Loads[l].Name));
            kpis.Add(new Kpi("grid_max_voltage", _tally.Steps > 0 ? _loadMaxV[l] : double.NaN, "V", net.Loads[l].Name));
        }

        for (int b = 0; b < _cablePeak.Length; b++)
        {
            kpis.Add(new Kpi("grid_peak_cable_loading", _cablePeak[b], "%", net.Branches[b].Name));
        }

        return kpis;
    }

    /// <inheritdoc/>
    public IEnumerable<Kpis.KpiTerm> Terms() => _reportsSystem ? _violations.Terms() : [];

    /// <summary>
    /// This feeder's violations per step index (bits <c>1</c> transformer over its rating, <c>2</c> a cable over its limit,
    /// <c>4</c> a house voltage out of band; index 0 unused): what the system's violation hours are counted from, so that
    /// feeders run apart can be merged.
    /// </summary>
    public ReadOnlySpan<byte> StepViolations => _tally.Flags;

    /// <summary>The first step that did not converge (−1 if all did).</summary>
    public int FirstStepNotConverged => _firstNotConverged;
}
