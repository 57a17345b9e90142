using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Quartier.Grid.Network;

namespace Quartier.Grid.PowerFlow;

/// <summary>
/// Three-phase four-wire backward/forward sweep on a radial <see cref="LvNetwork"/> with the cables' full 4×4
/// impedance matrices. Loads are constant power per phase, connected phase to neutral; the neutral is grounded at
/// the transformer only (as in DOTS's OpenDSS model). The slack is the transformer's LV bus: a stiff source of
/// <see cref="LvNetwork.SourcePhaseVoltage"/> behind the transformer's per-phase series impedance (Dyn).
/// Topology order and impedances are prepared once; <see cref="Solve"/> allocates nothing.
/// Set <see cref="LoadP"/> / <see cref="LoadQ"/> (W / var, index <c>load * 3 + phase</c>) before each step.
/// </summary>
public sealed class PowerFlowSolver
{
    private static readonly Complex A = Complex.FromPolarCoordinates(1, 2 * Math.PI / 3);
    private static readonly Complex A2 = Complex.FromPolarCoordinates(1, -2 * Math.PI / 3);

    private readonly int _buses;
    private readonly int _slack;
    private readonly int[] _order;
    private readonly int[] _parentBus;
    private readonly int[] _parentBranch;
    private readonly int[] _busLoadStart;   // bus + 1 offsets into _busLoads
    private readonly int[] _busLoads;
    private readonly double[] _slackR = new double[4];
    private readonly double[] _slackI = new double[4];
    private readonly Complex[] _source = new Complex[3];
    private readonly Complex _zt;
    private readonly double _noLoadLossW;
    private readonly double _ratedVa;
    private readonly double _vBase;
    private readonly double[] _zr;          // branch * 16, resistance (ohm), column-major: [col * 4 + row]
    private readonly double[] _zx;          // branch * 16, reactance (ohm)
    private readonly double[] _vr;          // bus * 4, node voltage real part (V)
    private readonly double[] _vi;
    private readonly double[] _ar;          // bus * 4: current drawn by the subtree (A)
    private readonly double[] _ai;
    private readonly double[] _cr;          // branch * 4: cable current (A)
    private readonly double[] _ci;
    private readonly PowerFlowOptions _options;
    private bool _initialised;

    public PowerFlowSolver(LvNetwork network, PowerFlowOptions? options = null)
    {
        Network = network;
        _options = options ?? new PowerFlowOptions();
        _buses = network.Buses.Count;
        _slack = network.SlackBus;
        _order = network.Order;
        _parentBus = network.ParentBus;
        _parentBranch = network.ParentBranch;
        _zr = new double[network.Branches.Count * 16];
        _zx = new double[network.Branches.Count * 16];
        for (int b = 0; b < network.Branches.Count; b++)
        {
            for (int k = 0; k < 16; k++)
            {
                // Z is row-major (row * 4 + col); store column-major so a column is one vector.
                int col = k % 4, row = k / 4;
                _zr[(b * 16) + (col * 4) + row] = network.Branches[b].Z[k].Real;
                _zx[(b * 16) + (col * 4) + row] = network.Branches[b].Z[k].Imaginary;
            }
        }

        _vr = new double[_buses * 4];
        _vi = new double[_buses * 4];
        _ar = new double[_buses * 4];
        _ai = new double[_buses * 4];
        _cr = new double[network.Branches.Count * 4];
        _ci = new double[network.Branches.Count * 4];

        _busLoadStart = new int[_buses + 1];
        foreach (var load in network.Loads)
        {
            _busLoadStart[load.Bus + 1]++;
        }

        for (int b = 0; b < _buses; b++)
        {
            _busLoadStart[b + 1] += _busLoadStart[b];
        }

        _busLoads = new int[network.Loads.Count];
        var fill = (int[])_busLoadStart.Clone();
        foreach (var load in network.Loads)
        {
            _busLoads[fill[load.Bus]++] = load.Index;
        }

        _vBase = network.SourcePhaseVoltage;
        _source[0] = new Complex(_vBase, 0);
        _source[1] = _vBase * A2;
        _source[2] = _vBase * A;
        if (network.Transformer is { } t)
        {
            _zt = _options.TransformerImpedance ? t.SeriesImpedance : Complex.Zero;
            _noLoadLossW = t.PercentNoLoadLoss / 100.0 * t.RatedKva * 1000.0;
            _ratedVa = t.RatedKva * 1000.0;
        }

        LoadP = new double[network.Loads.Count * 3];
        LoadQ = new double[network.Loads.Count * 3];
        Result = new PowerFlowResult(_buses, network.Branches.Count);
    }

    public LvNetwork Network { get; }

    /// <summary>Active power per load and phase (W, positive = consumption), index <c>load * 3 + phase</c>.</summary>
    public double[] LoadP { get; }

    /// <summary>Reactive power per load and phase (var), index <c>load * 3 + phase</c>.</summary>
    public double[] LoadQ { get; }

    /// <summary>The latest solution (overwritten by each <see cref="Solve"/>).</summary>
    public PowerFlowResult Result { get; }

    /// <summary>Sets the same P and Q on every phase of every load.</summary>
    public void SetUniformLoad(double pPerPhaseW, double qPerPhaseVar)
    {
        Array.Fill(LoadP, pPerPhaseW);
        Array.Fill(LoadQ, qPerPhaseVar);
    }

    /// <summary>Solves the current loads; returns <see cref="PowerFlowResult.Converged"/>.</summary>
    public bool Solve()
    {
        // Hot loops work on split real/imaginary arrays, four conductors per bus or cable, so one bus is one
        // Vector256<double>; the Complex result arrays are filled at the end.
        var vr = _vr;
        var vi = _vi;
        if (!_initialised || !_options.WarmStart)
        {
            for (int bus = 0; bus < _buses; bus++)
            {
                for (int p = 0; p < 3; p++)
                {
                    vr[(bus * 4) + p] = _source[p].Real;
                    vi[(bus * 4) + p] = _source[p].Imaginary;
                }

                vr[(bus * 4) + 3] = 0;
                vi[(bus * 4) + 3] = 0;
            }

            _initialised = true;
        }

        double change = double.PositiveInfinity;
        int iteration = 0;
        bool converged = false;
        while (iteration < _options.MaxIterations)
        {
            iteration++;
            Backward();
            change = Math.Sqrt(Forward()) / _vBase;
            if (change < _options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        var v = Result.Voltage;
        for (int k = 0; k < v.Length; k++)
        {
            v[k] = new Complex(vr[k], vi[k]);
        }

        var current = Result.Current;
        for (int k = 0; k < current.Length; k++)
        {
            current[k] = new Complex(_cr[k], _ci[k]);
        }

        Result.Converged = converged;
        Result.Iterations = iteration;
        Result.LastChangePu = change;
        Summarise();
        return converged;
    }

    /// <summary>
    /// Backward sweep, leaves first: each bus's subtree current (its loads' currents plus its children's) flows in
    /// its parent cable and is added to the parent bus. Loads draw I = conj(S / U) on their phase and return it in
    /// the neutral. Leaves the slack's total in <see cref="_ar"/>/<see cref="_ai"/> at the slack bus.
    /// </summary>
    private void Backward()
    {
        var order = _order;
        var ar = _ar;
        var ai = _ai;
        ref double arRef = ref MemoryMarshal.GetArrayDataReference(ar);
        ref double aiRef = ref MemoryMarshal.GetArrayDataReference(ai);
        ref double crRef = ref MemoryMarshal.GetArrayDataReference(_cr);
        ref double ciRef = ref MemoryMarshal.GetArrayDataReference(_ci);
        for (int k = order.Length - 1; k >= 0; k--)
        {
            int bus = order[k];
            int bi = bus * 4;
            AddLoadCurrents(bus);
            var sr = Vector256.LoadUnsafe(ref arRef, (nuint)bi);
            var sii = Vector256.LoadUnsafe(ref aiRef, (nuint)bi);
            if (k == 0)
            {
                break;
            }

            int pi = _parentBus[bus] * 4;
            int c0 = _parentBranch[bus] * 4;
            sr.StoreUnsafe(ref crRef, (nuint)c0);
            sii.StoreUnsafe(ref ciRef, (nuint)c0);
            (Vector256.LoadUnsafe(ref arRef, (nuint)pi) + sr).StoreUnsafe(ref arRef, (nuint)pi);
            (Vector256.LoadUnsafe(ref aiRef, (nuint)pi) + sii).StoreUnsafe(ref aiRef, (nuint)pi);
            Vector256<double>.Zero.StoreUnsafe(ref arRef, (nuint)bi);
            Vector256<double>.Zero.StoreUnsafe(ref aiRef, (nuint)bi);
        }
    }

    private void AddLoadCurrents(int bus)
    {
        var vr = _vr;
        var vi = _vi;
        var ar = _ar;
        var ai = _ai;
        var loadP = LoadP;
        var loadQ = LoadQ;
        int bi = bus * 4;
        for (int j = _busLoadStart[bus]; j < _busLoadStart[bus + 1]; j++)
        {
            int l = _busLoads[j];
            double vnr = vr[bi + 3], vni = vi[bi + 3];
            for (int p = 0; p < 3; p++)
            {
                double ur = vr[bi + p] - vnr, ui = vi[bi + p] - vni;
                double sp = loadP[(l * 3) + p], sq = loadQ[(l * 3) + p];
                double inv = 1.0 / ((ur * ur) + (ui * ui));
                double ir = ((sp * ur) + (sq * ui)) * inv;
                double ii = ((sp * ui) - (sq * ur)) * inv;
                ar[bi + p] += ir;
                ai[bi + p] += ii;
                ar[bi + 3] -= ir;
                ai[bi + 3] -= ii;
            }
        }
    }

    /// <summary>Forward sweep from the source: U_child = U_parent − Z·I per cable; returns the largest |ΔU|² (V²).</summary>
    private double Forward()
    {
        var vr = _vr;
        var vi = _vi;
        var ar = _ar;
        var ai = _ai;
        double ztr = _zt.Real, ztx = _zt.Imaginary;
        double maxChange2 = 0;
        int si = _slack * 4;
        for (int p = 0; p < 3; p++)
        {
            double nr = _source[p].Real - ((ztr * ar[si + p]) - (ztx * ai[si + p]));
            double ni = _source[p].Imaginary - ((ztr * ai[si + p]) + (ztx * ar[si + p]));
            double dr = nr - vr[si + p], di = ni - vi[si + p];
            maxChange2 = Math.Max(maxChange2, (dr * dr) + (di * di));
            vr[si + p] = nr;
            vi[si + p] = ni;
        }

        vr[si + 3] = 0;
        vi[si + 3] = 0;
        for (int c = 0; c < 4; c++)
        {
            _slackR[c] = ar[si + c];
            _slackI[c] = ai[si + c];
            ar[si + c] = 0;
            ai[si + c] = 0;
        }

        var order = _order;
        ref double vrRef = ref MemoryMarshal.GetArrayDataReference(vr);
        ref double viRef = ref MemoryMarshal.GetArrayDataReference(vi);
        ref double crRef = ref MemoryMarshal.GetArrayDataReference(_cr);
        ref double ciRef = ref MemoryMarshal.GetArrayDataReference(_ci);
        ref double zrRef = ref MemoryMarshal.GetArrayDataReference(_zr);
        ref double zxRef = ref MemoryMarshal.GetArrayDataReference(_zx);
        var max = Vector256<double>.Zero;
        for (int k = 1; k < order.Length; k++)
        {
            int bus = order[k];
            int br = _parentBranch[bus];
            nuint zi = (nuint)(br * 16);
            int c0 = br * 4;
            nuint bi = (nuint)(bus * 4);
            nuint pi = (nuint)(_parentBus[bus] * 4);

            // Columns of R and X (column-major per cable) times each conductor's current.
            var dropR = Vector256<double>.Zero;
            var dropI = Vector256<double>.Zero;
            for (int c = 0; c < 4; c++)
            {
                var rc = Vector256.LoadUnsafe(ref zrRef, zi + (nuint)(c * 4));
                var xc = Vector256.LoadUnsafe(ref zxRef, zi + (nuint)(c * 4));
                var ir = Vector256.Create(Unsafe.Add(ref crRef, c0 + c));
                var ii = Vector256.Create(Unsafe.Add(ref ciRef, c0 + c));
                dropR += (rc * ir) - (xc * ii);
                dropI += (rc * ii) + (xc * ir);
            }

            var nr = Vector256.LoadUnsafe(ref vrRef, pi) - dropR;
            var ni = Vector256.LoadUnsafe(ref viRef, pi) - dropI;
            var dr = nr - Vector256.LoadUnsafe(ref vrRef, bi);
            var di = ni - Vector256.LoadUnsafe(ref viRef, bi);
            max = Vector256.Max(max, (dr * dr) + (di * di));
            nr.StoreUnsafe(ref vrRef, bi);
            ni.StoreUnsafe(ref viRef, bi);
        }

        for (int lane = 0; lane < 4; lane++)
        {
            maxChange2 = Math.Max(maxChange2, max.GetElement(lane));
        }

        return maxChange2;
    }

    private void Summarise()
    {
        var v = Result.Voltage;
        var current = Result.Current;
        int si = _slack * 4;
        Complex sLv = Complex.Zero;
        double copper = 0, copperQ = 0;
        for (int p = 0; p < 3; p++)
        {
            var i = new Complex(_slackR[p], _slackI[p]);
            sLv += v[si + p] * Complex.Conjugate(i);
            var i2 = (i.Real * i.Real) + (i.Imaginary * i.Imaginary);
            copper += i2 * _zt.Real;
            copperQ += i2 * _zt.Imaginary;
        }

        double cableLoss = 0;
        int nBranches = current.Length / 4;
        for (int b = 0; b < nBranches; b++)
        {
            int ci = b * 4;
            int zi = b * 16;
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    // Re(conj(I_r) · R_rc · I_c): R symmetric, so the X part adds no active power.
                    var ir = current[ci + r];
                    var ic = current[ci + c];
                    cableLoss += _zr[zi + (r * 4) + c] * ((ir.Real * ic.Real) + (ir.Imaginary * ic.Imaginary));
                }
            }
        }

        double load = 0;
        for (int k = 0; k < LoadP.Length; k++)
        {
            load += LoadP[k];
        }

        bool hasTransformer = _ratedVa > 0;
        double noLoad = hasTransformer ? _noLoadLossW : 0;
        Result.TransformerLvP = sLv.Real;
        Result.TransformerLvQ = sLv.Imaginary;
        Result.TransformerP = sLv.Real + copper + noLoad;
        Result.TransformerQ = sLv.Imaginary + copperQ;
        Result.TransformerS = Math.Sqrt((Result.TransformerP * Result.TransformerP) + (Result.TransformerQ * Result.TransformerQ));
        Result.TransformerLoading = hasTransformer ? Result.TransformerS / _ratedVa : double.NaN;
        Result.TransformerLossesW = copper + noLoad;
        Result.CableLossesW = cableLoss;
        Result.LoadP = load;

        double min = double.PositiveInfinity, max = 0, worstVuf = 0;
        int minBus = 0, maxBus = 0, vufBus = 0;
        for (int bus = 0; bus < _buses; bus++)
        {
            int bi = bus * 4;
            var vn = v[bi + 3];
            var va = v[bi] - vn;
            var vb = v[bi + 1] - vn;
            var vc = v[bi + 2] - vn;
            double ma = va.Magnitude, mb = vb.Magnitude, mc = vc.Magnitude;
            double lo = Math.Min(ma, Math.Min(mb, mc)), hi = Math.Max(ma, Math.Max(mb, mc));
            Result.BusMinVoltage[bus] = lo;
            Result.BusMaxVoltage[bus] = hi;
            if (lo < min)
            {
                min = lo;
                minBus = bus;
            }

            if (hi > max)
            {
                max = hi;
                maxBus = bus;
            }

            var v1 = va + (A * vb) + (A2 * vc);
            var v2 = va + (A2 * vb) + (A * vc);
            var vuf = v1.Magnitude > 0 ? v2.Magnitude / v1.Magnitude : 0;
            if (vuf > worstVuf)
            {
                worstVuf = vuf;
                vufBus = bus;
            }
        }

        Result.MinVoltage = min;
        Result.MinVoltageBus = minBus;
        Result.MaxVoltage = max;
        Result.MaxVoltageBus = maxBus;
        Result.MaxUnbalancePercent = worstVuf * 100;
        Result.MaxUnbalanceBus = vufBus;
    }
}
