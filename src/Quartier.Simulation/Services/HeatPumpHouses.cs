using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// The heat pumps' houses (DOTS's 2-node RC model) as a structure of arrays: one contiguous array per quantity, so that
/// the explicit Euler step and the heat need, a chain of two divisions per house, run four houses at a time. Each lane
/// does the scalar expression's IEEE operations in the same order (no fused multiply-add), so both give the same bits
/// (<see cref="AdvanceAndNeed"/> against <see cref="AdvanceAndNeedOne"/>, tested).
/// </summary>
internal sealed class HeatPumpHouses
{
    public HeatPumpHouses(int n)
    {
        CIn = new double[n];
        COut = new double[n];
        KExch = new double[n];
        KFloor = new double[n];
        KVent = new double[n];
        KCond = new double[n];
        Glass = new double[n];
        Set = new double[n];
        In = new double[n];
        Out = new double[n];
        Air = new double[n];
        Soil = new double[n];
        Irr = new double[n];
        ToHouse = new double[n];
        Gas = new double[n];
        Need = new double[n];
        BufferHeat = new double[n];
        BufferRoom = new double[n];
        Buffer = new double[n];
        BufferCapacitance = new double[n];
        BufferMin = new double[n];
        BufferTop = new double[n];
    }

    /// <summary>Heat capacities of the air and fabric nodes (J/K).</summary>
    public double[] CIn { get; }

    public double[] COut { get; }

    /// <summary>Conductances (W/K): air–fabric, air–floor (soil), ventilation (air–outside), fabric–outside.</summary>
    public double[] KExch { get; }

    public double[] KFloor { get; }

    public double[] KVent { get; }

    public double[] KCond { get; }

    /// <summary>Glass area (m²) that lets the irradiance in.</summary>
    public double[] Glass { get; }

    /// <summary>The thermostat's set point (°C).</summary>
    public double[] Set { get; }

    /// <summary>Air and fabric node temperatures (°C).</summary>
    public double[] In { get; }

    public double[] Out { get; }

    /// <summary>The weather that held over the interval now ending (air and soil °C, irradiance W/m²).</summary>
    public double[] Air { get; }

    public double[] Soil { get; }

    public double[] Irr { get; }

    /// <summary>Heat into the house over the interval now ending (W): from the buffer, from a hybrid's boiler.</summary>
    public double[] ToHouse { get; }

    public double[] Gas { get; }

    /// <summary>What <see cref="AdvanceAndNeed"/> found: the heat that brings each house to its set point over the next step (W, ≥ 0).</summary>
    public double[] Need { get; }

    /// <summary>What <see cref="BufferHeatAndRoom"/> found for each buffer: the heat it can give down to its minimum and take up to its top over the step (W).</summary>
    public double[] BufferHeat { get; }

    public double[] BufferRoom { get; }

    /// <summary>Each buffer's temperature as its thermostat finds it (°C), its capacitance (J/K), its minimum and the temperature at which its heat pump switches off (°C).</summary>
    public double[] Buffer { get; }

    public double[] BufferCapacitance { get; }

    public double[] BufferMin { get; }

    public double[] BufferTop { get; }

    /// <summary>
    /// For buffers <paramref name="from"/> … <paramref name="to"/> − 1: C · (T − T_min) / dt into <see cref="BufferHeat"/> and
    /// C · (T_top − T) / dt into <see cref="BufferRoom"/>, four at a time (each lane the scalar expression's operations).
    /// </summary>
    public void BufferHeatAndRoom(int from, int to, double dt)
    {
        int i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var vdt = Vector256.Create(dt);
            for (; i <= to - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var c = Load(BufferCapacitance, i);
                var t = Load(Buffer, i);
                Store(BufferHeat, i, c * (t - Load(BufferMin, i)) / vdt);
                Store(BufferRoom, i, c * (Load(BufferTop, i) - t) / vdt);
            }
        }

        for (; i < to; i++)
        {
            double c = BufferCapacitance[i], t = Buffer[i];
            BufferHeat[i] = c * (t - BufferMin[i]) / dt;
            BufferRoom[i] = c * (BufferTop[i] - t) / dt;
        }
    }

    /// <summary>
    /// For houses <paramref name="from"/> … <paramref name="to"/> − 1: the Euler step over the interval just ended (with
    /// the weather and heat that held during it), then the heat need under the new weather (<paramref name="air"/>,
    /// <paramref name="soil"/>, <paramref name="irr"/>, not yet stored: the caller stores them after its buffer step).
    /// </summary>
    public void AdvanceAndNeed(int from, int to, double dt, InputView air, InputView soil, InputView irr)
    {
        int i = from;
        if (Vector256.IsHardwareAccelerated && to - from >= Vector256<double>.Count
            && Weather(air, from, to - from, out var airValues, out var airAll)
            && Weather(soil, from, to - from, out var soilValues, out var soilAll)
            && Weather(irr, from, to - from, out var irrValues, out var irrAll))
        {
            var vdt = Vector256.Create(dt);
            for (; i <= to - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                int k = i - from;
                Four(i, vdt, Lane(airValues, airAll, k), Lane(soilValues, soilAll, k), Lane(irrValues, irrAll, k));
            }
        }

        for (; i < to; i++)
        {
            AdvanceAndNeedOne(i, dt, air.First(i), soil.First(i), irr.First(i));
        }
    }

    /// <summary>House <paramref name="i"/> alone: the scalar expressions the lanes reproduce.</summary>
    public void AdvanceAndNeedOne(int i, double dt, double air, double soil, double irr)
    {
        AdvanceOne(i, dt);
        Need[i] = NeedOne(i, dt, air, soil, irr);
    }

    /// <summary>Explicit Euler over the interval just ended, with the weather and heat flows that held during it.</summary>
    public void AdvanceOne(int i, double dt)
    {
        double kv = KVent[i], ke = KExch[i], kf = KFloor[i], kc = KCond[i];
        double tIn = In[i], tOut = Out[i];
        double dIn = (-(kv + ke + kf) * tIn) + (ke * tOut) + (kv * Air[i]) + (kf * Soil[i]) + (Glass[i] * Irr[i]) + ToHouse[i] + Gas[i];
        double dOut = (ke * tIn) - ((kc + ke) * tOut) + (kc * Air[i]);
        In[i] = tIn + (dt * dIn / CIn[i]);
        Out[i] = tOut + (dt * dOut / COut[i]);
    }

    /// <summary>The heat (W, ≥ 0) that brings house <paramref name="i"/> from where it is to its set point over a step of <paramref name="dt"/> s in this weather.</summary>
    public double NeedOne(int i, double dt, double air, double soil, double irr)
    {
        double kv = KVent[i], ke = KExch[i], kf = KFloor[i], tIn = In[i];
        double gains = (-(kv + ke + kf) * tIn) + (ke * Out[i]) + (kv * air) + (kf * soil) + (Glass[i] * irr);
        return Math.Max(0, (CIn[i] * (Set[i] - tIn) / dt) - gains);
    }

    /// <summary>Houses <paramref name="i"/> … <paramref name="i"/> + 3 as one lane each of <see cref="AdvanceAndNeedOne"/>.</summary>
    private void Four(int i, Vector256<double> dt, Vector256<double> air, Vector256<double> soil, Vector256<double> irr)
    {
        var kv = Load(KVent, i);
        var ke = Load(KExch, i);
        var kf = Load(KFloor, i);
        var kc = Load(KCond, i);
        var g = Load(Glass, i);
        var tIn = Load(In, i);
        var tOut = Load(Out, i);
        var airBefore = Load(Air, i);
        var dIn = (-(kv + ke + kf) * tIn) + (ke * tOut) + (kv * airBefore) + (kf * Load(Soil, i)) + (g * Load(Irr, i)) + Load(ToHouse, i) + Load(Gas, i);
        var dOut = (ke * tIn) - ((kc + ke) * tOut) + (kc * airBefore);
        var cIn = Load(CIn, i);
        tIn += dt * dIn / cIn;
        tOut += dt * dOut / Load(COut, i);
        Store(In, i, tIn);
        Store(Out, i, tOut);
        var gains = (-(kv + ke + kf) * tIn) + (ke * tOut) + (kv * air) + (kf * soil) + (g * irr);
        Store(Need, i, Vector256.Max(Vector256<double>.Zero, (cIn * (Load(Set, i) - tIn) / dt) - gains));
    }

    /// <summary>An input the lanes can read: one value for all (<paramref name="all"/> holds it, <paramref name="values"/> empty) or one per house in order.</summary>
    private static bool Weather(InputView view, int from, int count, out ReadOnlySpan<double> values, out Vector256<double> all)
    {
        if (view.TryUniform(from, count, out double value))
        {
            values = default;
            all = Vector256.Create(value);
            return true;
        }

        all = default;
        return view.TryDense(from, count, out values);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lane(ReadOnlySpan<double> values, Vector256<double> all, int k) =>
        values.IsEmpty ? all : Vector256.LoadUnsafe(ref Unsafe.AsRef(in values[k]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(double[] a, int i) => Vector256.LoadUnsafe(ref a[i]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(double[] a, int i, Vector256<double> v) => v.StoreUnsafe(ref a[i]);
}
