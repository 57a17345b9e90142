using System.Runtime.Intrinsics;
using Quartier.Core.Tariffs;

namespace Quartier.Simulation.Services;

/// <summary>
/// The connections' contracts as arrays, for their buy and sell prices four connections at a time: each lane gets
/// <see cref="ConnectionContract.Buy"/> and <see cref="ConnectionContract.Sell"/>'s operation (the day-ahead price plus the
/// flat price, the day-ahead price itself, or a fixed price), so the same bits.
/// </summary>
internal sealed class ContractPrices
{
    private readonly ConnectionContract[] _contracts;
    private readonly double[] _buyDynamic;
    private readonly double[] _flat;
    private readonly double[] _buyFixed;
    private readonly double[] _sellPlusFlat;
    private readonly double[] _sellDayAhead;
    private readonly double[] _sellFixed;

    public ContractPrices(IReadOnlyList<ConnectionContract> contracts)
    {
        _contracts = [.. contracts];
        static double Mask(bool on) => on ? BitConverter.Int64BitsToDouble(-1L) : 0;
        _buyDynamic = [.. contracts.Select(c => Mask(c.Kind == ContractKind.Dynamic))];
        _flat = [.. contracts.Select(c => c.FlatPrice)];
        _buyFixed = [.. contracts.Select(c => c.Kind == ContractKind.Static ? c.Price : 0)];
        _sellPlusFlat = [.. contracts.Select(c => Mask(c.Kind == ContractKind.Dynamic && c.FeedInPrice is null))];
        _sellDayAhead = [.. contracts.Select(c => Mask(c.Kind == ContractKind.Dynamic && c.FeedInPrice is not null))];
        _sellFixed = [.. contracts.Select(c => c.Kind == ContractKind.Static ? c.FeedInPrice ?? c.Price : 0)];
    }

    /// <summary>Buy and sell prices (EUR/kWh) of connections <paramref name="first"/> … + n − 1 at day-ahead price <paramref name="dayAhead"/>.</summary>
    public void At(double dayAhead, int first, Span<double> buy, Span<double> sell)
    {
        int n = buy.Length, r = 0;
        if (Vector256.IsHardwareAccelerated && sell.Length >= n && first + n <= _flat.Length)
        {
            var da = Vector256.Create(dayAhead);
            for (; r + 4 <= n; r += 4)
            {
                int i = first + r;
                var plusFlat = da + Vector256.Create(_flat.AsSpan(i, 4));
                Vector256.ConditionalSelect(Vector256.Create(_buyDynamic.AsSpan(i, 4)), plusFlat, Vector256.Create(_buyFixed.AsSpan(i, 4))).CopyTo(buy.Slice(r, 4));
                Vector256.ConditionalSelect(Vector256.Create(_sellPlusFlat.AsSpan(i, 4)), plusFlat,
                    Vector256.ConditionalSelect(Vector256.Create(_sellDayAhead.AsSpan(i, 4)), da, Vector256.Create(_sellFixed.AsSpan(i, 4)))).CopyTo(sell.Slice(r, 4));
            }
        }

        for (; r < n; r++)
        {
            buy[r] = _contracts[first + r].Buy(dayAhead);
            sell[r] = _contracts[first + r].Sell(dayAhead);
        }
    }
}
