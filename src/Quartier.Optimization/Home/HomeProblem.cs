using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Optimization.Home;

/// <summary>A validated <see cref="HomePlanInput"/> with every series resolved to an array of <see cref="Steps"/> values.</summary>
internal sealed class HomeProblem
{
    private const string Who = "home plan input";

    private HomeProblem(HomePlanInput input)
    {
        Input = input;
    }

    public HomePlanInput Input { get; }

    public int Steps { get; private init; }

    /// <summary>Step length in hours.</summary>
    public double Hours { get; private init; }

    public double[] Pv { get; private init; } = [];

    public double[] Load { get; private init; } = [];

    public double[] ImportPrice { get; private init; } = [];

    public double[] ExportPrice { get; private init; } = [];

    public double ImportLimitW { get; private init; }

    public double[]? ImportLimits { get; private init; }

    public double ExportLimitW { get; private init; }

    public HomeBattery? Battery { get; private init; }

    public HomeEv? Ev { get; private init; }

    /// <summary>Per step: the EV is plugged in.</summary>
    public bool[] EvAvailable { get; private init; } = [];

    /// <summary>Distinct positive EV power levels (W), ascending; null = continuous.</summary>
    public double[]? EvLevels { get; private init; }

    public HomeAppliance[] Appliances { get; private init; } = [];

    public double[][] ApplianceProfiles { get; private init; } = [];

    /// <summary>Per appliance: the admissible start steps, ascending.</summary>
    public int[][] ApplianceStarts { get; private init; } = [];

    public HomeHeatPump? HeatPump { get; private init; }

    public double[] HeatDemand { get; private init; } = [];

    public double[] Cop { get; private init; } = [];

    /// <summary>Validates <paramref name="input"/>.</summary>
    /// <exception cref="InputException">A field is missing or out of range; the message names it.</exception>
    public static HomeProblem From(HomePlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Start.Offset != TimeSpan.Zero)
        {
            throw Fail($"Start {input.Start:O} must be UTC (offset +00:00)");
        }

        if (input.StepSeconds is not (900 or 3600))
        {
            throw Fail($"StepSeconds {input.StepSeconds} is not allowed; use 900 (15 min) or 3600 (1 h)");
        }

        if (input.PvW is null)
        {
            throw Fail("PvW is missing (one PV forecast value per step)");
        }

        var steps = input.PvW.Count;
        var hours = input.StepSeconds / 3600.0;
        var perDay = (int)(24 / hours);
        if (steps < perDay || steps > 2 * perDay)
        {
            throw Fail($"PvW has {steps} steps of {input.StepSeconds} s ({F(steps * hours)} h); the horizon must be 24–48 h, i.e. {perDay}..{2 * perDay} steps");
        }

        var pv = Series(Who, null, nameof(input.PvW), input.PvW, steps, min: 0);
        var load = Series(Who, null, nameof(input.LoadW), input.LoadW, steps, min: 0);
        var importPrice = Series(Who, null, nameof(input.ImportPriceEurPerKwh), input.ImportPriceEurPerKwh, steps, min: double.NegativeInfinity);
        if (input.ExportPriceEurPerKwh is not null && input.ExportPricesEurPerKwh is not null)
        {
            throw Fail("set either ExportPriceEurPerKwh (constant) or ExportPricesEurPerKwh (per step), not both");
        }

        double[] exportPrice;
        if (input.ExportPricesEurPerKwh is not null)
        {
            exportPrice = Series(Who, null, nameof(input.ExportPricesEurPerKwh), input.ExportPricesEurPerKwh, steps, min: double.NegativeInfinity);
        }
        else
        {
            var p = input.ExportPriceEurPerKwh ?? 0;
            if (!double.IsFinite(p))
            {
                throw Fail($"ExportPriceEurPerKwh {F(p)} must be a finite number (EUR/kWh)");
            }

            exportPrice = new double[steps];
            Array.Fill(exportPrice, p);
        }

        Limit(nameof(input.ImportLimitW), input.ImportLimitW);
        double[]? importLimits = null;
        if (input.ImportLimitsW is { } limits)
        {
            if (limits.Count != steps)
            {
                throw new InputException($"home plan input: ImportLimitsW has {limits.Count} values for {steps} steps");
            }

            importLimits = [.. limits];
            for (int t = 0; t < steps; t++)
            {
                Limit($"{nameof(input.ImportLimitsW)}[{t}]", importLimits[t]);
            }
        }
        Limit(nameof(input.ExportLimitW), input.ExportLimitW);

        var battery = input.Battery;
        if (battery is not null)
        {
            ValidateBattery(battery);
        }

        var ev = input.Ev;
        bool[] evAvailable = [];
        double[]? evLevels = null;
        if (ev is not null)
        {
            (evAvailable, evLevels) = ValidateEv(ev, steps);
        }

        var appliances = input.Appliances ?? [];
        var apps = new HomeAppliance[appliances.Count];
        var profiles = new double[apps.Length][];
        var starts = new int[apps.Length][];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < apps.Length; a++)
        {
            var app = appliances[a] ?? throw Fail($"Appliances[{a}] is null");
            apps[a] = app;
            (profiles[a], starts[a]) = ValidateAppliance(app, a, steps);
            if (!ids.Add(app.Id))
            {
                throw new InputException($"{Who}: appliance id '{app.Id}' is used twice; ids must be unique", elementId: app.Id);
            }
        }

        var hp = input.HeatPump;
        double[] demand = [];
        double[] cop = [];
        if (hp is not null)
        {
            (demand, cop) = ValidateHeatPump(hp, steps);
        }

        return new HomeProblem(input)
        {
            Steps = steps,
            Hours = hours,
            Pv = pv,
            Load = load,
            ImportPrice = importPrice,
            ExportPrice = exportPrice,
            ImportLimitW = input.ImportLimitW,
            ImportLimits = importLimits,
            ExportLimitW = input.ExportLimitW,
            Battery = battery,
            Ev = ev,
            EvAvailable = evAvailable,
            EvLevels = evLevels,
            Appliances = apps,
            ApplianceProfiles = profiles,
            ApplianceStarts = starts,
            HeatPump = hp,
            HeatDemand = demand,
            Cop = cop,
        };
    }

    private static void ValidateBattery(HomeBattery b)
    {
        var who = $"battery '{b.Id}'";
        Positive(who, b.Id, nameof(b.CapacityWh), b.CapacityWh);
        NonNegative(who, b.Id, nameof(b.MaxChargeW), b.MaxChargeW);
        NonNegative(who, b.Id, nameof(b.MaxDischargeW), b.DischargeLimitW);
        Efficiency(who, b.Id, nameof(b.ChargeEfficiency), b.ChargeEfficiency);
        Efficiency(who, b.Id, nameof(b.DischargeEfficiency), b.DischargeEfficiency);
        Fraction(who, b.Id, nameof(b.MinSoc), b.MinSoc);
        Fraction(who, b.Id, nameof(b.MaxSoc), b.MaxSoc);
        if (!(b.MinSoc < b.MaxSoc))
        {
            throw new InputException($"{who}: MinSoc {F(b.MinSoc)} must be below MaxSoc {F(b.MaxSoc)}", elementId: b.Id);
        }

        if (!(b.InitialSoc >= b.MinSoc && b.InitialSoc <= b.MaxSoc))
        {
            throw new InputException($"{who}: InitialSoc {F(b.InitialSoc)} must be within MinSoc..MaxSoc ({F(b.MinSoc)}..{F(b.MaxSoc)})", elementId: b.Id);
        }

        NonNegative(who, b.Id, nameof(b.TerminalValueEurPerKwh), b.TerminalValueEurPerKwh);
    }

    private static (bool[] Available, double[]? Levels) ValidateEv(HomeEv ev, int steps)
    {
        var who = $"EV '{ev.Id}'";
        Positive(who, ev.Id, nameof(ev.CapacityWh), ev.CapacityWh);
        Positive(who, ev.Id, nameof(ev.MaxChargeW), ev.MaxChargeW);
        Efficiency(who, ev.Id, nameof(ev.ChargeEfficiency), ev.ChargeEfficiency);
        if (!(ev.MaxSoc > 0 && ev.MaxSoc <= 1))
        {
            throw new InputException($"{who}: MaxSoc {F(ev.MaxSoc)} is outside (0, 1]", elementId: ev.Id);
        }

        if (!(ev.InitialSoc >= 0 && ev.InitialSoc <= ev.MaxSoc))
        {
            throw new InputException($"{who}: InitialSoc {F(ev.InitialSoc)} must be within 0..MaxSoc ({F(ev.MaxSoc)})", elementId: ev.Id);
        }

        Positive(who, ev.Id, nameof(ev.ShortfallPenaltyEurPerKwh), ev.ShortfallPenaltyEurPerKwh);
        var available = new bool[steps];
        if (ev.Available is null)
        {
            Array.Fill(available, true);
        }
        else
        {
            for (var i = 0; i < ev.Available.Count; i++)
            {
                var r = ev.Available[i];
                if (r.Start < 0 || r.End > steps || r.Start >= r.End)
                {
                    throw new InputException($"{who}: Available[{i}] = [{r.Start}, {r.End}) must be a non-empty step range within 0..{steps}", elementId: ev.Id);
                }

                for (var t = r.Start; t < r.End; t++)
                {
                    available[t] = true;
                }
            }
        }

        double[]? levels = null;
        if (ev.PowerLevelsW is not null)
        {
            var set = new SortedSet<double>();
            for (var i = 0; i < ev.PowerLevelsW.Count; i++)
            {
                var p = ev.PowerLevelsW[i];
                if (!(p >= 0 && p <= ev.MaxChargeW))
                {
                    throw new InputException($"{who}: PowerLevelsW[{i}] = {F(p)} must be within 0..MaxChargeW ({F(ev.MaxChargeW)})", elementId: ev.Id);
                }

                if (p > 0)
                {
                    set.Add(p);
                }
            }

            if (set.Count == 0)
            {
                throw new InputException($"{who}: PowerLevelsW has no level above 0; give at least one charging power or leave it null for 0..MaxChargeW", elementId: ev.Id);
            }

            levels = [.. set];
        }

        var departures = ev.Departures ?? [];
        for (var i = 0; i < departures.Count; i++)
        {
            var d = departures[i];
            if (d.Step < 1 || d.Step > steps)
            {
                throw new InputException($"{who}: Departures[{i}].Step {d.Step} must be within 1..{steps} (the step at whose start the car leaves; {steps} = end of the horizon)", elementId: ev.Id);
            }

            if (!(d.TargetSoc >= 0 && d.TargetSoc <= ev.MaxSoc))
            {
                throw new InputException($"{who}: Departures[{i}].TargetSoc {F(d.TargetSoc)} must be within 0..MaxSoc ({F(ev.MaxSoc)})", elementId: ev.Id);
            }
        }

        return (available, levels);
    }

    private static (double[] Profile, int[] Starts) ValidateAppliance(HomeAppliance app, int index, int steps)
    {
        if (string.IsNullOrWhiteSpace(app.Id))
        {
            throw Fail($"Appliances[{index}].Id is empty; give every appliance an id");
        }

        var who = $"appliance '{app.Id}'";
        if (app.ProfileW is null || app.ProfileW.Count == 0)
        {
            throw new InputException($"{who}: ProfileW is empty; give the power of every step of the run", elementId: app.Id);
        }

        var profile = Series(who, app.Id, nameof(app.ProfileW), app.ProfileW, app.ProfileW.Count, min: 0);
        var d = profile.Length;
        if (d > steps)
        {
            throw new InputException($"{who}: the run lasts {d} steps, longer than the horizon of {steps} steps", elementId: app.Id);
        }

        var ok = new bool[steps];
        if (app.Windows is null)
        {
            for (var s = 0; s + d <= steps; s++)
            {
                ok[s] = true;
            }
        }
        else
        {
            for (var i = 0; i < app.Windows.Count; i++)
            {
                var w = app.Windows[i];
                if (w.Start < 0 || w.End > steps || w.Start >= w.End)
                {
                    throw new InputException($"{who}: Windows[{i}] = [{w.Start}, {w.End}) must be a non-empty step range within 0..{steps}", elementId: app.Id);
                }

                for (var s = w.Start; s + d <= w.End; s++)
                {
                    ok[s] = true;
                }
            }
        }

        var starts = new List<int>();
        for (var s = 0; s < steps; s++)
        {
            if (ok[s])
            {
                starts.Add(s);
            }
        }

        if (starts.Count == 0)
        {
            throw new InputException($"{who}: no window is long enough for the run of {d} steps; widen a window to at least {d} steps", elementId: app.Id);
        }

        return (profile, [.. starts]);
    }

    private static (double[] Demand, double[] Cop) ValidateHeatPump(HomeHeatPump hp, int steps)
    {
        var who = $"heat pump '{hp.Id}'";
        Positive(who, hp.Id, nameof(hp.BufferCapacityWhPerK), hp.BufferCapacityWhPerK);
        Positive(who, hp.Id, nameof(hp.MaxElectricW), hp.MaxElectricW);
        if (!(double.IsFinite(hp.MinTempC) && double.IsFinite(hp.MaxTempC) && hp.MinTempC < hp.MaxTempC))
        {
            throw new InputException($"{who}: the comfort band MinTempC..MaxTempC ({F(hp.MinTempC)}..{F(hp.MaxTempC)}) must be finite with MinTempC < MaxTempC", elementId: hp.Id);
        }

        if (!(hp.InitialTempC >= hp.MinTempC && hp.InitialTempC <= hp.MaxTempC))
        {
            throw new InputException($"{who}: InitialTempC {F(hp.InitialTempC)} must be within the comfort band {F(hp.MinTempC)}..{F(hp.MaxTempC)}", elementId: hp.Id);
        }

        if (hp.MinFinalTempC is { } fin && !(fin <= hp.MaxTempC && double.IsFinite(fin)))
        {
            throw new InputException($"{who}: MinFinalTempC {F(fin)} must be finite and at most MaxTempC {F(hp.MaxTempC)}", elementId: hp.Id);
        }

        if (!(hp.MinElectricW >= 0 && hp.MinElectricW <= hp.MaxElectricW))
        {
            throw new InputException($"{who}: MinElectricW {F(hp.MinElectricW)} must be within 0..MaxElectricW ({F(hp.MaxElectricW)})", elementId: hp.Id);
        }

        var demand = Series(who, hp.Id, nameof(hp.HeatDemandW), hp.HeatDemandW, steps, min: 0);
        if (hp.Cop is not null && hp.Cops is not null)
        {
            throw new InputException($"{who}: set either Cop (constant) or Cops (per step), not both", elementId: hp.Id);
        }

        double[] cop;
        if (hp.Cops is not null)
        {
            cop = Series(who, hp.Id, nameof(hp.Cops), hp.Cops, steps, min: 0, positive: true);
        }
        else if (hp.Cop is { } c)
        {
            if (!(c > 0 && double.IsFinite(c)))
            {
                throw new InputException($"{who}: Cop {F(c)} must be a finite number > 0", elementId: hp.Id);
            }

            cop = new double[steps];
            Array.Fill(cop, c);
        }
        else
        {
            throw new InputException($"{who}: the COP is missing; set Cop (constant) or Cops (per step)", elementId: hp.Id);
        }

        return (demand, cop);
    }

    private static double[] Series(string who, string? id, string name, IReadOnlyList<double>? values, int steps, double min, bool positive = false)
    {
        if (values is null)
        {
            throw new InputException($"{who}: {name} is missing ({steps} values, one per step)", elementId: id);
        }

        if (values.Count != steps)
        {
            throw new InputException($"{who}: {name} has {values.Count} values; expected {steps} (one per step, as PvW)", elementId: id);
        }

        var a = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            var v = values[t];
            if (!double.IsFinite(v) || v < min || (positive && v <= min))
            {
                var allowed = double.IsNegativeInfinity(min) ? "a finite number" : positive ? $"a finite number > {F(min)}" : $"a finite number >= {F(min)}";
                throw new InputException($"{who}: {name}[{t}] = {F(v)} must be {allowed}", elementId: id);
            }

            a[t] = v;
        }

        return a;
    }

    private static void Limit(string name, double v)
    {
        if (!(v >= 0))
        {
            throw Fail($"{name} {F(v)} must be >= 0 W (0 = none allowed; +infinity = unlimited)");
        }
    }

    private static void Positive(string who, string id, string name, double v)
    {
        if (!(v > 0) || !double.IsFinite(v))
        {
            throw new InputException($"{who}: {name} {F(v)} must be a finite number > 0", elementId: id);
        }
    }

    private static void NonNegative(string who, string id, string name, double v)
    {
        if (!(v >= 0) || !double.IsFinite(v))
        {
            throw new InputException($"{who}: {name} {F(v)} must be a finite number >= 0", elementId: id);
        }
    }

    private static void Fraction(string who, string id, string name, double v)
    {
        if (!(v >= 0 && v <= 1))
        {
            throw new InputException($"{who}: {name} {F(v)} is outside 0..1 (a fraction of the capacity)", elementId: id);
        }
    }

    private static void Efficiency(string who, string id, string name, double v)
    {
        if (!(v > 0 && v <= 1))
        {
            throw new InputException($"{who}: {name} {F(v)} is outside (0, 1]", elementId: id);
        }
    }

    private static InputException Fail(string message) => new($"{Who}: {message}");

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
