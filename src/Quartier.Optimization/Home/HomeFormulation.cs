using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Home;

/// <summary>
/// The home MILP (see <see cref="HomePlanner"/> for the formulation) and the handles of its variables.
/// Powers are W, stored energies Wh, temperatures °C; the objective is milli-EUR (<see cref="ObjectivePerEur"/>).
/// </summary>
internal sealed class HomeFormulation
{
    /// <summary>Tie-break cost on battery throughput (EUR per kWh charged or discharged).</summary>
    internal const double ThroughputTieBreakEurPerKwh = 1e-5;

    /// <summary>
    /// The objective is in milli-EUR (price in EUR/kWh × energy in Wh): coefficients of ~0.01–0.1 per W keep the
    /// solvers' absolute optimality tolerances (~1e-7) far below every price difference.
    /// </summary>
    internal const double ObjectivePerEur = 1000;

    private HomeFormulation(HomeProblem problem, Model model, bool relaxed)
    {
        Problem = problem;
        Model = model;
        Relaxed = relaxed;
        var n = problem.Steps;
        Import = new Variable[n];
        Export = new Variable[n];
        Curtail = new Variable[n];
    }

    public HomeProblem Problem { get; }

    public Model Model { get; }

    public Variable[] Import { get; }

    public Variable[] Export { get; }

    public Variable[] Curtail { get; }

    public Variable[] Charge { get; private set; } = [];

    public Variable[] Discharge { get; private set; } = [];

    public Variable[] EvPower { get; private set; } = [];

    /// <summary>EV departure slack (Wh stored), parallel to <see cref="HomeEv.Departures"/>.</summary>
    public Variable[] EvSlack { get; private set; } = [];

    /// <summary>Per appliance, the start binaries parallel to <see cref="HomeProblem.ApplianceStarts"/>.</summary>
    public Variable[][] ApplianceStart { get; private set; } = [];

    public Variable[] HeatPump { get; private set; } = [];

    /// <summary>Integer variables (binaries, and the EV's level counts); 0 makes the model an LP.</summary>
    public int Binaries { get; private set; }

    /// <summary>True for the LP relaxation: every binary is a continuous 0..1 column.</summary>
    public bool Relaxed { get; }

    /// <summary>Steps with an import/export binary.</summary>
    public List<int> GridBinarySteps { get; } = [];

    /// <summary>Steps with a charge/discharge binary.</summary>
    public List<int> BatteryBinarySteps { get; } = [];

    /// <summary>
    /// Builds the model for a validated problem; with <paramref name="relaxed"/> every binary becomes a continuous
    /// 0..1 column (the LP relaxation, same names and rows).
    /// </summary>
    public static HomeFormulation Build(HomeProblem p, bool relaxed = false)
    {
        var model = new Model(relaxed ? "home_lp" : "home");
        var f = new HomeFormulation(p, model, relaxed);
        var n = p.Steps;
        var h = p.Hours;
        var wh = h; // W over one step → Wh; × EUR/kWh = milli-EUR
        var bat = p.Battery;
        var ev = p.Ev;
        var hp = p.HeatPump;

        // balance_t: import − export − curtail + discharge − charge − ev − hp − Σ appliances = load − pv
        var balance = new LinearExpression[n];
        // own_t (battery without grid export): discharge − ev − hp − Σ appliances ≤ load
        LinearExpression[]? own = bat is { AllowGridExport: false } ? new LinearExpression[n] : null;
        var objective = new LinearExpression(8 * n);
        double appMax = 0;
        for (var a = 0; a < p.Appliances.Length; a++)
        {
            appMax += Max(p.ApplianceProfiles[a]);
        }

        var evMax = ev is null ? 0 : p.EvLevels is { } lv ? lv[^1] : ev.MaxChargeW;
        for (var t = 0; t < n; t++)
        {
            var consumptionCap = p.Load[t] + (bat?.MaxChargeW ?? 0) + (ev is not null && p.EvAvailable[t] ? evMax : 0) + appMax + (hp?.MaxElectricW ?? 0);
            var importUpper = Math.Min(Math.Min(p.ImportLimitW, p.ImportLimits?[t] ?? double.PositiveInfinity), consumptionCap);
            var exportUpper = Math.Min(p.ExportLimitW, p.Pv[t] + (bat is { AllowGridExport: true } ? bat.DischargeLimitW : 0));
            var imp = model.Continuous($"import_{t}", 0, importUpper);
            var exp = model.Continuous($"export_{t}", 0, exportUpper);
            var cur = model.Continuous($"curtail_{t}", 0, p.Pv[t]);
            f.Import[t] = imp;
            f.Export[t] = exp;
            f.Curtail[t] = cur;
            balance[t] = new LinearExpression(8).Add(imp).Add(exp, -1).Add(cur, -1);
            if (own is not null)
            {
                own[t] = new LinearExpression(4);
            }

            objective.Add(imp, p.ImportPrice[t] * wh);
            objective.Add(exp, -p.ExportPrice[t] * wh);

            // Import and export at once pays only when exporting earns at least what importing costs.
            if (p.ExportPrice[t] >= p.ImportPrice[t] && importUpper > 0 && exportUpper > 0)
            {
                var z = f.NewBinary($"importing_{t}");
                f.GridBinarySteps.Add(t);
                model.AddLe(new LinearExpression(2).Add(imp).Add(z, -importUpper), 0, $"import_only_{t}");
                model.AddLe(new LinearExpression(2).Add(exp).Add(z, exportUpper), exportUpper, $"export_only_{t}");
            }
        }

        if (bat is not null)
        {
            AddBattery(f, bat, balance, own, objective);
        }

        if (ev is not null)
        {
            AddEv(f, ev, balance, own, objective);
        }

        if (p.Appliances.Length > 0)
        {
            AddAppliances(f, balance, own);
        }

        if (hp is not null)
        {
            AddHeatPump(f, hp, balance, own);
        }

        for (var t = 0; t < n; t++)
        {
            model.AddEq(balance[t], p.Load[t] - p.Pv[t], $"balance_{t}");
            if (own is not null)
            {
                model.AddLe(own[t], p.Load[t], $"no_battery_export_{t}");
            }
        }

        model.Minimize(objective);
        return f;
    }

    private static void AddBattery(HomeFormulation f, HomeBattery b, LinearExpression[] balance, LinearExpression[]? own, LinearExpression objective)
    {
        var p = f.Problem;
        var m = f.Model;
        var n = p.Steps;
        var h = p.Hours;
        var pc = b.MaxChargeW;
        var pd = b.DischargeLimitW;
        var tie = ThroughputTieBreakEurPerKwh * h;
        f.Charge = new Variable[n];
        f.Discharge = new Variable[n];
        var e0 = b.InitialSoc * b.CapacityWh;
        Variable previous = default;
        for (var t = 0; t < n; t++)
        {
            var ch = m.Continuous($"bat_charge_{t}", 0, pc);
            var dis = m.Continuous($"bat_discharge_{t}", 0, pd);
            var e = m.Continuous($"bat_energy_{t + 1}", b.MinSoc * b.CapacityWh, b.MaxSoc * b.CapacityWh);
            f.Charge[t] = ch;
            f.Discharge[t] = dis;
            balance[t].Add(dis).Add(ch, -1);
            own?[t].Add(dis);
            objective.Add(ch, tie).Add(dis, tie);

            // e_{t+1} = e_t + η_c·h·charge − h/η_d·discharge
            var soc = new LinearExpression(4).Add(e).Add(ch, -b.ChargeEfficiency * h).Add(dis, h / b.DischargeEfficiency);
            if (t > 0)
            {
                soc.Add(previous, -1);
            }

            m.AddEq(soc, t == 0 ? e0 : 0, $"bat_soc_{t}");

            // Charging and discharging at once only wastes energy; that pays only when energy has a negative price.
            if (p.ImportPrice[t] < 0 && pc > 0 && pd > 0)
            {
                var w = f.NewBinary($"bat_charging_{t}");
                f.BatteryBinarySteps.Add(t);
                m.AddLe(new LinearExpression(2).Add(ch).Add(w, -pc), 0, $"bat_charge_only_{t}");
                m.AddLe(new LinearExpression(2).Add(dis).Add(w, pd), pd, $"bat_discharge_only_{t}");
            }

            previous = e;
        }

        objective.Add(previous, -b.TerminalValueEurPerKwh);
    }

    private static void AddEv(HomeFormulation f, HomeEv ev, LinearExpression[] balance, LinearExpression[]? own, LinearExpression objective)
    {
        var p = f.Problem;
        var m = f.Model;
        var n = p.Steps;
        var h = p.Hours;
        var levels = p.EvLevels;
        var max = levels is null ? ev.MaxChargeW : levels[^1];
        f.EvPower = new Variable[n];
        var energy = new Variable[n + 1];
        var e0 = ev.InitialSoc * ev.CapacityWh;
        for (var t = 0; t < n; t++)
        {
            var on = p.EvAvailable[t];
            var pw = m.Continuous($"ev_power_{t}", 0, on ? max : 0);
            f.EvPower[t] = pw;
            balance[t].Add(pw, -1);
            own?[t].Add(pw, -1);
            if (on && levels is not null && EvenStep(levels) is { } step)
            {
                // evenly spaced levels (EOS's charge rates 0, 0.1, …, 1): one integer count of steps, not a binary per level
                var k = f.NewInteger($"ev_level_{t}", levels.Length);
                m.AddEq(new LinearExpression(2).Add(pw).Add(k, -step), 0, $"ev_levels_{t}");
            }
            else if (on && levels is not null)
            {
                var pick = new LinearExpression(levels.Length + 1).Add(pw);
                var one = new LinearExpression(levels.Length);
                for (var l = 0; l < levels.Length; l++)
                {
                    var y = f.NewBinary($"ev_level_{t}_{l}");
                    pick.Add(y, -levels[l]);
                    one.Add(y);
                }

                m.AddEq(pick, 0, $"ev_levels_{t}");
                m.AddLe(one, 1, $"ev_one_level_{t}");
            }

            var e = m.Continuous($"ev_energy_{t + 1}", 0, ev.MaxSoc * ev.CapacityWh);
            energy[t + 1] = e;
            var soc = new LinearExpression(3).Add(e).Add(pw, -ev.ChargeEfficiency * h);
            if (t > 0)
            {
                soc.Add(energy[t], -1);
            }

            m.AddEq(soc, t == 0 ? e0 : 0, $"ev_soc_{t}");
        }

        var departures = ev.Departures ?? [];
        f.EvSlack = new Variable[departures.Count];
        for (var i = 0; i < departures.Count; i++)
        {
            var d = departures[i];
            var target = d.TargetSoc * ev.CapacityWh;
            var slack = m.Continuous($"ev_shortfall_{i}", 0, target);
            f.EvSlack[i] = slack;
            objective.Add(slack, ev.ShortfallPenaltyEurPerKwh);
            m.AddGe(new LinearExpression(2).Add(energy[d.Step]).Add(slack), target, $"ev_departure_{i}");
        }
    }

    private static void AddAppliances(HomeFormulation f, LinearExpression[] balance, LinearExpression[]? own)
    {
        var p = f.Problem;
        var m = f.Model;
        f.ApplianceStart = new Variable[p.Appliances.Length][];
        for (var a = 0; a < p.Appliances.Length; a++)
        {
            var id = p.Appliances[a].Id;
            var profile = p.ApplianceProfiles[a];
            var starts = p.ApplianceStarts[a];
            var x = new Variable[starts.Length];
            var once = new LinearExpression(starts.Length);
            for (var k = 0; k < starts.Length; k++)
            {
                var s = starts[k];
                x[k] = f.NewBinary($"start_{id}_{s}");
                once.Add(x[k]);
                for (var j = 0; j < profile.Length; j++)
                {
                    if (profile[j] != 0)
                    {
                        balance[s + j].Add(x[k], -profile[j]);
                        own?[s + j].Add(x[k], -profile[j]);
                    }
                }
            }

            m.AddEq(once, 1, $"start_once_{id}");
            f.ApplianceStart[a] = x;
        }
    }

    private static void AddHeatPump(HomeFormulation f, HomeHeatPump hp, LinearExpression[] balance, LinearExpression[]? own)
    {
        var p = f.Problem;
        var m = f.Model;
        var n = p.Steps;
        var h = p.Hours;
        var c = hp.BufferCapacityWhPerK;
        f.HeatPump = new Variable[n];
        var finalLow = Math.Max(hp.MinTempC, hp.MinFinalTempC ?? hp.MinTempC);
        Variable previous = default;
        for (var t = 0; t < n; t++)
        {
            var pw = m.Continuous($"hp_power_{t}", 0, hp.MaxElectricW);
            f.HeatPump[t] = pw;
            balance[t].Add(pw, -1);
            own?[t].Add(pw, -1);
            if (hp.MinElectricW > 0)
            {
                var on = f.NewBinary($"hp_on_{t}");
                m.AddLe(new LinearExpression(2).Add(pw).Add(on, -hp.MaxElectricW), 0, $"hp_max_{t}");
                m.AddGe(new LinearExpression(2).Add(pw).Add(on, -hp.MinElectricW), 0, $"hp_min_{t}");
            }

            // T_{t+1} = T_t + (COP·P − demand)·h / C
            var temp = m.Continuous($"hp_temp_{t + 1}", t == n - 1 ? finalLow : hp.MinTempC, hp.MaxTempC);
            var dyn = new LinearExpression(3).Add(temp).Add(pw, -p.Cop[t] * h / c);
            if (t > 0)
            {
                dyn.Add(previous, -1);
            }

            var rhs = (-p.HeatDemand[t] * h / c) + (t == 0 ? hp.InitialTempC : 0);
            m.AddEq(dyn, rhs, $"hp_temp_{t}");
            previous = temp;
        }
    }

    /// <summary>
    /// True when the values of <paramref name="lp"/> (a solution of the relaxation) satisfy every integer
    /// requirement of the MILP: no import and export at once and no charge and discharge at once where those have
    /// binaries, integral appliance starts, EV power at one of its levels, heat pump off or at least its minimum.
    /// Then it is optimal for the MILP too (the MILP's feasible set lies inside the relaxation's).
    /// </summary>
    public bool SatisfiesIntegrality(Solution lp, out string? violation)
    {
        const double powerTol = 1e-6;
        const double intTol = 1e-7;
        var p = Problem;
        foreach (var t in GridBinarySteps)
        {
            if (Math.Min(lp.Value(Import[t]), lp.Value(Export[t])) > powerTol)
            {
                violation = $"import and export at step {t}";
                return false;
            }
        }

        foreach (var t in BatteryBinarySteps)
        {
            if (Math.Min(lp.Value(Charge[t]), lp.Value(Discharge[t])) > powerTol)
            {
                violation = $"charge and discharge at step {t}";
                return false;
            }
        }

        for (var a = 0; a < ApplianceStart.Length; a++)
        {
            foreach (var x in ApplianceStart[a])
            {
                var v = lp.Value(x);
                if (v > intTol && v < 1 - intTol)
                {
                    violation = $"fractional start of appliance '{p.Appliances[a].Id}'";
                    return false;
                }
            }
        }

        if (p.EvLevels is { } levels)
        {
            for (var t = 0; t < EvPower.Length; t++)
            {
                var v = lp.Value(EvPower[t]);
                var ok = v <= powerTol;
                for (var l = 0; l < levels.Length && !ok; l++)
                {
                    ok = Math.Abs(v - levels[l]) <= powerTol;
                }

                if (!ok)
                {
                    violation = $"EV power {v} W between levels at step {t}";
                    return false;
                }
            }
        }

        if (p.HeatPump is { MinElectricW: > 0 } hp)
        {
            for (var t = 0; t < HeatPump.Length; t++)
            {
                var v = lp.Value(HeatPump[t]);
                if (v > powerTol && v < hp.MinElectricW - powerTol)
                {
                    violation = $"heat pump at {v} W below its minimum at step {t}";
                    return false;
                }
            }
        }

        violation = null;
        return true;
    }

    /// <summary>Δ when <paramref name="levels"/> are Δ, 2Δ, …, nΔ (to 1e-9 relative), else null.</summary>
    private static double? EvenStep(double[] levels)
    {
        var step = levels[0];
        for (var l = 1; l < levels.Length; l++)
        {
            if (Math.Abs(levels[l] - ((l + 1) * step)) > 1e-9 * levels[^1])
            {
                return null;
            }
        }

        return step;
    }

    private Variable NewInteger(string name, int upper)
    {
        Binaries++;
        return Relaxed ? Model.Continuous(name, 0, upper) : Model.Integer(name, 0, upper);
    }

    private Variable NewBinary(string name)
    {
        Binaries++;
        return Relaxed ? Model.Continuous(name, 0, 1) : Model.Binary(name);
    }

    private static double Max(double[] values)
    {
        var max = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            max = Math.Max(max, values[i]);
        }

        return max;
    }
}
