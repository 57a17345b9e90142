using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartier.Core.Errors;
using Quartier.Optimization.Home;
using Quartier.Optimization.Modeling;
using Quartier.Resources.Eos;

namespace Quartier.Server.Eos;

/// <summary>
/// The energy-management loop: after <c>ems.startup_delay</c> and then every <c>ems.interval</c> seconds (unless
/// <c>ems.mode</c> is <c>DISABLED</c>) it updates the predictions, plans the home with the exact planner
/// (<see cref="HomePlanner"/>, CBC) at <c>optimization.interval</c> (900 or 3600 s) over <c>optimization.horizon_hours</c>
/// from the devices' reported state, publishes the plan and the solution, hands the due instructions to
/// <see cref="IInstructionDelivery"/> and logs the cycle. <see cref="RunCycleAsync"/> runs one cycle now
/// (<c>POST /v1/optimize</c>); cycles never overlap.
/// </summary>
public sealed partial class EosEnergyManager(EosState state, IInstructionDelivery delivery, TimeProvider clock, ILogger<EosEnergyManager> log) : BackgroundService
{
    /// <summary>
    /// A car's discrete charge rates make the plan a harder MILP whose bound the levels cannot meet exactly (the car's
    /// energy target falls between levels): the search stops within 0.1 %, or within what one rate step costs over one
    /// step at the dearest price (<see cref="DiscreteOptions"/>), or after 10 s with the best plan found.
    /// </summary>
    private static SolveOptions DiscreteOptions(HomePlanInput input)
    {
        var levels = input.Ev!.PowerLevelsW!.Where(p => p > 0).Order().ToArray();
        var step = levels.Zip(levels.Skip(1), (a, b) => b - a).Prepend(levels[0]).Min();
        var gap = step * input.StepSeconds / 3600.0 * input.ImportPriceEurPerKwh.Max() / 1000;
        return SolveOptions.Default with { RelativeGap = 1e-3, AbsoluteGap = Math.Max(gap, 0.005), TimeLimitSeconds = 10 };
    }

    private readonly SemaphoreSlim _cycle = new(1, 1);
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private readonly object _restartGate = new();
    private CancellationTokenSource _restart = new();
    private long _cycles;
    private long _restarts;

    /// <summary>Cycles finished with a new plan.</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>Runs one cycle now; the published solution, or a problem when nothing could be planned.</summary>
    /// <exception cref="InputException">The devices or predictions do not allow a plan (the message says what is missing).</exception>
    public async Task<JsonObject> RunCycleAsync(CancellationToken cancellation)
    {
        await _cycle.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var planning = Prepare(now);
            var plan = HomePlanner.Plan(planning.Input, options: planning.Input.Ev?.PowerLevelsW is null ? null : DiscreteOptions(planning.Input));
            if (!plan.HasValues)
            {
                throw new InputException($"the planner found no plan ({plan.Status}{(plan.SolverMessage is null ? string.Empty : ": " + plan.SolverMessage)})", "energy management");
            }

            var id = "plan-" + Guid.NewGuid().ToString("N")[..12];
            var (planJson, solution) = EosPlanJson.Build(id, now, planning, plan);
            List<JsonObject> due;
            lock (state.Gate)
            {
                state.Plan = planJson;
                state.Solution = solution;
                state.LastRun = clock.GetUtcNow();
                due = [.. planJson["instructions"]!.AsArray().OfType<JsonObject>()
                    .Where(i => EosNodes.TryParseTime(EosNodes.AsText(i["execution_time"]), out var at) && at <= now)
                    .Select(i => (JsonObject)i.DeepClone())];
            }

            due = [.. due.Where(i => _delivered.Add($"{i["resource_id"]}|{i["execution_time"]}|{i["operation_mode_id"] ?? i["power_sequence_id"] ?? i["power_constraints_id"]}|{i["operation_mode_factor"]}"))];
            if (_delivered.Count > 100_000)
            {
                _delivered.Clear();
            }

            await delivery.DeliverAsync(id, due, cancellation).ConfigureAwait(false);
            Interlocked.Increment(ref _cycles);
            var count = planJson["instructions"]!.AsArray().Count;
            var notes = string.Join("; ", planning.Notes);
            Cycle(log, id, planning.Input.Steps, planning.Input.StepSeconds, plan.ObjectiveEur, plan.TotalSeconds * 1000, count, due.Count, notes);

            return solution;
        }
        finally
        {
            _cycle.Release();
        }
    }

    /// <summary>
    /// Starts the loop over (<c>POST /v1/admin/server/restart</c>): the waiting cycle is dropped and the loop begins
    /// again with <c>ems.startup_delay</c> (a cycle already planning still publishes its plan).
    /// </summary>
    public void Restart()
    {
        CancellationTokenSource old;
        lock (_restartGate)
        {
            old = _restart;
            _restart = new CancellationTokenSource();
            Interlocked.Increment(ref _restarts);
        }

        old.Cancel();
        old.Dispose();
    }

    /// <summary>Times the loop was started over.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken restart;
            lock (_restartGate)
            {
                restart = _restart.Token;
            }

            using var loop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, restart);
            await LoopAsync(loop.Token).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                Restarted(log);
            }
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        double delay;
        lock (state.Gate)
        {
            delay = state.Config.Number("ems/startup_delay", 5);
        }

        await Sleep(TimeSpan.FromSeconds(delay), stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            string? mode;
            double interval;
            lock (state.Gate)
            {
                mode = state.Config.Text("ems/mode");
                interval = state.Config.Number("ems/interval", 300);
            }

            if (mode != "DISABLED")
            {
                try
                {
                    if (mode == "PREDICTION")
                    {
                        lock (state.Gate)
                        {
                            EosPredictionProviders.Update(state.Config, state.Predictions, started);
                        }
                    }
                    else
                    {
                        await RunCycleAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (InputException e)
                {
                    Skipped(log, e.Located);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // the loop must survive any one cycle's failure; it is logged
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Failed(log, e);
                }
            }

            // sleep in short slices, so a changed ems.interval applies without waiting out the old one
            while (!stoppingToken.IsCancellationRequested)
            {
                lock (state.Gate)
                {
                    interval = state.Config.Number("ems/interval", 300);
                }

                var left = started.AddSeconds(interval) - clock.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await Sleep(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The planner's input from the configuration, the resources' state and the predictions.</summary>
    internal EosPlanning Prepare(DateTimeOffset now)
    {
        lock (state.Gate)
        {
            var config = state.Config;
            var notes = new List<string>();
            try
            {
                EosPredictionProviders.Update(config, state.Predictions, now);
            }
            catch (InputException error)
            {
                notes.Add("prediction update: " + error.Located);
            }

            int stepSeconds = (int)config.Number("optimization/interval", 3600);
            int hours = (int)config.Number("optimization/horizon_hours", 24);
            var step = TimeSpan.FromSeconds(stepSeconds);
            var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % step.Ticks), TimeSpan.Zero);
            int n = hours * 3600 / stepSeconds;
            var predictions = state.Predictions;
            var pv = Filled(predictions.Sample("pvforecast_ac_power", start, step, n), 0, "PV (pvforecast_ac_power)", notes);
            var loadKey = new[] { "loadforecast_power_w", "load_mean", "load0_mean" }.FirstOrDefault(predictions.Has)
                ?? throw new InputException("no load prediction: import loadforecast_power_w (PUT /v1/prediction/import/LoadImport) or configure load.provider LoadAkkudoktor", "energy management");
            var load = Filled(predictions.Sample(loadKey, start, step, n), double.NaN, "load", notes);
            double[] priceKwh = predictions.Has("elecprice_marketprice_kwh")
                ? predictions.Sample("elecprice_marketprice_kwh", start, step, n)
                : throw new InputException("no electricity price prediction: import elecprice_marketprice_wh (PUT /v1/prediction/import/ElecPriceImport) or configure elecprice.elecpriceimport.import_file_path", "energy management");
            priceKwh = Filled(priceKwh, double.NaN, "price", notes);
            var feedIn = Filled(predictions.Sample("feed_in_tariff_kwh", start, step, n), 0, "feed-in tariff", notes);

            var devices = config.Devices;
            HomeBattery? battery = null;
            var inverter = devices.Inverters.Count > 0 ? devices.Inverters[0] : null;
            var b = devices.Batteries.FirstOrDefault(x => inverter?.BatteryId is null || x.Id == inverter.BatteryId);
            if (b is not null)
            {
                var soc = Math.Clamp(state.FillLevel(b.Id), b.Spec.MinSoc, b.Spec.MaxSoc);
                battery = new HomeBattery
                {
                    Id = b.Id,
                    CapacityWh = b.Spec.CapacityWh,
                    InitialSoc = soc,
                    MinSoc = b.Spec.MinSoc,
                    MaxSoc = b.Spec.MaxSoc,
                    MaxChargeW = inverter?.MaxAcChargePowerW is { } acMax ? Math.Min(acMax, b.Spec.MaxChargePowerW) : b.Spec.MaxChargePowerW,
                    MaxDischargeW = b.Spec.DischargeLimitW,
                    ChargeEfficiency = b.Spec.ChargeEfficiency,
                    DischargeEfficiency = b.Spec.DischargeEfficiency,
                    TerminalValueEurPerKwh = priceKwh.Average() * b.Spec.DischargeEfficiency,
                };
                if (devices.Batteries.Count > 1)
                {
                    notes.Add($"planned battery {b.Id}; the planner takes one battery, {devices.Batteries.Count - 1} more are not planned");
                }
            }

            HomeEv? ev = null;
            if (devices.ElectricVehicles.Count > 0 && devices.ElectricVehicles[0] is var e)
            {
                var soc = Math.Clamp(state.FillLevel(e.Id), 0, e.Spec.MaxSoc);
                ev = new HomeEv
                {
                    Id = e.Id,
                    CapacityWh = e.Spec.CapacityWh,
                    InitialSoc = soc,
                    MaxSoc = e.Spec.MaxSoc,
                    ChargeEfficiency = e.Spec.ChargeEfficiency,
                    MaxChargeW = e.Spec.MaxChargePowerW,

                    // as in EOS, the car charges at one of its charge_rates (EOS's defaults when the configuration gives none)
                    PowerLevelsW = e.ChargeRates.Any(r => r > 0) ? [.. e.ChargeRates.Select(r => r * e.Spec.MaxChargePowerW)] : null,
                    Departures = e.MinSoc > soc ? [new EvDeparture(n, Math.Min(e.MinSoc, e.Spec.MaxSoc))] : [],
                };
            }

            var appliances = new List<HomeAppliance>();
            foreach (var a in devices.HomeAppliances)
            {
                if (state.ApplianceDone(a.Id, now) is { } done)
                {
                    notes.Add(done);
                    continue;
                }

                int steps = (int)Math.Ceiling(a.DurationH * 3600 / stepSeconds - 1e-9);
                List<StepRange>? windows = null;
                if (a.TimeWindows is not null)
                {
                    windows = [];
                    foreach (var (from, to) in a.AllowedIntervals(start, hours))
                    {
                        var s0 = Math.Clamp((int)Math.Ceiling((from - start).TotalSeconds / stepSeconds - 1e-9), 0, n);
                        var s1 = Math.Clamp((int)Math.Floor((to - start).TotalSeconds / stepSeconds + 1e-9), 0, n);
                        if (s1 - s0 >= steps)
                        {
                            windows.Add(new StepRange(s0, s1));
                        }
                    }
                }

                if (steps > n || windows is { Count: 0 })
                {
                    notes.Add($"{a.Id}: no window of {a.DurationH.ToString(CultureInfo.InvariantCulture)} h left in the horizon; not planned");
                    continue;
                }

                appliances.Add(HomeAppliance.Constant(a.Id, a.ConsumptionWh / a.DurationH, steps, windows));
            }

            var input = new HomePlanInput
            {
                Start = start,
                StepSeconds = stepSeconds,
                PvW = pv,
                LoadW = load,
                ImportPriceEurPerKwh = priceKwh,
                ExportPricesEurPerKwh = feedIn,
                Battery = battery,
                Ev = ev,
                Appliances = appliances,
            };
            return new EosPlanning(input, devices, notes, inverter?.Id);
        }
    }

    private static double[] Filled(double[] values, double missing, string what, List<string> notes)
    {
        var first = Array.FindIndex(values, double.IsFinite);
        if (first < 0)
        {
            if (double.IsNaN(missing))
            {
                throw new InputException($"no {what} prediction covers the planning horizon", "energy management");
            }

            notes.Add($"no {what} prediction; taken as {missing.ToString(CultureInfo.InvariantCulture)}");
            Array.Fill(values, missing);
            return values;
        }

        if (first > 0)
        {
            notes.Add($"{what} prediction starts {first} steps into the horizon; its first value is used before");
            Array.Fill(values, values[first], 0, first);
        }

        return values;
    }

    private async Task Sleep(TimeSpan span, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(span, clock, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "EMS cycle {PlanId}: {Steps} steps of {StepSeconds} s, objective {Objective:0.####} EUR, solved in {Ms:0.#} ms, {Instructions} instructions, {Due} due now. {Notes}")]
    private static partial void Cycle(ILogger logger, string planId, int steps, int stepSeconds, double objective, double ms, int instructions, int due, string notes);

    [LoggerMessage(Level = LogLevel.Information, Message = "EMS loop restarted: the configuration was re-read from its file; the first cycle follows ems.startup_delay")]
    private static partial void Restarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EMS cycle skipped: {Reason}")]
    private static partial void Skipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "EMS cycle failed")]
    private static partial void Failed(ILogger logger, Exception error);
}

/// <summary>One cycle's planner input with what it was made from.</summary>
internal sealed record EosPlanning(HomePlanInput Input, EosDeviceConfig Devices, List<string> Notes, string? InverterId);
