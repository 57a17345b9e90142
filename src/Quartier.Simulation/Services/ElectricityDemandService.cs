using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's demand service: active power (W) from the profiles on the demand's ports (summed), reactive power
/// from its power factor, Q = P·√(1 − pf²)/pf.
/// </summary>
public sealed class ElectricityDemandService : CalculationService, IForecastSource
{
    public const string ActivePower = "active_power";
    public const string ReactivePower = "reactive_power";

    private double[][] _power = [];
    private double[] _tanPhi = [];
    private ArraySegment<double> _p;
    private ArraySegment<double> _q;

    public override string Name => "edemand";

    public override AssetKind Kind => AssetKind.ElectricityDemand;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } = [new(ActivePower, "W"), new(ReactivePower, "VAr")];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _power = new double[n][];
        _tanPhi = new double[n];
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            var profiles = a.Ports.SelectMany(p => p.Profiles).Concat(a.Profiles.Values).ToList();
            if (profiles.Count == 0)
            {
                throw a.Error($"ElectricityDemand '{a.Name}' has no profile on its ports");
            }

            if (profiles.Count == 1 && PowerFactorOf(profiles[0], a) == 1.0)
            {
                _power[i] = context.SampleProfile(profiles[0]);
            }
            else
            {
                _power[i] = Sum(context, a, profiles);
            }

            double pf = a.DoubleOr("powerFactor", 1.0);
            if (pf <= 0 || pf > 1)
            {
                throw a.Error($"powerFactor {pf} must be in (0, 1]");
            }

            _tanPhi[i] = UnitConvert.ReactivePower(1.0, pf);
        }

        _p = context.Output(ActivePower);
        _q = context.Output(ReactivePower);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _power.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        int k = step.Index - 1;
        for (int i = from; i < to; i++)
        {
            double p = _power[i][k];
            _p[i] = p;
            _q[i] = p * _tanPhi[i];
        }
    }

    /// <inheritdoc/>
    public void Ahead(string output, int asset, int index, Span<double> destination)
    {
        Window.Copy(_power[asset], index, destination);
        if (output == ReactivePower)
        {
            for (int t = 0; t < destination.Length; t++)
            {
                destination[t] *= _tanPhi[asset];
            }
        }
    }

    private static double[] Sum(ServiceContext context, Asset a, List<Profile> profiles)
    {
        var sum = new double[context.SampleCount];
        foreach (var profile in profiles)
        {
            var values = context.SampleProfile(profile);
            double factor = PowerFactorOf(profile, a);
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += values[k] * factor;
            }
        }

        return sum;
    }

    private static double PowerFactorOf(Profile profile, Asset asset)
    {
        if (profile.Unit is not { } unit)
        {
            return 1.0;
        }

        if (!unit.PhysicalQuantity.Equals("POWER", StringComparison.OrdinalIgnoreCase))
        {
            throw asset.Error($"demand profile quantity {unit.PhysicalQuantity} is not supported; give POWER (W, kW, …)");
        }

        return unit.Factor;
    }
}
