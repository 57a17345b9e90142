using System.Globalization;
using System.Text.Json.Nodes;
using Quartier.Optimization.Home;
using Quartier.Resources.Devices;

namespace Quartier.Server.Eos;

/// <summary>
/// A <see cref="HomePlan"/> in EOS's shapes: the <c>EnergyManagementPlan</c> (FRBC instructions for the battery and the
/// vehicle, a PPBC schedule instruction per appliance run, a PEBC power envelope for the PV inverter) and the
/// <c>OptimizationSolution</c> (totals, the prediction and the solution as data frames, per-device columns).
/// </summary>
internal static class EosPlanJson
{
    public static (JsonObject Plan, JsonObject Solution) Build(string id, DateTimeOffset generated, EosPlanning planning, HomePlan plan)
    {
        var input = planning.Input;
        int n = plan.Steps;
        var step = TimeSpan.FromSeconds(plan.StepSeconds);
        double hours = plan.StepSeconds / 3600.0;
        var end = plan.Start + (step * n);
        var evIds = planning.Devices.ElectricVehicles.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var instructions = new JsonArray();
        foreach (var i in plan.Instructions)
        {
            var baseFields = new JsonObject
            {
                ["id"] = $"{i.ResourceId}@{Guid.NewGuid()}",
                ["execution_time"] = EosNodes.Format(i.At),
                ["abnormal_condition"] = false,
            };
            if (i.ModeId == "RUN" && planning.Devices.HomeAppliances.Any(a => a.Id == i.ResourceId))
            {
                baseFields["type"] = "PPBCScheduleInstruction";
                baseFields["power_profile_id"] = i.ResourceId + "_profile";
                baseFields["sequence_container_id"] = "run";
                baseFields["power_sequence_id"] = "RUN";
            }
            else
            {
                baseFields["type"] = "FRBCInstruction";
                baseFields["actuator_id"] = evIds.Contains(i.ResourceId) ? EvResource.ActuatorId : BatteryResource.ActuatorId;
                baseFields["operation_mode_id"] = i.ModeId;
                baseFields["operation_mode_factor"] = Math.Round(i.Factor, 6);
            }

            baseFields["resource_id"] = i.ResourceId;
            instructions.Add(baseFields);
        }

        if (planning.InverterId is { } inverter && input.PvW.Any(p => p > 0))
        {
            var elements = new JsonArray();
            int t = 0;
            while (t < n)
            {
                var lower = -Math.Round(input.PvW[t] - (plan.CurtailmentW.Length > 0 ? plan.CurtailmentW[t] : 0), 3);
                int k = t + 1;
                while (k < n && -Math.Round(input.PvW[k] - (plan.CurtailmentW.Length > 0 ? plan.CurtailmentW[k] : 0), 3) == lower)
                {
                    k++;
                }

                elements.Add(new JsonObject { ["duration"] = System.Xml.XmlConvert.ToString(step * (k - t)), ["upper_limit"] = 0.0, ["lower_limit"] = lower == 0 ? 0.0 : lower });
                t = k;
            }

            instructions.Add(new JsonObject
            {
                ["id"] = $"{inverter}@{Guid.NewGuid()}",
                ["execution_time"] = EosNodes.Format(plan.Start),
                ["abnormal_condition"] = false,
                ["type"] = "PEBCInstruction",
                ["power_constraints_id"] = inverter + "-constraints",
                ["power_envelopes"] = new JsonArray(new JsonObject
                {
                    ["id"] = inverter + "-pv-envelope",
                    ["commodity_quantity"] = "ELECTRIC.POWER.3_PHASE_SYM",
                    ["power_envelope_elements"] = elements,
                }),
                ["resource_id"] = inverter,
            });
        }

        var comment = $"Quartier exact planner ({plan.Solver}): {n} steps of {plan.StepSeconds} s, objective {plan.ObjectiveEur.ToString("0.####", CultureInfo.InvariantCulture)} EUR"
            + (planning.Notes.Count > 0 ? "; " + string.Join("; ", planning.Notes) : string.Empty);
        var planJson = new JsonObject
        {
            ["id"] = id,
            ["generated_at"] = EosNodes.Format(generated),
            ["valid_from"] = EosNodes.Format(plan.Start),
            ["valid_until"] = EosNodes.Format(end),
            ["instructions"] = instructions,
            ["comment"] = comment,
        };

        // the solution's frames
        double costs = 0, revenue = 0, losses = 0;
        var prediction = new JsonObject();
        var solution = new JsonObject();
        var battery = input.Battery;
        var modes = new Dictionary<string, (string Mode, double Factor)>(StringComparer.Ordinal);
        int next = 0;
        var ordered = plan.Instructions.OrderBy(x => x.Step).ToList();
        for (int t = 0; t < n; t++)
        {
            while (next < ordered.Count && ordered[next].Step <= t)
            {
                modes[ordered[next].ResourceId] = (ordered[next].ModeId, ordered[next].Factor);
                next++;
            }

            var stamp = EosNodes.Format(plan.Start + (step * t));
            double price = input.ImportPriceEurPerKwh[t];
            double feed = input.ExportPricesEurPerKwh?[t] ?? 0;
            prediction[stamp] = new JsonObject
            {
                ["pv_energy_wh"] = input.PvW[t] * hours,
                ["elec_price_amt_kwh"] = price,
                ["feed_in_tariff_amt_kwh"] = feed,
                ["loadforecast_energy_wh"] = input.LoadW[t] * hours,
            };
            double cost = plan.ImportW[t] * hours / 1000 * price;
            double rev = plan.ExportW[t] * hours / 1000 * feed;
            double loss = 0;
            var row = new JsonObject
            {
                ["load_energy_wh"] = (input.LoadW[t] + At(plan.EvPowerW, t) + At(plan.AppliancePowerW, t)) * hours,
                ["grid_energy_wh"] = (plan.ImportW[t] - plan.ExportW[t]) * hours,
                ["costs_amt"] = cost,
                ["revenue_amt"] = rev,
            };
            if (battery is not null)
            {
                loss += (plan.BatteryChargeW[t] * (1 - battery.ChargeEfficiency) + plan.BatteryDischargeW[t] * ((1 / battery.DischargeEfficiency) - 1)) * hours;
                Device(row, battery.Id, modes, plan.BatterySoc[t], (plan.BatteryChargeW[t] - plan.BatteryDischargeW[t]) * hours);
            }

            if (input.Ev is { } ev)
            {
                loss += plan.EvPowerW[t] * (1 - ev.ChargeEfficiency) * hours;
                Device(row, ev.Id, modes, plan.EvSoc[t], plan.EvPowerW[t] * hours);
            }

            foreach (var a in plan.Appliances)
            {
                row[a.Id + "_energy_wh"] = a.PowerW[t] * hours;
            }

            row["losses_energy_wh"] = loss;
            solution[stamp] = row;
            costs += cost;
            revenue += rev;
            losses += loss;
        }

        var solutionJson = new JsonObject
        {
            ["id"] = id.Replace("plan-", "solution-", StringComparison.Ordinal),
            ["generated_at"] = EosNodes.Format(generated),
            ["comment"] = comment,
            ["valid_from"] = EosNodes.Format(plan.Start),
            ["valid_until"] = EosNodes.Format(end),
            ["total_losses_energy_wh"] = losses,
            ["total_revenues_amt"] = revenue,
            ["total_costs_amt"] = costs,
            ["fitness_score"] = new JsonArray(plan.ObjectiveEur),
            ["prediction"] = Frame(prediction),
            ["solution"] = Frame(solution),
        };
        return (planJson, solutionJson);
    }

    private static double At(double[] values, int t) => values.Length > t ? values[t] : 0;

    private static void Device(JsonObject row, string id, Dictionary<string, (string Mode, double Factor)> modes, double soc, double energyWh)
    {
        var (mode, factor) = modes.TryGetValue(id, out var m) ? m : ("IDLE", 0.0);
        row[id + "_operation_mode_id"] = mode;
        row[id + "_operation_mode_factor"] = Math.Round(factor, 6);
        row[id + "_soc_factor"] = soc;
        row[id + "_energy_wh"] = energyWh;
    }

    private static JsonObject Frame(JsonObject data)
    {
        var dtypes = new JsonObject();
        if (data.FirstOrDefault().Value is JsonObject first)
        {
            foreach (var (key, value) in first)
            {
                dtypes[key] = EosNodes.AsText(value) is null ? "float64" : "object";
            }
        }

        return new JsonObject { ["data"] = data, ["dtypes"] = dtypes, ["tz"] = "UTC", ["datetime_columns"] = new JsonArray() };
    }
}
