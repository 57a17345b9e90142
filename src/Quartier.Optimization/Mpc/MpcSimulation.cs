using System.Diagnostics;
using Quartier.Core.Series;
using Quartier.Optimization.Home;
using Quartier.Resources.Devices;

namespace Quartier.Optimization.Mpc;

/// <summary>
/// Model-predictive control of a home over a long run (e.g. a year at 15 min): every day at
/// <see cref="MpcOptions.ReplanHour"/> it plans the next <see cref="MpcOptions.HorizonSteps"/> steps with
/// <see cref="HomePlanner"/> on forecasts (PV and load from <see cref="MpcOptions.Forecast"/>, day-ahead prices),
/// then executes the plan until the next one on the actual PV and load: the battery through its S2 resource
/// simulation (<see cref="BatteryResource"/>, the plan's operation modes and factors), the EV's planned charging
/// power within what its plug-in session allows, the appliance at its planned start. The same home under the
/// rule-based controller (battery SELF_CONSUMPTION, EV charged at full power on arrival up to its target, appliance
/// at its usual hour) gives the baseline.
/// </summary>
public static class MpcSimulation
{
    /// <summary>Runs <paramref name="home"/> under MPC.</summary>
    public static MpcResult RunMpc(MpcHome home, MpcOptions options) => Run(home, options, mpc: true);

    /// <summary>Runs <paramref name="home"/> under the rule-based controller.</summary>
    public static MpcResult RunRuleBased(MpcHome home, MpcOptions options) => Run(home, options, mpc: false);

    private static MpcResult Run(MpcHome home, MpcOptions o, bool mpc)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(o);
        int n = home.PvW.Length;
        if (home.LoadW.Length != n || o.ImportPriceEurPerKwh.Length < n)
        {
            throw new ArgumentException($"home '{home.Id}': PV ({n}), load ({home.LoadW.Length}) and price ({o.ImportPriceEurPerKwh.Length}) series must cover the run");
        }

        int dt = o.StepSeconds;
        double h = dt / 3600.0;
        int perDay = 86_400 / dt;
        int perHour = 3600 / dt;
        var clock = new Clock(o.StartUtc, dt, o.UtcOffsetHours);
        var battery = home.Battery is { } b ? new BatteryResource(home.Id + "/battery", b.ToSpec(o.ExportLimitW), BatteryMode.SelfConsumption, 1) : null;
        var pvSeries = new TimeSeries(o.StartUtc, dt, home.PvW, "W", home.Id + " pv");
        var loadSeries = new TimeSeries(o.StartUtc, dt, home.LoadW, "W", home.Id + " load");

        // per-step controls of the plan in force (MPC)
        var mode = new BatteryMode[n];
        var factor = new double[n];
        var evPlan = new double[n];
        var applianceStart = new bool[n];
        var planned = new bool[n];
        var applianceDone = new HashSet<int>();
        var log = o.RecordPlans ? new List<MpcPlanRecord>() : null;

        double evSoc = home.Ev?.ArrivalSoc ?? 0, cost = 0, imported = 0, exported = 0, shortfall = 0, planSeconds = 0;
        int plans = 0, failed = 0, applianceLeft = 0, applianceStep = 0, runs = 0;
        double evKwh = 0;
        for (int t = 0; t < n; t++)
        {
            var (hourOfDay, minute, day) = clock.Local(t);
            if (mpc && minute == 0 && (hourOfDay == o.ReplanHour || t == 0))
            {
                var watch = Stopwatch.StartNew();
                var plan = Plan(home, o, t, n, perDay, perHour, clock, battery, evSoc, pvSeries, loadSeries, mode, factor, evPlan, applianceStart, planned, applianceDone);
                bool ok = plan.HasValues;
                log?.Add(new MpcPlanRecord(clock.Utc(t), plan.Status, plan.ObjectiveEur, watch.Elapsed.TotalSeconds, plan.Instructions));
                planSeconds += watch.Elapsed.TotalSeconds;
                plans++;
                failed += ok ? 0 : 1;
            }

            // EV: departure, arrival, charging
            double ev = 0;
            if (home.Ev is { } car)
            {
                if (minute == 0 && hourOfDay == car.DepartureHour && t > 0)
                {
                    shortfall += Math.Max(0, car.TargetSoc - evSoc) * car.CapacityWh / 1000;
                }

                if (minute == 0 && hourOfDay == car.ArrivalHour)
                {
                    evSoc = car.ArrivalSoc;
                }

                if (Plugged(car, hourOfDay))
                {
                    double headroom = Math.Max(0, 1 - evSoc) * car.CapacityWh / (car.ChargeEfficiency * h);
                    double toTarget = Math.Max(0, car.TargetSoc - evSoc) * car.CapacityWh / (car.ChargeEfficiency * h);
                    double want = mpc && planned[t] ? evPlan[t] : Math.Min(car.MaxChargeW, toTarget);
                    ev = Math.Clamp(want, 0, Math.Min(car.MaxChargeW, headroom));
                    evSoc += ev * car.ChargeEfficiency * h / car.CapacityWh;
                    evKwh += ev * h / 1000;
                }
            }

            // appliance: planned start, or its usual hour when no plan placed it that day
            double appliance = 0;
            if (home.Appliance is { } app)
            {
                bool start = mpc && planned[t] ? applianceStart[t] : false;
                if (!start && minute == 0 && hourOfDay == app.DefaultStartHour && !applianceDone.Contains(day) && !(mpc && planned[t] && PlannedToday(applianceStart, t, perDay)))
                {
                    start = true;
                }

                if (start && applianceLeft == 0)
                {
                    applianceLeft = app.ProfileW.Length;
                    applianceStep = 0;
                    applianceDone.Add(day);
                    runs++;
                }

                if (applianceLeft > 0)
                {
                    appliance = app.ProfileW[applianceStep++];
                    applianceLeft--;
                }
            }

            double pv = home.PvW[t];
            double siteLoad = home.LoadW[t] + ev + appliance;
            double batteryW = 0;
            if (battery is not null)
            {
                var at = new DateTimeOffset(clock.Utc(t), TimeSpan.Zero);
                var (m, f) = mpc && planned[t] ? (mode[t], factor[t]) : (BatteryMode.SelfConsumption, 1.0);
                if (m != battery.Mode || f != battery.Factor)
                {
                    battery.Instruct(m, f, at);
                }

                batteryW = battery.Step(at, dt, new SiteConditions(pv, siteLoad)).PowerW;
            }

            double grid = siteLoad - pv + batteryW;
            double imp = Math.Max(grid, 0);
            double exp = Math.Min(Math.Max(-grid, 0), o.ExportLimitW);
            imported += imp * h / 1000;
            exported += exp * h / 1000;
            cost += ((imp * o.ImportPriceEurPerKwh[t]) - (exp * o.ExportPriceEurPerKwh)) * h / 1000;
        }

        return new MpcResult(mpc ? "mpc" : "rule-based", cost, imported, exported, shortfall, plans, planSeconds, failed, evKwh, runs, battery?.FillLevel ?? double.NaN) { PlanLog = log ?? [] };
    }

    private static bool Plugged(EvCommute car, int hour) =>
        car.ArrivalHour > car.DepartureHour ? hour >= car.ArrivalHour || hour < car.DepartureHour : hour >= car.ArrivalHour && hour < car.DepartureHour;

    private static bool PlannedToday(bool[] starts, int t, int perDay)
    {
        int from = Math.Max(0, t - perDay + 1);
        for (int i = from; i < Math.Min(starts.Length, t + perDay); i++)
        {
            if (starts[i])
            {
                return true;
            }
        }

        return false;
    }

    private static HomePlan Plan(MpcHome home, MpcOptions o, int k, int n, int perDay, int perHour, Clock clock, BatteryResource? battery, double evSoc, TimeSeries pv, TimeSeries load,
        BatteryMode[] mode, double[] factor, double[] evPlan, bool[] applianceStart, bool[] planned, HashSet<int> applianceDone)
    {
        // near the end of the run the plan still looks a full day ahead: beyond the data, days repeat the last one
        int available = n - k;
        int horizon = Math.Max(Math.Min(o.HorizonSteps, available), Math.Min(perDay, o.HorizonSteps));
        var now = clock.Utc(k);
        int known = Math.Min(horizon, available);
        var pvForecast = Extend(o.Forecast.Forecast(pv, now, known).Values, horizon, perDay);
        var loadForecast = Extend(o.Forecast.Forecast(load, now, known).Values, horizon, perDay);
        var prices = Extend(o.ImportPriceEurPerKwh.AsSpan(k, known).ToArray(), horizon, perDay);

        HomeEv? ev = null;
        if (home.Ev is { } car)
        {
            var (hour, _, _) = clock.Local(k);
            bool plugged = Plugged(car, hour);
            int toDeparture = StepsUntilHour(hour, car.DepartureHour, perHour, clock, k);
            int start = plugged ? 0 : StepsUntilHour(hour, car.ArrivalHour, perHour, clock, k);
            int end = plugged ? toDeparture : start + SessionSteps(car, perHour);
            var departures = end < horizon ? new[] { new EvDeparture(end, car.TargetSoc) } : [];
            ev = new HomeEv
            {
                Id = home.Id + "/ev",
                CapacityWh = car.CapacityWh,
                MaxChargeW = car.MaxChargeW,
                ChargeEfficiency = car.ChargeEfficiency,
                InitialSoc = Math.Min(1, plugged ? evSoc : car.ArrivalSoc),
                Available = [new StepRange(start, Math.Min(end, horizon))],
                Departures = departures,
            };
        }

        var appliances = new List<HomeAppliance>();
        if (home.Appliance is { } app)
        {
            var (hour, minute, day) = clock.Local(k);
            for (int d = day; d <= day + 1 && appliances.Count == 0; d++)
            {
                int occStart = StepAtLocal(clock, k, d - day, app.EarliestHour, hour, minute, perHour);
                int occEnd = StepAtLocal(clock, k, d - day, app.LatestEndHour, hour, minute, perHour);
                int from = Math.Max(occStart, 0), to = Math.Min(occEnd, horizon);
                if (!applianceDone.Contains(d) && to - from >= app.ProfileW.Length)
                {
                    appliances.Add(new HomeAppliance { Id = app.Id, ProfileW = app.ProfileW, Windows = [new StepRange(from, to)] });
                }
            }
        }

        var input = new HomePlanInput
        {
            Start = new DateTimeOffset(now, TimeSpan.Zero),
            StepSeconds = o.StepSeconds,
            PvW = pvForecast,
            LoadW = loadForecast,
            ImportPriceEurPerKwh = prices,
            ExportPriceEurPerKwh = o.ExportPriceEurPerKwh,
            ExportLimitW = o.ExportLimitW,
            Battery = home.Battery is { } b && battery is not null ? b with { Id = battery.Id, InitialSoc = Math.Clamp(battery.FillLevel, b.MinSoc, b.MaxSoc) } : null,
            Ev = ev,
            Appliances = appliances,
        };
        var plan = HomePlanner.Plan(input, o.Solver, o.SolveOptions);
        int until = Math.Min(n, k + Math.Min(horizon, perDay));
        for (int t = k; t < until; t++)
        {
            planned[t] = plan.HasValues;
            applianceStart[t] = false;
        }

        if (!plan.HasValues)
        {
            return plan;
        }

        // battery modes per step from the instruction plan (an instruction holds until the next one)
        var current = (Mode: BatteryMode.SelfConsumption, Factor: 1.0);
        int next = 0;
        var instructions = plan.Instructions;
        for (int s = 0; s < until - k; s++)
        {
            for (; next < instructions.Count && instructions[next].Step <= s; next++)
            {
                var ins = instructions[next];
                if (battery is not null && ins.ResourceId == battery.Id)
                {
                    current = (BatteryModes.Parse(ins.ModeId), ins.Factor);
                }
            }

            mode[k + s] = current.Mode;
            factor[k + s] = current.Factor;
            evPlan[k + s] = plan.EvPowerW.Length > s ? plan.EvPowerW[s] : 0;
        }

        foreach (var a in plan.Appliances)
        {
            if (a.StartStep >= 0 && k + a.StartStep < until)
            {
                applianceStart[k + a.StartStep] = true;
            }
        }

        return plan;
    }

    /// <summary><paramref name="values"/> lengthened to <paramref name="length"/> by repeating whole days (or its last value).</summary>
    private static double[] Extend(double[] values, int length, int perDay)
    {
        if (values.Length >= length)
        {
            return values;
        }

        var result = new double[length];
        values.CopyTo(result, 0);
        for (int t = values.Length; t < length; t++)
        {
            result[t] = t >= perDay ? result[t - perDay] : values[^1];
        }

        return result;
    }

    private static int SessionSteps(EvCommute car, int perHour) =>
        ((car.DepartureHour - car.ArrivalHour + 24) % 24) * perHour;

    private static int StepsUntilHour(int hour, int target, int perHour, Clock clock, int k)
    {
        var (_, minute, _) = clock.Local(k);
        int hours = (target - hour + 24) % 24;
        return (hours * perHour) - (minute * perHour / 60);
    }

    private static int StepAtLocal(Clock clock, int k, int dayOffset, int targetHour, int hour, int minute, int perHour) =>
        (((dayOffset * 24) + targetHour - hour) * perHour) - (minute * perHour / 60);

    /// <summary>Step ↔ UTC and local clock.</summary>
    private readonly record struct Clock(DateTime StartUtc, int StepSeconds, double UtcOffsetHours)
    {
        public DateTime Utc(int step) => StartUtc.AddSeconds((double)step * StepSeconds);

        public (int Hour, int Minute, int Day) Local(int step)
        {
            var local = Utc(step).AddHours(UtcOffsetHours);
            var startLocal = StartUtc.AddHours(UtcOffsetHours).Date;
            return (local.Hour, local.Minute, (int)(local.Date - startLocal).TotalDays);
        }
    }
}
