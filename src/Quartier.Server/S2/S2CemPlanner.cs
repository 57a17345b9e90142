using System.Globalization;
using Quartier.Optimization.Home;
using Quartier.Optimization.Modes;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.WebSockets;
using S2ControlType = Quartier.Resources.S2.ControlType;

namespace Quartier.Server.S2;

/// <summary>
/// Plans the connected resources as one home with <see cref="HomePlanner"/> (48 h at 15 min) and turns the plan into S2
/// instructions. The mapping from S2 models to the planner and back is documented on each step:
/// <list type="bullet">
/// <item><description>PEBC resources: their <c>PowerForecast</c> (production negative) is the PV forecast; the plan's
/// curtailment becomes a <c>PEBC.Instruction</c> whose LOWER_LIMIT is the production allowed, sent whenever it changes.</description></item>
/// <item><description>An FRBC resource with a discharging mode is the battery: capacity and efficiencies follow from its modes'
/// fill rates per watt (charging <c>η_c/(C·3600)</c>, discharging <c>1/(η_d·C·3600)</c>, split evenly between η_c and η_d);
/// one that only charges and has a <c>FRBC.FillLevelTargetProfile</c> is an EV that must reach the profile's first raised lower
/// bound when it starts. Each step's planned power becomes the mode whose power range holds it (the narrowest one; factor by
/// S2 interpolation), and an <c>FRBC.Instruction</c> is made when mode or factor changes.</description></item>
/// <item><description>PPBC resources not yet scheduled are shiftable appliances: the first sequence of their first container,
/// within the profile's start and end time; the planned start becomes a <c>PPBC.ScheduleInstruction</c>.</description></item>
/// <item><description>OMBC resources (a generator, say) are planned after the home, against its planned net grid power, by
/// <see cref="OmbcPlanner"/>: exact over the horizon, honouring their transitions and timers (a timer counts as finished in
/// the step it finishes in; the CEM holds the instruction until its exact end), with running and transition costs.</description></item>
/// <item><description>DDBC resources are not planned: a rule (<see cref="DdbcChoice"/>) supplies the present demand with the
/// mode that covers it at least power; their forecast electric power is load in the plan.</description></item>
/// </list>
/// Prices are a time-of-use tariff (UTC): 0.22 EUR/kWh 00–07 h, 0.38 17–21 h, 0.30 otherwise; feed-in 0.07.
/// </summary>
internal static class S2CemPlanner
{
    internal const int StepSeconds = 900;
    internal const int Steps = 192;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(StepSeconds);

    public static double ImportPrice(DateTimeOffset t) => t.UtcDateTime.Hour switch
    {
        < 7 => 0.22,
        >= 17 and < 21 => 0.38,
        _ => 0.30,
    };

    /// <summary>The plan's instructions per session (replacing what the planner had planned before), and a one-line summary.</summary>
    public static (List<(S2CemSession Session, S2Intent Intent)> Intents, string Summary) Plan(IReadOnlyList<S2CemSession> sessions, DateTimeOffset now, S2CemOptions options)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Step.Ticks), TimeSpan.Zero);
        DateTimeOffset At(int step) => step == 0 ? now : start + (Step * step);
        var pv = new double[Steps];
        var load = new double[Steps];
        Array.Fill(load, options.BaseLoadW);
        var prices = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            prices[t] = ImportPrice(start + (Step * t));
        }

        S2CemSession? pvSession = null;
        S2CemSession? batterySession = null;
        S2CemSession? evSession = null;
        HomeBattery? battery = null;
        HomeEv? ev = null;
        var appliances = new List<(S2CemSession Session, HomeAppliance Appliance)>();
        var generators = new List<S2CemSession>();
        foreach (var s in sessions)
        {
            lock (s.Gate)
            {
                switch (s.ControlType)
                {
                    case S2ControlType.PowerEnvelopeBasedControl when s.Forecast is { } forecast:
                        pvSession ??= s;
                        for (var t = 0; t < Steps; t++)
                        {
                            pv[t] += Math.Max(-(Sample(forecast, start + (Step * t) + (Step / 2)) ?? 0), 0);
                        }

                        break;
                    case S2ControlType.DemandDrivenBasedControl when s.Ddbc is { } ddbc:
                        for (var t = 0; t < Steps; t++)
                        {
                            var demand = DemandAt(s, start + (Step * t) + (Step / 2)) ?? Mid(ddbc.PresentDemandRate);
                            load[t] += DdbcChoice(ddbc, demand).PowerW;
                        }

                        break;
                    case S2ControlType.FillRateBasedControl when s.Frbc is { } frbc && s.FillLevel is { } fill:
                        var storage = FrbcStorage.From(frbc);
                        if (storage.CanDischarge && battery is null)
                        {
                            battery = storage.Battery(s.ResourceId!, fill);
                            batterySession = s;
                        }
                        else if (!storage.CanDischarge && ev is null && s.FillLevelTarget is { } target && storage.Ev(s.ResourceId!, fill, target, start, Steps, Step) is { } e)
                        {
                            ev = e;
                            evSession = s;
                        }

                        break;
                    case S2ControlType.PowerProfileBasedControl when s.PowerProfile is { } profile:
                        AddAppliance(s, profile, start, load, appliances);
                        break;
                    case S2ControlType.OperationModeBasedControl when s.Ombc is not null:
                        generators.Add(s);
                        break;
                }
            }
        }

        var input = new HomePlanInput
        {
            Start = start,
            StepSeconds = StepSeconds,
            PvW = pv,
            LoadW = load,
            ImportPriceEurPerKwh = prices,
            ExportPriceEurPerKwh = options.ExportPriceEurPerKwh,
            ExportLimitW = options.ExportLimitW,
            Battery = battery,
            Ev = ev,
            Appliances = [.. appliances.Select(a => a.Appliance)],
        };
        var plan = HomePlanner.Plan(input);
        var intents = new List<(S2CemSession, S2Intent)>();
        if (!plan.HasValues)
        {
            return (intents, $"no plan: {plan.Status} {plan.SolverMessage}");
        }

        if (batterySession is not null)
        {
            lock (batterySession.Gate)
            {
                FrbcIntents(batterySession, t => plan.BatteryChargeW[t] - plan.BatteryDischargeW[t], t => Fill(plan.BatterySoc[t], batterySession), At, intents);
            }
        }

        if (evSession is not null)
        {
            lock (evSession.Gate)
            {
                FrbcIntents(evSession, t => plan.EvPowerW[t], t => Fill(plan.EvSoc[t], evSession), At, intents);
            }
        }

        foreach (var run in plan.Appliances)
        {
            var (session, _) = appliances.First(a => a.Appliance.Id == run.Id);
            lock (session.Gate)
            {
                var profile = session.PowerProfile!;
                var container = profile.PowerSequencesContainers[0];
                var at = At(run.StartStep);
                intents.Add((session, new S2Intent(
                    new PpbcScheduleInstruction
                    {
                        MessageId = S2Connection.NewId(),
                        Id = S2Connection.NewId(),
                        PowerProfileId = profile.Id,
                        SequenceContainerId = container.Id,
                        PowerSequenceId = container.PowerSequences[0].Id,
                        ExecutionTime = at,
                        AbnormalCondition = false,
                    },
                    at,
                    $"{run.Id}/{container.PowerSequences[0].Id} start",
                    "planner")));
            }
        }

        if (pvSession is not null)
        {
            lock (pvSession.Gate)
            {
                PebcIntents(pvSession, plan, pv, At, intents);
            }
        }

        var net = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            net[t] = plan.ImportW[t] - plan.ExportW[t];
        }

        var bounds = Enumerable.Range(0, Steps + 1).Select(At).ToArray();
        var ombcCost = 0.0;
        foreach (var s in generators)
        {
            lock (s.Gate)
            {
                ombcCost += OmbcIntents(s, net, prices, bounds, options, intents);
            }
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"planned {sessions.Count} resources from {start:yyyy-MM-ddTHH:mm}Z: cost {plan.CostEur:0.00} EUR{(generators.Count > 0 ? $" ({ombcCost:0.00} EUR with the OMBC resources)" : string.Empty)}, {intents.Count} instructions, {plan.TotalSeconds * 1000:0} ms");
        return (intents, summary);
    }

    /// <summary>DDBC rule: the mode (of the first actuator) whose supply range holds <paramref name="demand"/> at least power.</summary>
    public static (string Actuator, string Mode, double Factor, double PowerW) DdbcChoice(DdbcSystemDescription description, double demand)
    {
        var actuator = description.Actuators[0];
        (string Mode, double Factor, double Power, double Width)? best = null;
        foreach (var mode in actuator.OperationModes.Where(m => !m.AbnormalConditionOnly))
        {
            var lo = Math.Min(mode.SupplyRange.StartOfRange, mode.SupplyRange.EndOfRange);
            var hi = Math.Max(mode.SupplyRange.StartOfRange, mode.SupplyRange.EndOfRange);
            var clamped = Math.Clamp(demand, lo, hi);
            var width = mode.SupplyRange.EndOfRange - mode.SupplyRange.StartOfRange;
            var factor = width == 0 ? 0 : (clamped - mode.SupplyRange.StartOfRange) / width;
            var power = mode.PowerRanges.Sum(p => p.At(factor));
            var miss = Math.Abs(clamped - demand);
            var candidate = (mode.Id, factor, power, Math.Abs(width) + (miss * 1e6));
            if (best is null || candidate.Item4 < best.Value.Width - 1e-9 || (Math.Abs(candidate.Item4 - best.Value.Width) <= 1e-9 && power < best.Value.Power))
            {
                best = (mode.Id, factor, power, candidate.Item4);
            }
        }

        var (m, f, p, _) = best ?? (actuator.OperationModes[0].Id, 0, 0, 0);
        return (actuator.Id, m, Math.Round(f, 6), p);
    }

    /// <summary>FRBC: the narrowest normal mode of the first actuator whose power range at <paramref name="fill"/> holds <paramref name="powerW"/>.</summary>
    public static (string Actuator, string Mode, double Factor) FrbcChoice(FrbcSystemDescription description, string? activeMode, double fill, double powerW)
    {
        var actuator = description.Actuators[0];
        (string Mode, double Factor, double Score)? best = null;
        foreach (var mode in actuator.OperationModes.Where(m => !m.AbnormalConditionOnly))
        {
            if (mode.Id != activeMode && !actuator.Transitions.Any(t => t.From == activeMode && t.To == mode.Id && !t.AbnormalConditionOnly) && activeMode is not null)
            {
                continue;
            }

            var element = mode.Elements.FirstOrDefault(e => e.FillLevelRange.StartOfRange <= fill + 1e-9 && fill - 1e-9 <= e.FillLevelRange.EndOfRange) ?? mode.Elements[0];
            var start = element.PowerRanges.Sum(p => p.StartOfRange);
            var end = element.PowerRanges.Sum(p => p.EndOfRange);
            var width = end - start;
            var factor = width == 0 ? 0 : Math.Clamp((powerW - start) / width, 0, 1);
            var miss = Math.Abs(start + (factor * width) - powerW);
            var score = (miss > 1 ? 1e9 + miss : 0) + Math.Abs(width) + (mode.Id == activeMode ? -1e-3 : 0);
            if (best is null || score < best.Value.Score)
            {
                best = (mode.Id, factor, score);
            }
        }

        var (m, f, _) = best ?? (activeMode ?? actuator.OperationModes[0].Id, 0, 0);
        return (actuator.Id, m, Math.Round(f, 6));
    }

    /// <summary>Value of a forecast at <paramref name="t"/> (sum over its values), or null outside it.</summary>
    public static double? Sample(PowerForecast forecast, DateTimeOffset t) =>
        ValueAt(forecast.StartTime, forecast.Elements, e => e.Duration, e => e.PowerValues.Sum(v => v.ValueExpected), t);

    private static double? DemandAt(S2CemSession s, DateTimeOffset t) =>
        s.DemandForecast is { } f ? ValueAt(f.StartTime, f.Elements, e => e.Duration, e => e.DemandRateExpected, t) : null;

    /// <summary>The value of the element of a profile (consecutive elements from <paramref name="start"/>) that holds <paramref name="t"/>.</summary>
    private static double? ValueAt<T>(DateTimeOffset start, IReadOnlyList<T> elements, Func<T, Duration> duration, Func<T, double> value, DateTimeOffset t)
    {
        var at = start;
        foreach (var e in elements)
        {
            var end = at + duration(e).ToTimeSpan();
            if (t >= at && t < end)
            {
                return value(e);
            }

            at = end;
        }

        return null;
    }

    private static double Mid(NumberRange r) => (r.StartOfRange + r.EndOfRange) / 2;

    private static double Fill(double soc, S2CemSession s)
    {
        var range = s.Frbc!.Storage.FillLevelRange;
        return range.StartOfRange + (soc * (range.EndOfRange - range.StartOfRange));
    }

    private static void AddAppliance(S2CemSession s, PpbcPowerProfileDefinition profile, DateTimeOffset start, double[] load, List<(S2CemSession, HomeAppliance)> appliances)
    {
        var status = s.PowerProfileStatus?.SequenceContainerStatus.FirstOrDefault(c => c.PowerProfileId == profile.Id);
        var sequence = profile.PowerSequencesContainers[0].PowerSequences[0];
        var profileW = Resample(sequence);
        if (status is not null && status.Status != PpbcPowerSequenceStatus.NotScheduled)
        {
            // running (or done): what is left of its run is load
            if (status.Status == PpbcPowerSequenceStatus.Executing)
            {
                var done = (int)((status.Progress?.ToTimeSpan() ?? TimeSpan.Zero) / Step);
                for (var k = done; k < profileW.Length && k - done < Steps; k++)
                {
                    load[k - done] += profileW[k];
                }
            }

            return;
        }

        var first = (int)Math.Ceiling((profile.StartTime - start) / Step);
        var last = (int)Math.Floor((profile.EndTime - start) / Step);
        first = Math.Max(first, 0);
        last = Math.Min(last, Steps);
        if (last - first < profileW.Length || s.Instructions.Any(i => i.Message is PpbcScheduleInstruction p && p.PowerProfileId == profile.Id && i.Status is not ("REJECTED" or "ABORTED" or "DROPPED")))
        {
            return;
        }

        appliances.Add((s, new HomeAppliance { Id = s.ResourceId!, ProfileW = profileW, Windows = [new StepRange(first, last)] }));
    }

    private static double[] Resample(PpbcPowerSequence sequence)
    {
        var total = sequence.Elements.Aggregate(TimeSpan.Zero, (a, e) => a + e.Duration.ToTimeSpan());
        var steps = Math.Max(1, (int)Math.Ceiling(total / Step));
        var energy = new double[steps];
        var at = TimeSpan.Zero;
        foreach (var e in sequence.Elements)
        {
            var p = e.PowerValues.Sum(v => v.ValueExpected);
            var end = at + e.Duration.ToTimeSpan();
            while (at < end)
            {
                var k = (int)(at / Step);
                var until = Min(end, Step * (k + 1));
                energy[k] += p * (until - at).TotalSeconds;
                at = until;
            }
        }

        return [.. energy.Select(e => e / StepSeconds)];
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static void FrbcIntents(S2CemSession s, Func<int, double> power, Func<int, double> fill, Func<int, DateTimeOffset> at, List<(S2CemSession, S2Intent)> intents)
    {
        var description = s.Frbc!;
        var actuatorId = description.Actuators[0].Id;
        var active = s.Actuators.TryGetValue(actuatorId, out var a) ? a : ((string Mode, double Factor, DateTimeOffset? Since)?)null;
        var (lastMode, lastFactor) = active is { } x ? (x.Mode, x.Factor) : (null, double.NaN);
        for (var t = 0; t < Steps; t++)
        {
            var (actuator, mode, factor) = FrbcChoice(description, lastMode, fill(t), power(t));
            if (mode == lastMode && Math.Abs(factor - lastFactor) < 1e-4)
            {
                continue;
            }

            var when = at(t);
            intents.Add((s, new S2Intent(
                new FrbcInstruction
                {
                    MessageId = S2Connection.NewId(),
                    Id = S2Connection.NewId(),
                    ActuatorId = actuator,
                    OperationMode = mode,
                    OperationModeFactor = factor,
                    ExecutionTime = when,
                    AbnormalCondition = false,
                },
                when,
                string.Create(CultureInfo.InvariantCulture, $"{s.ResourceId}/{mode} {factor:0.###}"),
                "planner",
                actuator,
                mode)));
            (lastMode, lastFactor) = (mode, factor);
        }
    }

    /// <summary>
    /// OMBC: <see cref="OmbcPlanner"/> against the home's planned net grid power (each OMBC resource after the ones before it);
    /// an <c>OMBC.Instruction</c> where mode or factor changes. The cost (EUR) of the home's grid energy with it, plus its own.
    /// </summary>
    private static double OmbcIntents(S2CemSession s, double[] net, double[] prices, DateTimeOffset[] bounds, S2CemOptions options, List<(S2CemSession, S2Intent)> intents)
    {
        if (s.Ombc is not { } description || !s.Actuators.TryGetValue(string.Empty, out var active) || description.OperationModes.All(m => m.Id != active.Mode))
        {
            return 0;
        }

        var plan = OmbcPlanner.Plan(new OmbcPlanInput
        {
            Description = description,
            ActiveModeId = active.Mode,
            ActiveFactor = active.Factor,
            TimersUntil = s.Timers.Where(k => k.Key.Actuator.Length == 0).ToDictionary(k => k.Key.Timer, k => k.Value, StringComparer.Ordinal),
            StepBounds = bounds,
            NetLoadW = net,
            ImportPriceEurPerKwh = prices,
            ExportPriceEurPerKwh = options.ExportPriceEurPerKwh,
        });
        var (lastMode, lastFactor) = (active.Mode, active.Factor);
        for (var t = 0; t < Steps; t++)
        {
            net[t] += plan.PowerW[t];
            var (mode, factor) = (plan.ModeIds[t], plan.Factors[t]);
            if (mode == lastMode && Math.Abs(factor - lastFactor) < 0.005)
            {
                continue;
            }

            intents.Add((s, new S2Intent(
                new OmbcInstruction
                {
                    MessageId = S2Connection.NewId(),
                    Id = S2Connection.NewId(),
                    OperationModeId = mode,
                    OperationModeFactor = factor,
                    ExecutionTime = bounds[t],
                    AbnormalCondition = false,
                },
                bounds[t],
                string.Create(CultureInfo.InvariantCulture, $"{s.ResourceId}/{mode} {factor:0.###}"),
                "planner",
                string.Empty,
                mode)));
            (lastMode, lastFactor) = (mode, factor);
        }

        return plan.CostEur;
    }

    private static void PebcIntents(S2CemSession s, HomePlan plan, double[] pv, Func<int, DateTimeOffset> at, List<(S2CemSession, S2Intent)> intents)
    {
        if (s.PowerConstraints is not { } constraints)
        {
            return;
        }

        var lower = constraints.AllowedLimitRanges.Where(r => r.LimitType == PebcPowerEnvelopeLimitType.LowerLimit).ToArray();
        if (lower.Length == 0)
        {
            return;
        }

        var quantity = lower[0].CommodityQuantity;
        var unlimited = lower.Min(r => Math.Min(r.RangeBoundary.StartOfRange, r.RangeBoundary.EndOfRange));
        var upper = constraints.AllowedLimitRanges.Where(r => r.LimitType == PebcPowerEnvelopeLimitType.UpperLimit && r.CommodityQuantity == quantity)
            .Select(r => Math.Max(r.RangeBoundary.StartOfRange, r.RangeBoundary.EndOfRange)).DefaultIfEmpty(0).Max();
        double Limit(int t) => plan.CurtailmentW[t] > 1 ? -Math.Round(Math.Max(pv[t] - plan.CurtailmentW[t], 0), 1) : unlimited;
        var t0 = 0;
        while (t0 < Steps)
        {
            var limit = Limit(t0);
            var t1 = t0 + 1;
            while (t1 < Steps && Limit(t1) == limit)
            {
                t1++;
            }

            var when = at(t0);
            var until = plan.StepStart(t1);
            intents.Add((s, new S2Intent(
                new PebcInstruction
                {
                    MessageId = S2Connection.NewId(),
                    Id = S2Connection.NewId(),
                    ExecutionTime = when,
                    AbnormalCondition = false,
                    PowerConstraintsId = constraints.Id,
                    PowerEnvelopes =
                    [
                        new PebcPowerEnvelope
                        {
                            Id = S2Connection.NewId(),
                            CommodityQuantity = quantity,
                            PowerEnvelopeElements = [new PebcPowerEnvelopeElement { Duration = Duration.FromTimeSpan(until - when), LowerLimit = Math.Max(limit, unlimited), UpperLimit = upper }],
                        },
                    ],
                },
                when,
                string.Create(CultureInfo.InvariantCulture, $"{s.ResourceId}/production limit {-limit:0} W until {until:HH:mm}"),
                "planner",
                null,
                limit.ToString(CultureInfo.InvariantCulture))));
            t0 = t1;
        }
    }
}
