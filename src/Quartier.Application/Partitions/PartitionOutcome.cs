using System.Text.Json;
using System.Text.Json.Serialization;
using Quartier.Core.Results;
using Quartier.Simulation.Kpis;

namespace Quartier.Application.Partitions;

/// <summary>
/// What one partition's run hands back for the run's KPIs (JSON through <see cref="ToJson"/>/<see cref="FromJson"/>,
/// every double to the bit): the KPIs it produced, and what the system figures need to come out as the single run's to
/// the bit — the addends of its summed KPIs with each element's place in the whole system (<see cref="Terms"/>), the sum
/// of its connections' net power per step in exact fixed point (<see cref="NetUnits"/>: the system's peak import is the
/// peak of the sum over all partitions), the steps its heat pumps were below comfort, and its feeders' violation bits per
/// step (an hour counts once when any feeder violates in it). Index 0 of the per-step arrays is unused, as the engine
/// counts steps from 1.
/// </summary>
public sealed record PartitionOutcome(int Index, IReadOnlyList<Kpi> Kpis, double StepHours, long[] NetUnits, byte[] GridViolations, long ComfortSteps, IReadOnlyList<OrderedTerm> Terms)
{
    /// <summary>Summed KPIs reported in thousandths of what they add (Wh → kWh).</summary>
    private static readonly HashSet<string> InKilo = new(StringComparer.Ordinal)
    {
        "energy_imported", "energy_exported", "consumption", "pv_production", "pv_curtailed", "ev_departure_shortfall", "grid_losses",
    };

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Maxima over the partitions. The plan times' median and 99th percentile are wall-clock figures (never
    /// reproducible): the partitions' largest is an upper bound of the run's.
    /// </summary>
    private static readonly HashSet<string> Maxima = new(StringComparer.Ordinal)
    {
        "transformer_peak_loading", "grid_worst_max_voltage", "grid_worst_cable_loading", "grid_max_voltage_unbalance",
        "ems_plan_seconds_max", "ems_plan_seconds_median", "ems_plan_seconds_p99",
    };

    /// <summary>Worst cases whose scope names the element: the worst partition's (the first on ties, as feeders in one run).</summary>
    private static readonly Dictionary<string, bool> WorstAt = new(StringComparer.Ordinal)
    {
        ["grid_worst_min_voltage_at"] = true,
        ["grid_worst_max_voltage_at"] = false,
        ["grid_worst_cable_loading_at"] = false,
        ["grid_max_voltage_unbalance_at"] = false,
    };

    /// <summary>Hours with a violation bit set on any feeder (<see cref="Simulation.Services.LvNetworkService.StepViolations"/>).</summary>
    private static readonly Dictionary<string, byte> ViolationHours = new(StringComparer.Ordinal)
    {
        ["grid_transformer_hours_over_limit"] = 1,
        ["grid_cable_hours_over_limit"] = 2,
        ["grid_voltage_hours_out_of_band"] = 4,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PartitionOutcome FromJson(string json) =>
        JsonSerializer.Deserialize<PartitionOutcome>(json, Json) ?? throw new JsonException("a partition outcome is null");

    /// <summary>
    /// The run's KPIs from its partitions' outcomes, given in index order (0, 1, …): the same outcomes give the same
    /// KPIs to the bit wherever the partitions ran. Per element (house, cable, feeder) the partition's KPI as it is;
    /// system figures merged by name — sums summed, maxima and minima taken, self-consumption and self-sufficiency
    /// recomputed from the merged energies, the peak import as the peak of the per-step sum of net power, violation
    /// hours counted from the per-step violation bits, worst cases with their element from the worst partition. The
    /// system KPIs come first (in the order they first appear), then the partitions' per-element KPIs in index order.
    /// A system KPI without a rule here is refused (it would be silently wrong).
    /// </summary>
    public static IReadOnlyList<Kpi> Merge(IReadOnlyList<PartitionOutcome> inIndexOrder)
    {
        ArgumentNullException.ThrowIfNull(inIndexOrder);
        if (inIndexOrder.Count == 0)
        {
            throw new ArgumentException("no partition outcomes to merge", nameof(inIndexOrder));
        }

        var keys = new List<(string Name, string Scope)>();
        var parts = new Dictionary<(string Name, string Scope), List<Kpi>>();
        var local = new List<Kpi>();
        var localKeys = new HashSet<(string, string)>();
        for (int i = 0; i < inIndexOrder.Count; i++)
        {
            var outcome = inIndexOrder[i];
            if (outcome.Index != i)
            {
                throw new ArgumentException($"outcome {i} is partition {outcome.Index}; give the outcomes in index order, each once", nameof(inIndexOrder));
            }

            foreach (var kpi in outcome.Kpis)
            {
                (string, string)? key = WorstAt.ContainsKey(kpi.Name) ? (kpi.Name, "*")
                    : kpi.Scope == "system" || kpi.Name.EndsWith("_at_tariff", StringComparison.Ordinal) ? (kpi.Name, kpi.Scope)
                    : null;
                if (key is not { } k)
                {
                    if (!localKeys.Add((kpi.Name, kpi.Scope)))
                    {
                        throw new InvalidOperationException($"KPI '{kpi.Name}' of '{kpi.Scope}' comes from two partitions");
                    }

                    local.Add(kpi);
                    continue;
                }

                if (!parts.TryGetValue(k, out var list))
                {
                    parts[k] = list = [];
                    keys.Add(k);
                }

                list.Add(kpi);
            }
        }

        var terms = inIndexOrder.SelectMany(o => o.Terms).GroupBy(t => (t.Name, t.Scope))
            .ToDictionary(g => g.Key, g => KpiTerms.InOrder([.. g.OrderBy(t => t.Order).Select(t => t.Value)]));
        double Summed(string name) => terms.TryGetValue((name, "system"), out var raw) ? raw : 0;
        var merged = new List<Kpi>(keys.Count + local.Count);
        foreach (var key in keys)
        {
            var list = parts[key];
            var first = list[0];
            merged.Add(key.Name switch
            {
                "heat_pump_hours_below_comfort" => first with { Value = inIndexOrder.Sum(o => o.ComfortSteps) * inIndexOrder[0].StepHours },
                _ when terms.TryGetValue(key, out var raw) => first with { Value = InKilo.Contains(key.Name) ? raw / 1000 : raw },
                "grid_steps_not_converged" or "ems_plans" => first with { Value = Sum(list) }, // counts: exact in any order
                _ when Maxima.Contains(key.Name) => first with { Value = list.Max(k => k.Value) },
                "grid_worst_min_voltage" => first with { Value = list.Where(k => !double.IsNaN(k.Value)).Select(k => k.Value).DefaultIfEmpty(double.NaN).Min() },
                _ when WorstAt.TryGetValue(key.Name, out var lowest) => Worst(list, lowest),
                _ when ViolationHours.TryGetValue(key.Name, out var bit) => first with { Value = Hours(inIndexOrder, bit) },
                "peak_import" => first with { Value = KpiTerms.PeakKw(PeakImport(inIndexOrder)) },
                "self_consumption" => first with { Value = Summed("pv_production") is var pv and > 0 ? 100 * (pv - Summed("energy_exported")) / pv : double.NaN },
                "self_sufficiency" => first with { Value = Summed("consumption") is var c and > 0 ? 100 * (1 - (Summed("energy_imported") / c)) : double.NaN },
                _ => throw new InvalidOperationException($"no rule merges the system KPI '{key.Name}' over partitions, or it came without its addends"),
            });
        }

        merged.AddRange(local);
        return merged;
    }

    private static double Sum(List<Kpi> list)
    {
        double sum = 0;
        foreach (var k in list)
        {
            sum += k.Value;
        }

        return sum;
    }

    /// <summary>The first of the lowest (or highest) values, NaN (no step solved) losing to any number.</summary>
    private static Kpi Worst(List<Kpi> list, bool lowest)
    {
        var best = list[0];
        foreach (var k in list.Skip(1))
        {
            if ((double.IsNaN(best.Value) && !double.IsNaN(k.Value)) || (lowest ? k.Value < best.Value : k.Value > best.Value))
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>Per step, the net power summed over the partitions (exact, fixed point); the largest such sum, at least 0.</summary>
    private static long PeakImport(IReadOnlyList<PartitionOutcome> outcomes)
    {
        var net = new long[outcomes[0].NetUnits.Length];
        foreach (var o in outcomes)
        {
            if (o.NetUnits.Length != net.Length)
            {
                throw new InvalidOperationException("partitions of one run have different step counts");
            }

            for (int k = 0; k < net.Length; k++)
            {
                net[k] += o.NetUnits[k];
            }
        }

        return KpiTerms.PeakUnits(net);
    }

    /// <summary>Hours in which any partition's feeder has <paramref name="bit"/> set, counted step by step as one run does.</summary>
    private static double Hours(IReadOnlyList<PartitionOutcome> outcomes, byte bit)
    {
        int steps = outcomes.Max(o => o.GridViolations.Length);
        double hours = outcomes.First(o => o.GridViolations.Length > 0).StepHours, total = 0;
        for (int k = 0; k < steps; k++)
        {
            byte flags = 0;
            foreach (var o in outcomes)
            {
                flags |= k < o.GridViolations.Length ? o.GridViolations[k] : (byte)0;
            }

            total += (flags & bit) != 0 ? hours : 0;
        }

        return total;
    }
}

/// <summary>A <see cref="KpiTerm"/> with its element's place in the whole system's assets (the order the single run adds in).</summary>
public sealed record OrderedTerm(string Name, string Scope, int Order, double Value);
