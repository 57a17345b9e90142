using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>
/// Builds an <see cref="S2Device"/> from a description JSON (an ESDL GenericConsumer's <c>description</c>, or a query):
/// <list type="bullet">
/// <item><c>{"control_type": "OMBC", "operation_modes": [{"id", "power": [W at factor 0, W at factor 1], "abnormal_condition_only"}],
/// "transitions": [{"id", "from", "to", "start_timers", "blocking_timers", "transition_duration" (s), "abnormal_condition_only"}],
/// "timers": [{"id", "duration" (s)}], "initial_mode", "initial_factor"}</c></item>
/// <item><c>{"control_type": "DDBC", "demand_rate", "actuators": [{"id", "operation_modes": [{"id", "supply": [from, to], "power": [W, W]}],
/// "transitions", "timers"}]}</c></item>
/// <item><c>{"control_type": "PPBC", "consumption_wh", "duration_h"</c> or <c>"power_sequence": [W …], "interval" (s), "interruptible",
/// "time_windows": EOS's TimeWindowSequence, "auto_start" (default true)}</c></item>
/// </list>
/// Every error names the source, line and element and what is allowed.
/// </summary>
public static class S2DeviceDescription
{
    /// <summary>Whether <paramref name="description"/> declares an S2 device (has <c>control_type</c>).</summary>
    public static bool Declares(JsonElement? description) =>
        description is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("control_type", out _);

    /// <summary>The device described, over a horizon of <paramref name="hours"/> from <paramref name="start"/> (a PPBC device's windows).</summary>
    public static S2Device Create(JsonElement description, string id, DateTimeOffset start, int hours, string? source = null, int? line = null)
    {
        var r = new Reader(id, source, line);
        if (description.ValueKind != JsonValueKind.Object)
        {
            throw r.Fail("the description must be a JSON object with control_type OMBC, DDBC or PPBC", "description");
        }

        var type = r.String(description, "control_type", "");
        try
        {
            return type.ToUpperInvariant() switch
            {
                "OMBC" or "OPERATION_MODE_BASED_CONTROL" => Ombc(description, r),
                "DDBC" or "DEMAND_DRIVEN_BASED_CONTROL" => Ddbc(description, r),
                "PPBC" or "POWER_PROFILE_BASED_CONTROL" => Ppbc(description, r, start, hours),
                _ => throw r.Fail($"control_type '{type}' is not one of OMBC, DDBC, PPBC (batteries, EVs and heat pumps are FRBC assets of their own ESDL types)", "control_type"),
            };
        }
        catch (InputException e) when (e.File is null)
        {
            throw r.Fail(e.Message, e.Field);
        }
    }

    private static OmbcDevice Ombc(JsonElement d, Reader r)
    {
        var modes = r.Array(d, "operation_modes", "").Select((m, i) =>
        {
            var path = $"operation_modes[{i}]";
            var (lo, hi) = r.Pair(m, "power", path);
            return new OmbcOperationMode(r.String(m, "id", path), [new PowerRange(lo, hi, CommodityQuantity.ElectricPower3PhaseSymmetric)], r.Flag(m, "abnormal_condition_only", path));
        }).ToArray();
        var model = new OmbcModel(modes, Transitions(d, r, ""), Timers(d, r, ""));
        string? initial = d.TryGetProperty("initial_mode", out _) ? r.String(d, "initial_mode", "") : null;
        double factor = r.Number(d, "initial_factor", "", 0, 0, 1);
        return new OmbcDevice(r.Id, new OmbcSimulation(model, initial, factor, r.Id));
    }

    private static DdbcDevice Ddbc(JsonElement d, Reader r)
    {
        var actuators = r.Array(d, "actuators", "").Select((a, i) =>
        {
            var path = $"actuators[{i}]";
            var modes = r.Array(a, "operation_modes", path).Select((m, k) =>
            {
                var mp = $"{path}.operation_modes[{k}]";
                var (s0, s1) = r.Pair(m, "supply", mp);
                var (p0, p1) = r.Pair(m, "power", mp);
                return new DdbcOperationMode(r.String(m, "id", mp), new NumberRange(s0, s1), [new PowerRange(p0, p1, CommodityQuantity.ElectricPower3PhaseSymmetric)], r.Flag(m, "abnormal_condition_only", mp));
            }).ToArray();
            return new DdbcActuator(r.String(a, "id", path), modes, Transitions(a, r, path), Timers(a, r, path));
        }).ToArray();
        var model = new DdbcModel(actuators, r.Number(d, "demand_rate", "", 0, 0, 1e9));
        return new DdbcDevice(r.Id, new DdbcSimulation(model, r.Id));
    }

    private static ApplianceDevice Ppbc(JsonElement d, Reader r, DateTimeOffset start, int hours)
    {
        TimeWindowSequence? windows = null;
        if (d.TryGetProperty("time_windows", out var tw) && tw.ValueKind != JsonValueKind.Null)
        {
            windows = TimeWindowSequence.Parse(tw.GetRawText(), $"time_windows of '{r.Id}'");
        }

        var intervals = new EosApplianceDevice(r.Id, 1, 1, windows).AllowedIntervals(start, hours);
        HomeApplianceResource appliance;
        if (d.TryGetProperty("power_sequence", out var seq))
        {
            if (seq.ValueKind != JsonValueKind.Array || seq.GetArrayLength() == 0)
            {
                throw r.Fail("power_sequence must be a non-empty list of powers (W)", "power_sequence");
            }

            var powers = seq.EnumerateArray().Select((v, i) => r.Value(v, $"power_sequence[{i}]", 0, 1e7)).ToArray();
            var interval = TimeSpan.FromSeconds(r.Number(d, "interval", "", 900, 1, 86_400));
            appliance = new HomeApplianceResource(r.Id, powers, interval, r.Flag(d, "interruptible", ""), intervals);
        }
        else
        {
            appliance = new HomeApplianceResource(r.Id, r.Number(d, "consumption_wh", "", double.NaN, 0, 1e6), r.Number(d, "duration_h", "", double.NaN, 1.0 / 3600, 168), intervals);
        }

        return new ApplianceDevice(appliance, !d.TryGetProperty("auto_start", out _) || r.Flag(d, "auto_start", ""));
    }

    private static ResourceTransition[] Transitions(JsonElement owner, Reader r, string parent) =>
        owner.TryGetProperty("transitions", out _)
            ? [.. r.Array(owner, "transitions", parent).Select((t, i) =>
            {
                var path = Join(parent, $"transitions[{i}]");
                return new ResourceTransition(
                    r.String(t, "id", path),
                    r.String(t, "from", path),
                    r.String(t, "to", path),
                    r.Strings(t, "start_timers", path),
                    r.Strings(t, "blocking_timers", path),
                    TimeSpan.FromSeconds(r.Number(t, "transition_duration", path, 0, 0, 31_536_000)),
                    r.Flag(t, "abnormal_condition_only", path));
            })]
            : [];

    private static ResourceTimer[] Timers(JsonElement owner, Reader r, string parent) =>
        owner.TryGetProperty("timers", out _)
            ? [.. r.Array(owner, "timers", parent).Select((t, i) =>
            {
                var path = Join(parent, $"timers[{i}]");
                return new ResourceTimer(r.String(t, "id", path), TimeSpan.FromSeconds(r.Number(t, "duration", path, double.NaN, 0, 31_536_000)));
            })]
            : [];

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    /// <summary>Reads members with errors that name the device, source, line and JSON path.</summary>
    private sealed class Reader(string id, string? source, int? line)
    {
        public string Id => id;

        public InputException Fail(string message, string? field) => new($"S2 device '{id}': {message}", source, line, id, field: field);

        public string String(JsonElement o, string name, string parent)
        {
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
            {
                return s;
            }

            throw Fail($"{Join(parent, name)} must be a non-empty string", name);
        }

        public string[] Strings(JsonElement o, string name, string parent)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                throw Fail($"{Join(parent, name)} must be a list of timer ids", name);
            }

            return [.. v.EnumerateArray().Select(x => x.GetString()!)];
        }

        public JsonElement[] Array(JsonElement o, string name, string parent)
        {
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0)
            {
                var items = v.EnumerateArray().ToArray();
                for (int i = 0; i < items.Length; i++)
                {
                    if (items[i].ValueKind != JsonValueKind.Object)
                    {
                        throw Fail($"{Join(parent, name)}[{i}] must be an object", name);
                    }
                }

                return items;
            }

            throw Fail($"{Join(parent, name)} must be a non-empty list", name);
        }

        public double Number(JsonElement o, string name, string parent, double fallback, double min, double max)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return double.IsNaN(fallback) ? throw Fail($"{Join(parent, name)} is required", name) : fallback;
            }

            return Value(v, Join(parent, name), min, max);
        }

        public double Value(JsonElement v, string path, double min, double max)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || !double.IsFinite(x))
            {
                throw Fail($"{path} must be a number", path);
            }

            return x >= min && x <= max
                ? x
                : throw Fail(string.Create(CultureInfo.InvariantCulture, $"{path} = {x} is outside {min} … {max}"), path);
        }

        public (double Lo, double Hi) Pair(JsonElement o, string name, string parent)
        {
            var path = Join(parent, name);
            if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 2)
            {
                throw Fail($"{path} must be [value at factor 0, value at factor 1]", name);
            }

            return (Value(v[0], path + "[0]", -1e9, 1e9), Value(v[1], path + "[1]", -1e9, 1e9));
        }

        public bool Flag(JsonElement o, string name, string parent)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Fail($"{Join(parent, name)} must be true or false", name),
            };
        }
    }
}
