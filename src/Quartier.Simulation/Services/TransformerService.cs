using System.Globalization;
using System.Text.RegularExpressions;
using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// Aggregates the EConnections fed by a transformer (found through cables and joints downstream of it):
/// active, reactive and apparent power, and loading against its rating (ESDL <c>power</c> in VA, or the kVA
/// in its asset type such as <c>9500_380_V_200_kVA_Onbekend</c>). Network losses come with the LV power flow.
/// </summary>
public sealed partial class TransformerService : CalculationService
{
    public const string ActivePower = "active_power";
    public const string ReactivePower = "reactive_power";
    public const string ApparentPower = "apparent_power";
    public const string Loading = "loading";
    public const string Rating = "rating";

    private InputBinding[] _p = [];
    private InputBinding[] _q = [];
    private bool _together;
    private double[] _rating = [];
    private ArraySegment<double> _outP;
    private ArraySegment<double> _outQ;
    private ArraySegment<double> _outS;
    private ArraySegment<double> _outLoading;
    private ArraySegment<double> _outRating;

    public override string Name => "transformer";

    public override AssetKind Kind => AssetKind.Transformer;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(ActivePower, "W"),
        new(ReactivePower, "VAr"),
        new(ApparentPower, "VA"),
        new(Loading, "%"),
        new(Rating, "VA"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        .. EmsService.ActivePhase.Select(n => new InputDeclaration("p_" + n, AssetKind.EConnection, n, Routing.Connected)),
        .. EmsService.ReactivePhase.Select(n => new InputDeclaration("q_" + n, AssetKind.EConnection, n, Routing.Connected)),
    ];

    public static double? RatingOf(Asset transformer)
    {
        if (transformer.OptionalDouble("power") is > 0 and var p)
        {
            return p;
        }

        var m = KvaPattern().Match(transformer.Attribute("assetType") ?? string.Empty);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 : null;
    }

    /// <summary>Whether the six phase inputs list the same number of sources per transformer (then <see cref="SumSix"/> walks them together).</summary>
    private bool SameLayout()
    {
        var offsets = _p[0].Offsets;
        return _p.Concat(_q).All(b => b.Offsets == offsets || b.Offsets.AsSpan().SequenceEqual(offsets));
    }

    /// <summary>The six sums of transformer <paramref name="i"/>, each added in the order of its sources, as <see cref="InputBinding.Sum"/> adds them.</summary>
    private void SumSix(int i, out double p1, out double p2, out double p3, out double q1, out double q2, out double q3)
    {
        InputBinding a = _p[0], b = _p[1], c = _p[2], d = _q[0], e = _q[1], f = _q[2];
        double[] da = a.Data, db = b.Data, dc = c.Data, dd = d.Data, de = e.Data, df = f.Data;
        int[] sa = a.Sources, sb = b.Sources, sc = c.Sources, sd = d.Sources, se = e.Sources, sf = f.Sources;
        double ta = 0, tb = 0, tc = 0, td = 0, te = 0, tf = 0;
        for (int j = a.Offsets[i]; j < a.Offsets[i + 1]; j++)
        {
            ta += da[sa[j]];
            tb += db[sb[j]];
            tc += dc[sc[j]];
            td += dd[sd[j]];
            te += de[se[j]];
            tf += df[sf[j]];
        }

        (p1, p2, p3, q1, q2, q3) = (ta, tb, tc, td, te, tf);
    }

    public override void Initialize(ServiceContext context)
    {
        _p = EmsService.ActivePhase.Select(n => context.Input("p_" + n)).ToArray();
        _q = EmsService.ReactivePhase.Select(n => context.Input("q_" + n)).ToArray();
        _together = SameLayout();
        _rating = new double[context.Assets.Count];
        for (int i = 0; i < _rating.Length; i++)
        {
            var a = context.Assets[i];
            _rating[i] = RatingOf(a) ?? throw a.Error($"Transformer '{a.Name}' has no rating: give 'power' (VA) or an assetType naming its kVA, e.g. '400_kVA'");
        }

        _outP = context.Output(ActivePower);
        _outQ = context.Output(ReactivePower);
        _outS = context.Output(ApparentPower);
        _outLoading = context.Output(Loading);
        _outRating = context.Output(Rating);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _rating.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        // the six phase sums of a transformer are each a chain of additions over its connections, in order; walked side
        // by side where the six inputs list the same connections, so that the chains overlap instead of following each other
        bool together = _together;
        for (int i = from; i < to; i++)
        {
            double p1, p2, p3, q1, q2, q3;
            if (together)
            {
                SumSix(i, out p1, out p2, out p3, out q1, out q2, out q3);
            }
            else
            {
                (p1, p2, p3, q1, q2, q3) = (_p[0].Sum(i), _p[1].Sum(i), _p[2].Sum(i), _q[0].Sum(i), _q[1].Sum(i), _q[2].Sum(i));
            }

            double p = p1 + p2 + p3;
            double q = q1 + q2 + q3;
            double s = Math.Sqrt((p * p) + (q * q));
            _outP[i] = p;
            _outQ[i] = q;
            _outS[i] = s;
            _outLoading[i] = 100.0 * s / _rating[i];
            _outRating[i] = _rating[i];
        }
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)_?kVA", RegexOptions.IgnoreCase)]
    private static partial Regex KvaPattern();
}
