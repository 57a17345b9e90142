using System.Diagnostics;
using System.Globalization;
using Quartier.Forecasting.Load;
using Quartier.Forecasting.Prices;
using Quartier.Forecasting.Pv;
using Quartier.Forecasting.Weather;
using Quartier.Optimization.Home;
using Quartier.Optimization.Mpc;

// Optimisation benchmarks.
//   solve: a home with battery, EV, appliance and heat pump planned over 48 h at 15 min (192 steps), N seeded variants:
//          median and 90th-percentile wall time per plan (build + CBC solve + instruction plan).
//   mpc:   a year at 15 min of H homes (PV from Amsterdam's IWEC EPW, EOS load profile, synthetic day-ahead year),
//          each under MPC with daily 48 h plans and under the rule-based controller: wall time and cost saving.
// Usage: dotnet run -c Release --project bench/Quartier.Bench.Optimization -- [solve|mpc|all] [--plans N] [--homes H] [--days D]
string mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
int plans = 30, homes = 100, days = 365, shard = 0, shards = 1;
for (int i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--plans": plans = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--homes": homes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--shard":
            var parts = args[++i].Split('/');
            shard = int.Parse(parts[0], CultureInfo.InvariantCulture);
            shards = int.Parse(parts[1], CultureInfo.InvariantCulture);
            break;
    }
}

string reference = FindReference();
if (mode is "solve" or "all")
{
    SolveBench(plans);
}

if (mode is "mpc" or "all")
{
    MpcBench(homes, days, reference, shard, shards);
}

static void SolveBench(int count)
{
    var times = new List<double>();
    int binaries = 0, variables = 0;
    for (int s = 0; s < count + 3; s++)
    {
        var rng = new Random(1000 + s);
        int n = 192;
        var pv = new double[n];
        var load = new double[n];
        var price = new double[n];
        var heat = new double[n];
        double level = 0.2 + (0.2 * rng.NextDouble());
        for (int t = 0; t < n; t++)
        {
            double hour = (t % 96) / 4.0;
            pv[t] = hour is > 6 and < 20 ? 5000 * Math.Sin(Math.PI * (hour - 6) / 14) * (0.5 + (0.5 * rng.NextDouble())) : 0;
            load[t] = 300 + (600 * rng.NextDouble()) + (hour is >= 17 and < 22 ? 800 : 0);
            price[t] = level + (0.15 * Math.Sin(Math.PI * (hour - 3) / 12)) + (0.03 * rng.NextDouble());
            heat[t] = 1500 + (1000 * Math.Cos(Math.PI * hour / 12));
        }

        var input = new HomePlanInput
        {
            Start = new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero),
            PvW = pv,
            LoadW = load,
            ImportPriceEurPerKwh = price,
            ExportPriceEurPerKwh = 0.08,
            Battery = new HomeBattery { CapacityWh = 10_000, MaxChargeW = 5000, InitialSoc = rng.NextDouble(), TerminalValueEurPerKwh = 0.2 },
            Ev = new HomeEv { CapacityWh = 60_000, MaxChargeW = 11_000, InitialSoc = 0.3, Available = [new StepRange(0, 28), new StepRange(72, 124)], Departures = [new EvDeparture(28, 0.6), new EvDeparture(124, 0.8)] },
            Appliances = [HomeAppliance.Constant("dishwasher", 1000, 8, [new StepRange(40, 88), new StepRange(136, 184)])],
            HeatPump = new HomeHeatPump { BufferCapacityWhPerK = 250, MinTempC = 35, MaxTempC = 55, InitialTempC = 45, HeatDemandW = heat, Cop = 3.5, MaxElectricW = 3000 },
        };
        var watch = Stopwatch.StartNew();
        var plan = HomePlanner.Plan(input);
        double ms = watch.Elapsed.TotalMilliseconds;
        if (!plan.HasValues)
        {
            throw new InvalidOperationException($"plan {s}: {plan.Status} {plan.SolverMessage}");
        }

        (variables, binaries, _) = plan.ModelSize;
        if (s >= 3)
        {
            times.Add(ms);
        }
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"solve: {count} plans of a home (battery, EV, appliance, heat pump; 192 steps of 15 min; {variables} variables, {binaries} binaries): median {times[times.Count / 2]:F1} ms, p90 {times[(int)(times.Count * 0.9)]:F1} ms, max {times[^1]:F1} ms"));
}

// CBC's MILP solver keeps global state, so solves within one process are serialised; --shard i/k runs every k-th
// home from i, and run.sh starts one process per core and adds up their MPCSHARD lines.
static void MpcBench(int homeCount, int days, string reference, int shard, int shards)
{
    var total = Stopwatch.StartNew();
    int perDay = 96, n = days * perDay;
    var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // PV per kWp at 15 min: Amsterdam IWEC typical year on 2025, 35° south
    var weather = WeatherReader.Read(Path.Combine(reference, "weather", "NLD_Amsterdam062400_IWEC.epw"), new WeatherReadOptions { Year = 2025 }).Resample(900);
    var perKwp = PvEstimate.Run(weather, new PvSystem(new PvPlane(35, 180, 1))).AcW;
    int offset = (int)Math.Round((start - weather.Start).TotalSeconds / 900);

    // load shape: EOS's yearly shares for 2025, hourly, normalised to 1 kWh
    var eos = EosYearlyLoadProfile.Load(Path.Combine(reference, "eos", "load_profiles_yearly_366x24.csv"));
    var shape = eos.ToSeries(2025, 1.0).Energy.Values;

    // prices: the Akkudoktor fixture's first day as the daily shape, seeded daily level and a winter premium, end-customer price
    var fixture = DayAheadPrices.LoadAkkudoktor(Path.Combine(reference, "eos", "elecpriceforecast_akkudoktor_1.json")).Values;
    var components = new PriceComponents(0.12, 0.03, 19);
    var rngPrice = new Random(7);
    var price = new double[n];
    for (int d = 0; d < days; d++)
    {
        double level = Math.Exp(0.25 * ((rngPrice.NextDouble() * 2) - 1)) * (1 + (0.2 * Math.Cos(2 * Math.PI * d / 365.0)));
        for (int q = 0; q < perDay; q++)
        {
            price[(d * perDay) + q] = components.EndCustomerPrice(fixture[q / 4] * level);
        }
    }

    var options = new MpcOptions
    {
        StartUtc = start,
        ImportPriceEurPerKwh = price,
        ExportPriceEurPerKwh = 0.08,
        UtcOffsetHours = 1,
        SolveOptions = new Quartier.Optimization.Modeling.SolveOptions { RelativeGap = 0.005, TimeLimitSeconds = 2 },
    };
    var mine = Enumerable.Range(0, homeCount).Where(h => h % shards == shard).ToArray();
    var results = new (MpcResult Rule, MpcResult Mpc)[mine.Length];
    var setup = total.Elapsed.TotalSeconds;
    for (int m = 0; m < mine.Length; m++)
    {
        int h = mine[m];
        var rng = new Random(100 + h);
        double kwp = 3 + (5 * rng.NextDouble()), annual = 2500 + (2500 * rng.NextDouble());
        var pv = new double[n];
        var load = new double[n];
        for (int t = 0; t < n; t++)
        {
            int w = t + offset;
            pv[t] = kwp * (w >= 0 && w < perKwp.Length ? perKwp[w] : 0);
            load[t] = shape[Math.Min(t / 4, shape.Length - 1)] * annual;   // Wh in the hour for 1 kWh/a, times kWh/a = W
        }

        var home = new MpcHome
        {
            Id = $"home{h + 1}",
            PvW = pv,
            LoadW = load,
            Battery = new HomeBattery { CapacityWh = 5000 + (10_000 * rng.NextDouble()), MaxChargeW = 3000 + (2000 * rng.NextDouble()), ChargeEfficiency = 0.95, DischargeEfficiency = 0.95 },
            Ev = h % 2 == 0 ? new EvCommute(50_000, 11_000, 0.9, 18, 7, 0.3 + (0.2 * rng.NextDouble()), 0.8) : null,
            Appliance = new DailyAppliance("dishwasher", [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], 10, 22, 19),
        };
        results[m] = (MpcSimulation.RunRuleBased(home, options), MpcSimulation.RunMpc(home, options));
    }

    double rule = results.Sum(r => r.Rule.CostEur), mpc = results.Sum(r => r.Mpc.CostEur);
    int planCount = results.Sum(r => r.Mpc.Plans), failed = results.Sum(r => r.Mpc.FailedPlans);
    double planSeconds = results.Sum(r => r.Mpc.PlanSeconds);
    if (shards > 1)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MPCSHARD homes={mine.Length} rule={rule:R} mpc={mpc:R} plans={planCount} failed={failed} planSeconds={planSeconds:R} evRule={results.Sum(r => r.Rule.EvShortfallKwh):R} evMpc={results.Sum(r => r.Mpc.EvShortfallKwh):R} wall={total.Elapsed.TotalSeconds:R}"));
        return;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mpc: {homeCount} homes × {days} days at 15 min, daily 48 h plans: wall {total.Elapsed.TotalSeconds:F1} s (setup {setup:F1} s), {planCount} plans ({failed} failed), {planSeconds / planCount * 1000:F1} ms per plan"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"     cost rule-based {rule:F0} EUR, MPC {mpc:F0} EUR: saving {rule - mpc:F0} EUR ({(rule - mpc) / rule * 100:F1} %, {(rule - mpc) / homeCount:F0} EUR per home); EV shortfall rule {results.Sum(r => r.Rule.EvShortfallKwh):F1} kWh, MPC {results.Sum(r => r.Mpc.EvShortfallKwh):F1} kWh"));
}

static string FindReference()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "..", "shared", "reference");
        if (Directory.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new DirectoryNotFoundException("../shared/reference not found");
}
