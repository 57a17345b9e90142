using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Quartier.Simulation.Services;

/// <summary>
/// The rule EMS's output arithmetic over rows of connections, four lanes at a time where the hardware has 256-bit
/// vectors, then one at a time. Each lane gets the scalar expression's IEEE operations in the same order (no fused
/// multiply-add; <see cref="Vector256.Max{T}(Vector256{T}, Vector256{T})"/> is <see cref="Math.Max(double, double)"/>
/// for NaN and ±0), so the results are the same bits as a scalar loop's.
/// </summary>
internal static class RuleKernels
{
    private static int Lanes(int n) => Vector256.IsHardwareAccelerated ? n & ~3 : 0;

    private static Vector256<double> At(ReadOnlySpan<double> s, int r) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)r);

    private static void Put(Span<double> s, int r, Vector256<double> v) => v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)r);

    // |p| within these bounds has a normal, finite p²: then √(p² + (±0)²) is |p| exactly (in binary floating point the
    // square root of a correctly rounded square gives the number back), without the square root's long latency
    private const double SquareExactLow = 1.0 / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62), SquareExactHigh = 1 / SquareExactLow;

    /// <summary><paramref name="s"/> = √(p² + q²), with <paramref name="p"/> and <paramref name="q"/> stored into <paramref name="outP"/> and <paramref name="outQ"/> on the way.</summary>
    public static void Apparent(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> outP, Span<double> outQ, Span<double> s)
    {
        int n = s.Length, v = Lanes(n);
        Check(n, p.Length, q.Length, outP.Length, outQ.Length);
        var zero = Vector256<double>.Zero;
        var low = Vector256.Create(SquareExactLow);
        var high = Vector256.Create(SquareExactHigh);
        for (int r = 0; r < v; r += 4)
        {
            var a = At(p, r);
            var b = At(q, r);
            Put(outP, r, a);
            Put(outQ, r, b);
            var magnitude = Vector256.Abs(a);
            bool exact = Vector256.EqualsAll(b, zero) && Vector256.GreaterThanOrEqualAll(magnitude, low) && Vector256.LessThanOrEqualAll(magnitude, high);
            Put(s, r, exact ? magnitude : Vector256.Sqrt((a * a) + (b * b)));
        }

        for (int r = v; r < n; r++)
        {
            double a = p[r], b = q[r];
            outP[r] = a;
            outQ[r] = b;
            s[r] = Math.Sqrt((a * a) + (b * b));
        }
    }

    /// <summary>The net power p1 + p2 + p3 (into <paramref name="prev"/> and <paramref name="net"/>), its import and its export.</summary>
    public static void Net(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, ReadOnlySpan<double> p3, Span<double> prev, Span<double> net, Span<double> import, Span<double> export)
    {
        int n = net.Length, v = Lanes(n);
        Check(n, p1.Length, p2.Length, p3.Length, prev.Length, import.Length, export.Length);
        for (int r = 0; r < v; r += 4)
        {
            var total = At(p1, r) + At(p2, r) + At(p3, r);
            Put(prev, r, total);
            Put(net, r, total);
            Put(import, r, Import(total));
            Put(export, r, Export(total));
        }

        for (int r = v; r < n; r++)
        {
            double total = p1[r] + p2[r] + p3[r];
            prev[r] = total;
            net[r] = total;
            import[r] = total > 0 ? total : 0;
            export[r] = total < 0 ? -total : 0;
        }
    }

    /// <summary>The site's consumption (demand's positive part, heat pumps, EV), its PV power and the PV dispatch.</summary>
    public static void Site(ReadOnlySpan<double> demand, ReadOnlySpan<double> heat, ReadOnlySpan<double> pv, ReadOnlySpan<double> ev, Span<double> consumption, Span<double> pvPower, Span<double> dispatchPv)
    {
        int n = consumption.Length, v = Lanes(n);
        Check(n, demand.Length, heat.Length, pv.Length, ev.Length, pvPower.Length, dispatchPv.Length);
        var zero = Vector256<double>.Zero;
        for (int r = 0; r < v; r += 4)
        {
            var d = At(demand, r);
            var potential = At(pv, r);
            Put(consumption, r, Vector256.Max(d, zero) + At(heat, r) + At(ev, r));
            Put(pvPower, r, (potential - zero) + Vector256.Max(-d, zero));
            Put(dispatchPv, r, -(potential - zero));
        }

        for (int r = v; r < n; r++)
        {
            double d = demand[r];
            consumption[r] = Math.Max(d, 0) + heat[r] + ev[r];
            pvPower[r] = pv[r] - 0 + Math.Max(-d, 0);
            dispatchPv[r] = -(pv[r] - 0);
        }
    }

    /// <summary>The cost (EUR) of the interval: import at <paramref name="buy"/>, export at <paramref name="sell"/> (EUR/kWh) over <paramref name="hours"/>, plus the grid tariff.</summary>
    public static void Cost(ReadOnlySpan<double> net, ReadOnlySpan<double> buy, ReadOnlySpan<double> sell, ReadOnlySpan<double> gridCost, double hours, Span<double> cost)
    {
        int n = cost.Length, v = Lanes(n);
        Check(n, net.Length, buy.Length, sell.Length, gridCost.Length);
        var h = Vector256.Create(hours);
        var thousand = Vector256.Create(1000.0);
        for (int r = 0; r < v; r += 4)
        {
            var total = At(net, r);
            Put(cost, r, ((((Import(total) * At(buy, r)) - (Export(total) * At(sell, r))) * h) / thousand) + At(gridCost, r));
        }

        for (int r = v; r < n; r++)
        {
            double total = net[r];
            double imp = total > 0 ? total : 0;
            double exp = total < 0 ? -total : 0;
            cost[r] = (((imp * buy[r]) - (exp * sell[r])) * hours / 1000.0) + gridCost[r];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Import(Vector256<double> total) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(total, Vector256<double>.Zero), total, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Export(Vector256<double> total) =>
        Vector256.ConditionalSelect(Vector256.LessThan(total, Vector256<double>.Zero), -total, Vector256<double>.Zero);

    /// <summary>The unchecked vector loads and stores stay inside every span: each is at least <paramref name="n"/> long.</summary>
    private static void Check(int n, params ReadOnlySpan<int> lengths)
    {
        foreach (int length in lengths)
        {
            if (length < n)
            {
                throw new ArgumentException($"a row of {length} values where {n} are stepped");
            }
        }
    }
}
