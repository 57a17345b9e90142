using System.Diagnostics;
using Quartier.Optimization.Modeling;
using Quartier.Optimization.Solvers;

namespace Quartier.Optimization.Dots;

/// <summary>
/// DOTS's EConnection EMS as a mixed-integer linear program (docs/dots/ems.md §3–§5): per plan step the grid exchange
/// (buy and sell energies in J with a no-buy-and-sell binary and DOTS's 17 kW limit), PV use/sell (curtailment free),
/// battery, all-electric heat pump (buffer, hot-water tank with element, 2-node house), hybrid heat pump (buffer with a
/// per-step COP, house), EV (availability, arrival and departure energies); cost = buy − sell + the grid tariff, in EUR
/// with DOTS's coefficient scale (J and EUR/kWh / 3.6e6) so that the objective and its gap are DOTS's numbers.
/// Thread-safe: every call builds its own model.
/// </summary>
public static partial class EmsPlanner
{
    private const double JPerKwh = 3.6e6;

    /// <summary>
    /// The objective is built in µEUR: DOTS's coefficients (EUR/kWh per J, ~1e-7) sit at the solvers' optimality
    /// tolerances and left CBC and GLPK stopping at different, non-optimal plans. A constant factor changes neither
    /// the optimum nor the relative gap; <see cref="EmsPlan.Objective"/> is reported in EUR.
    /// </summary>
    private const double Scale = 1e6;

    /// <summary>Stored energies (battery, EV) are columns in MJ: in J (up to ~4e8) beside W and K they left CBC declaring feasible plans infeasible.</summary>
    private const double Mj = 1e6;

    /// <summary>Heat-capacity-free penalty of a soft bound without DOTS quirks: EUR per K and step (comfort) / per kWh (EV target).</summary>
    private const double ComfortPenaltyEurPerKStep = 1.0;
    private const double EvPenaltyEurPerKwh = 2.0;

    /// <summary>DOTS's hybrid COP from the buffer set point and the air temperature (K): a quadratic fit in their difference.</summary>
    public static double HybridCop(double bufferSetK, double airK)
    {
        double dT = bufferSetK - airK;
        return 8.736555867367798 - (0.18997851 * dT) + (0.00125921 * dT * dT);
    }

    /// <summary>
    /// DOTS's free-running check: does the house, unheated, rise above <see cref="EmsHouse.MaxK"/> within the horizon?
    /// Explicit Euler from the present state; below the minimum the air node is lifted to it. With
    /// <paramref name="sunOnFabric"/> the solar gain heats both nodes (DOTS's array broadcast), else only the air node.
    /// </summary>
    public static bool Overheats(EmsHouse h, ReadOnlySpan<double> airK, ReadOnlySpan<double> soilK, ReadOnlySpan<double> irradiance, int steps, double dt, bool sunOnFabric)
    {
        double tIn = h.TInK, tOut = h.TOutK;
        if (tIn > h.MaxK)
        {
            return true;
        }

        for (int t = 0; t < steps; t++)
        {
            double sun = h.GlassM2 * irradiance[t];
            double dIn = (-(h.KVent + h.KExch + h.KFloor) * tIn) + (h.KExch * tOut) + (h.KVent * airK[t]) + (h.KFloor * soilK[t]) + sun;
            double dOut = (h.KExch * tIn) - ((h.KCond + h.KExch) * tOut) + (h.KCond * airK[t]) + (sunOnFabric ? sun : 0);
            tIn += dt * dIn / h.CIn;
            tOut += dt * dOut / h.COut;
            if (tIn < h.MinK)
            {
                tIn = h.MinK;
            }

            if (tIn > h.MaxK)
            {
                return true;
            }
        }

        return false;
    }

    public static EmsPlan Plan(EmsPlanInput input, EmsPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new EmsPlanOptions();
        Validate(input);
        var watch = Stopwatch.StartNew();
        var b = new Builder(input);
        b.Build();
        var solver = options.Solver ?? Solvers.Solvers.Cbc;
        var solution = solver.Solve(b.Model, new SolveOptions { RelativeGap = options.RelativeGap, TimeLimitSeconds = options.TimeLimitSeconds, Cancellation = options.Cancellation });
        if (!solution.HasValues)
        {
            return new EmsPlan
            {
                Status = solution.Status,
                Feasible = false,
                SolveSeconds = watch.Elapsed.TotalSeconds,
                BestBound = solution.BestBound,
                Message = solution.Status == SolveStatus.Infeasible
                    ? "the plan is infeasible: " + b.InfeasibleHint()
                    : $"no plan found ({solution.Status}{(solution.Message is null ? string.Empty : ": " + solution.Message)})",
            };
        }

        return b.Read(solution, options.KeepSeries, watch.Elapsed.TotalSeconds);
    }

    private static void Validate(EmsPlanInput p)
    {
        int n = p.Steps;
        if (n < 1 || !(p.StepSeconds > 0))
        {
            throw new ArgumentException($"a plan needs at least one step of positive length (got {n} × {p.StepSeconds} s)");
        }

        Check(p.DemandW, "demand");
        Check(p.AirK, "air temperature");
        Check(p.SoilK, "soil temperature");
        Check(p.IrradianceWm2, "irradiance");
        Check(p.BuyEurPerKwh, "buy price");
        Check(p.SellEurPerKwh, "sell price");
        if (p.PvMaxW is { } pv)
        {
            Check(pv, "PV potential");
        }

        if (p.Tariff is GridTariffKind.Variable or GridTariffKind.VariablePeak)
        {
            Check(p.TariffValues ?? throw new ArgumentException($"a {p.Tariff} tariff needs its values"), "tariff");
        }

        if ((p.HeatPump is not null || p.Hybrid is not null) && p.House is null)
        {
            throw new ArgumentException("a heat pump needs its house");
        }

        if (p.HeatPump is { } hp)
        {
            Check(hp.TapHeatW, "tap heat");
            Positive(hp.QNominalW, "heat pump nominal heat");
            Positive(hp.DhwCapacitance, "hot-water tank capacity");
            Positive(hp.BufferCapacitance, "buffer capacity");
            Positive(hp.CopSpaceHeating, "COP");
            Positive(hp.CopHotWater, "COP (hot water)");
        }

        if (p.Hybrid is { } hy)
        {
            Check(hy.Cop, "hybrid COP");
            Positive(hy.QNominalW, "hybrid nominal heat");
            Positive(hy.BufferCapacitance, "hybrid buffer capacity");
        }

        if (p.Ev is { } ev && (ev.PowerW < 0 || ev.MaxSocJ < 0 || double.IsNaN(ev.SocJ)))
        {
            throw new ArgumentException($"EV power {ev.PowerW} W and capacity {ev.MaxSocJ} J must not be negative");
        }

        if (p.Battery is { } bat && (!(bat.CapacityJ > 0) || !(bat.ChargeEfficiency > 0) || !(bat.DischargeEfficiency > 0) || bat.MaxChargeW < 0 || bat.MaxDischargeW < 0))
        {
            throw new ArgumentException("a battery needs a positive capacity and efficiencies and non-negative power limits");
        }

        void Check(double[] a, string what)
        {
            if (a.Length < n)
            {
                throw new ArgumentException($"{what}: {a.Length} values for a plan of {n} steps");
            }

            for (int t = 0; t < n; t++)
            {
                if (!double.IsFinite(a[t]))
                {
                    throw new ArgumentException($"{what}: value {a[t]} at plan step {t} is not a number");
                }
            }
        }

        static void Positive(double v, string what)
        {
            if (!(v > 0) || !double.IsFinite(v))
            {
                throw new ArgumentException($"{what} must be positive (got {v})");
            }
        }
    }
}
