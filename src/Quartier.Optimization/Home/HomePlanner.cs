using System.Diagnostics;
using System.Globalization;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Home;

/// <summary>
/// Plans one home (grid connection, PV, battery, EV, shiftable appliances, heat pump with buffer) over 24–48 h
/// as a MILP and returns the schedules and the S2 instruction plan.
/// <para><b>Formulation</b> (per step t, h = step in hours; powers W, energies Wh):</para>
/// <list type="bullet">
/// <item><description>Balance: <c>pv − curtail + import + discharge = load + charge + ev + Σ appliances + hp + export</c>.
/// Curtailment (0..pv) costs nothing, so zero export is always feasible.</description></item>
/// <item><description>Grid: <c>0 ≤ import ≤ ImportLimitW</c>, <c>0 ≤ export ≤ ExportLimitW</c>. Importing and
/// exporting at once costs <c>importPrice − exportPrice</c> per kWh, so it never pays while the export price is below
/// the import price; a binary (import ≤ U·z, export ≤ U'·(1 − z)) is added only at steps where the export price is at
/// least the import price. With zero export the export is fixed at 0 and no binary is needed.</description></item>
/// <item><description>Battery: <c>e(t+1) = e(t) + η_c·h·charge − h/η_d·discharge</c>, MinSoc..MaxSoc. Charging and
/// discharging at once only burns energy, which pays only at a negative import price: only those steps get a binary.
/// A tie-break of 1e-5 EUR/kWh on throughput keeps the plan from cycling where it is indifferent. Without
/// <see cref="HomeBattery.AllowGridExport"/>: <c>discharge ≤ load + ev + appliances + hp</c>, so export never exceeds PV.
/// The energy left at the end is worth <see cref="HomeBattery.TerminalValueEurPerKwh"/>.</description></item>
/// <item><description>EV: <c>s(t+1) = s(t) + η·h·ev</c>, power 0 when not plugged in, continuous 0..max or one of the
/// discrete levels (one binary per level and step). Each departure: <c>s(step) + slack ≥ target</c>, the slack
/// penalised, so an unreachable target yields a plan with a warning, not infeasibility.</description></item>
/// <item><description>Appliances: one binary per admissible start (the run lies inside a window), exactly one start.</description></item>
/// <item><description>Heat pump: <c>T(t+1) = T(t) + (COP·hp − demand)·h/C</c> within the comfort band; with MinElectricW
/// &gt; 0 an on/off binary gives <c>min·on ≤ hp ≤ max·on</c>.</description></item>
/// <item><description>Objective: <c>Σ h·(importPrice·import − exportPrice·export) − value·e(end) + penalty·Σ slack</c>, in milli-EUR
/// (EUR/kWh × Wh) so that the coefficients sit well above the solvers' tolerances.</description></item>
/// </list>
/// <para><b>Solving</b>: the LP relaxation first (binaries as 0..1 columns); when its optimum meets every integer
/// requirement (no simultaneous import/export or charge/discharge where those have binaries, integral appliance
/// starts, EV power on a level, heat pump off or above its minimum) it is the MILP optimum too
/// (<see cref="HomePlan.SolvedByRelaxation"/>); otherwise the MILP is solved with the rest of the time limit.</para>
/// <para><b>Instructions</b>: battery per step from its AC power P (+ charge) and the site it sees (PV after
/// curtailment; load + EV + appliances + heat pump): P beyond the PV surplus → FORCED_CHARGE, factor P/MaxCharge;
/// P equal to the surplus above a finite export limit → NON_EXPORT 1; P equal to the surplus → SELF_CONSUMPTION 1;
/// less → SELF_CONSUMPTION with factor P/MaxCharge (the factor caps it); discharge equal to the deficit →
/// SELF_CONSUMPTION 1, otherwise FORCED_DISCHARGE, factor |P|/MaxDischarge; 0 → IDLE. EV: FORCED_CHARGE power/max or
/// IDLE; appliance: RUN at its start; heat pump: ON electric/max or OFF. An instruction is emitted only when the mode
/// or factor changes. <see cref="HomePlanReplay"/> executes the battery instructions on
/// <see cref="Quartier.Resources.Devices.BatteryResource"/>.</para>
/// </summary>
public static class HomePlanner
{
    private const double Zero = 1e-6;

    /// <summary>Validates <paramref name="input"/>, builds and solves the MILP and returns the plan.</summary>
    /// <param name="input">The home and its forecasts.</param>
    /// <param name="solver">The solver; null = <c>Solvers.Default</c> (CBC).</param>
    /// <param name="options">Solve options; null = the solver's defaults. Its <see cref="SolveOptions.AbsoluteGap"/> is in EUR.</param>
    /// <exception cref="Quartier.Core.Errors.InputException">The input is invalid (the message names the field).</exception>
    public static HomePlan Plan(HomePlanInput input, ISolver? solver = null, SolveOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        var problem = HomeProblem.From(input);
        solver ??= Solvers.Solvers.Default;
        options ??= SolveOptions.Default;

        // the model counts milli-EUR: an absolute gap given in EUR is scaled to it
        options = options with { AbsoluteGap = options.AbsoluteGap * HomeFormulation.ObjectivePerEur };

        // First the LP relaxation (every binary continuous 0..1). When its optimum already meets every integer
        // requirement it is optimal for the MILP as well, and the MILP machinery is not needed.
        var relaxed = HomeFormulation.Build(problem, relaxed: true);
        var lp = solver.Solve(relaxed.Model, options);
        if (relaxed.Binaries == 0 || lp.Status == SolveStatus.Infeasible
            || (lp.Status == SolveStatus.Optimal && relaxed.SatisfiesIntegrality(lp, out _)))
        {
            return Extract(relaxed, lp, lp.SolveSeconds, relaxed.Binaries > 0, clock);
        }

        var milp = HomeFormulation.Build(problem);
        var remaining = Math.Max(options.TimeLimitSeconds - lp.SolveSeconds, Math.Min(options.TimeLimitSeconds, 0.5));
        var solution = solver.Solve(milp.Model, options with { TimeLimitSeconds = remaining });
        return Extract(milp, solution, lp.SolveSeconds + solution.SolveSeconds, false, clock);
    }

    /// <summary>The MILP for <paramref name="input"/> without solving it (e.g. for <see cref="Model.ToLpFormat"/>).</summary>
    /// <exception cref="Quartier.Core.Errors.InputException">The input is invalid.</exception>
    public static Model BuildModel(HomePlanInput input) => HomeFormulation.Build(HomeProblem.From(input)).Model;

    private static HomePlan Extract(HomeFormulation f, Solution solution, double solveSeconds, bool byRelaxation, Stopwatch clock)
    {
        var p = f.Problem;
        var n = p.Steps;
        var size = (f.Model.Variables.Count, f.Binaries, f.Model.Constraints.Count);
        var warnings = new List<string>();
        if (!solution.HasValues)
        {
            warnings.Add($"no plan: solver {solution.Solver} returned {solution.Status}{(solution.Message is null ? string.Empty : ": " + solution.Message)}");
            Diagnose(p, warnings);
            return new HomePlan
            {
                Status = solution.Status,
                HasValues = false,
                Solver = solution.Solver,
                SolverMessage = solution.Message,
                Start = p.Input.Start,
                StepSeconds = p.Input.StepSeconds,
                Steps = n,
                Warnings = warnings,
                SolveSeconds = solveSeconds,
                TotalSeconds = clock.Elapsed.TotalSeconds,
                ModelSize = size,
            };
        }

        if (solution.Status != SolveStatus.Optimal)
        {
            warnings.Add($"the plan is feasible but not proven optimal (solver status {solution.Status})");
        }

        var h = p.Hours;
        var import = Values(solution, f.Import);
        var export = Values(solution, f.Export);
        var curtail = Values(solution, f.Curtail);
        double cost = 0;
        for (var t = 0; t < n; t++)
        {
            cost += ((p.ImportPrice[t] * import[t]) - (p.ExportPrice[t] * export[t])) * h / 1000;
        }

        double[] charge = [], discharge = [], soc = [];
        double terminal = 0;
        if (p.Battery is { } b)
        {
            charge = Values(solution, f.Charge);
            discharge = Values(solution, f.Discharge);
            soc = new double[n + 1];
            var e = b.InitialSoc * b.CapacityWh;
            soc[0] = b.InitialSoc;
            for (var t = 0; t < n; t++)
            {
                e += (b.ChargeEfficiency * h * charge[t]) - (h / b.DischargeEfficiency * discharge[t]);
                soc[t + 1] = e / b.CapacityWh;
            }

            terminal = b.TerminalValueEurPerKwh * e / 1000;
        }

        double[] evPower = [], evSoc = [];
        var shortfalls = new List<EvShortfall>();
        double penalty = 0;
        if (p.Ev is { } ev)
        {
            evPower = Values(solution, f.EvPower);
            evSoc = new double[n + 1];
            var e = ev.InitialSoc * ev.CapacityWh;
            evSoc[0] = ev.InitialSoc;
            for (var t = 0; t < n; t++)
            {
                e += ev.ChargeEfficiency * h * evPower[t];
                evSoc[t + 1] = e / ev.CapacityWh;
            }

            var departures = ev.Departures ?? [];
            for (var i = 0; i < departures.Count; i++)
            {
                var d = departures[i];
                var missingKwh = (d.TargetSoc - evSoc[d.Step]) * ev.CapacityWh / 1000;
                penalty += Math.Max(solution.Value(f.EvSlack[i]), 0) * ev.ShortfallPenaltyEurPerKwh / 1000;
                if (missingKwh > 1e-6)
                {
                    shortfalls.Add(new EvShortfall(d.Step, d.TargetSoc, evSoc[d.Step], missingKwh));
                    warnings.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"EV '{ev.Id}': departure at step {d.Step} ({p.Input.StepStart(d.Step):yyyy-MM-dd HH:mm}Z) reaches SoC {evSoc[d.Step]:0.###} instead of {d.TargetSoc:0.###}: shortfall {missingKwh:0.###} kWh"));
                }
            }
        }

        var runs = new AppliancePlan[p.Appliances.Length];
        var appliancePower = p.Appliances.Length > 0 ? new double[n] : [];
        for (var a = 0; a < runs.Length; a++)
        {
            var x = f.ApplianceStart[a];
            var best = 0;
            for (var k = 1; k < x.Length; k++)
            {
                if (solution.Value(x[k]) > solution.Value(x[best]))
                {
                    best = k;
                }
            }

            var start = p.ApplianceStarts[a][best];
            var profile = p.ApplianceProfiles[a];
            var power = new double[n];
            for (var j = 0; j < profile.Length; j++)
            {
                power[start + j] = profile[j];
                appliancePower[start + j] += profile[j];
            }

            runs[a] = new AppliancePlan(p.Appliances[a].Id, start, power);
        }

        double[] hpPower = [], temp = [];
        if (p.HeatPump is { } hp)
        {
            hpPower = Values(solution, f.HeatPump);
            temp = new double[n + 1];
            temp[0] = hp.InitialTempC;
            for (var t = 0; t < n; t++)
            {
                temp[t + 1] = temp[t] + (((p.Cop[t] * hpPower[t]) - p.HeatDemand[t]) * h / hp.BufferCapacityWhPerK);
            }
        }

        var plan = new HomePlan
        {
            Status = solution.Status,
            HasValues = true,
            Solver = solution.Solver,
            SolverMessage = solution.Message,
            Start = p.Input.Start,
            StepSeconds = p.Input.StepSeconds,
            Steps = n,
            ObjectiveEur = solution.Objective / HomeFormulation.ObjectivePerEur,
            CostEur = cost,
            TerminalValueEur = terminal,
            PenaltyEur = penalty,
            ImportW = import,
            ExportW = export,
            CurtailmentW = curtail,
            BatteryChargeW = charge,
            BatteryDischargeW = discharge,
            BatterySoc = soc,
            EvPowerW = evPower,
            EvSoc = evSoc,
            HeatPumpElectricW = hpPower,
            BufferTempC = temp,
            AppliancePowerW = appliancePower,
            Appliances = runs,
            EvShortfalls = shortfalls,
            Warnings = warnings,
            SolveSeconds = solveSeconds,
            SolvedByRelaxation = byRelaxation,
            ModelSize = size,
        };
        plan.Instructions = HomeInstructions.Build(p, plan);
        plan.TotalSeconds = clock.Elapsed.TotalSeconds;
        return plan;
    }

    /// <summary>Solver values, with tiny and negative values (solver tolerance) set to 0.</summary>
    private static double[] Values(Solution solution, Variable[] vars)
    {
        var a = new double[vars.Length];
        for (var i = 0; i < a.Length; i++)
        {
            var v = solution.Value(vars[i]);
            a[i] = v > Zero ? v : 0;
        }

        return a;
    }

    /// <summary>Adds likely causes of an infeasible plan: steps whose load the grid and battery cannot cover, a buffer the heat pump cannot keep warm.</summary>
    private static void Diagnose(HomeProblem p, List<string> warnings)
    {
        var h = p.Hours;
        var reported = 0;
        var batteryMax = p.Battery?.DischargeLimitW ?? 0;
        for (var t = 0; t < p.Steps && reported < 5; t++)
        {
            var minAppliance = 0.0;
            for (var a = 0; a < p.Appliances.Length; a++)
            {
                var starts = p.ApplianceStarts[a];
                var always = true;
                for (var k = 0; k < starts.Length && always; k++)
                {
                    var j = t - starts[k];
                    always = j >= 0 && j < p.ApplianceProfiles[a].Length;
                }

                if (always)
                {
                    var lowest = double.PositiveInfinity;
                    for (var k = 0; k < starts.Length; k++)
                    {
                        lowest = Math.Min(lowest, p.ApplianceProfiles[a][t - starts[k]]);
                    }

                    minAppliance += lowest;
                }
            }

            var need = p.Load[t] + minAppliance - p.Pv[t] - batteryMax;
            if (need > p.ImportLimitW + 1e-9)
            {
                reported++;
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"step {t} ({p.Input.StepStart(t):yyyy-MM-dd HH:mm}Z): load {p.Load[t] + minAppliance:0.###} W − PV {p.Pv[t]:0.###} W − battery discharge {batteryMax:0.###} W leaves {need:0.###} W, above ImportLimitW {p.ImportLimitW:0.###} W"));
            }
        }

        if (p.HeatPump is { } hp)
        {
            var temp = hp.InitialTempC;
            for (var t = 0; t < p.Steps; t++)
            {
                temp = Math.Min(hp.MaxTempC, temp + (((p.Cop[t] * hp.MaxElectricW) - p.HeatDemand[t]) * h / hp.BufferCapacityWhPerK));
                if (temp < hp.MinTempC - 1e-9)
                {
                    warnings.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"heat pump '{hp.Id}': even at full power the buffer falls to {temp:0.###} °C at the end of step {t}, below MinTempC {hp.MinTempC:0.###} °C"));
                    break;
                }
            }
        }
    }
}
