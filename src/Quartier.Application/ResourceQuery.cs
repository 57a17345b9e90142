using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Resources.Devices;
using Quartier.Resources.Query;
using Quartier.Resources.Runtime;
using Quartier.Resources.Schedules;

namespace Quartier.Application;

/// <summary>
/// "May this instruction run, and what happens then?" as every host asks it (<c>quartier resource query FILE</c>,
/// <c>POST /api/resources/query</c>): one JSON request names the resource (<c>battery</c> parameters or an S2
/// <c>device</c> description), its state (<c>state</c>: fill level, mode, factor; <c>history</c>: instructions already
/// given, replayed so that their transitions and timers are in effect), the <c>instruction</c>, the site
/// (<c>site</c>: PV, load, frequency, grid availability), <c>horizon_hours</c> and <c>step_seconds</c>. The answer
/// (<see cref="Answer"/>): ACCEPTED or REJECTED with S2's reason, and the predicted power and fill level per step,
/// from a copy of the resource simulated forward.
/// </summary>
public static class ResourceQuery
{
    /// <summary>Reads the request and answers it; errors name <paramref name="source"/> and the JSON member.</summary>
    public static QueryAnswer Ask(ReadOnlyMemory<byte> json, string source)
    {
        using var doc = SafeJson.Parse(json, source);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException("a resource query is a JSON object with battery or device, instruction and optionally state, history, site, horizon_hours, step_seconds", source);
        }

        var r = new Reader(source);
        r.Only(root, "", "id", "battery", "device", "state", "history", "instruction", "site", "horizon_hours", "step_seconds");
        var instruction = r.Object(root, "instruction", "") ?? throw new InputException("the query has no instruction {time, mode, factor}", source, field: "instruction");
        r.Only(instruction, "instruction", "time", "mode", "factor", "actuator", "abnormal_condition");
        var at = r.Time(instruction, "time", "instruction");
        var mode = r.Text(instruction, "mode", "instruction") ?? throw new InputException("instruction.mode is required", source, field: "instruction.mode");
        var factor = r.Number(instruction, "factor", "instruction", 1, 0, 1);
        var actuator = r.Text(instruction, "actuator", "instruction");
        var abnormal = r.Flag(instruction, "abnormal_condition", "instruction");
        var hours = r.Number(root, "horizon_hours", "", 24, 0.001, 168);
        var stepSeconds = r.Number(root, "step_seconds", "", 900, 1, 86_400);
        var step = TimeSpan.FromSeconds(stepSeconds);
        var horizon = TimeSpan.FromHours(hours);
        if (horizon < step)
        {
            throw new InputException($"horizon_hours {hours.ToString(CultureInfo.InvariantCulture)} is shorter than one step of {stepSeconds.ToString(CultureInfo.InvariantCulture)} s", source, field: "horizon_hours");
        }

        if (horizon.Ticks / step.Ticks > InstructionQuery.MaxSteps)
        {
            throw new InputException($"{horizon.Ticks / step.Ticks} steps exceed the {InstructionQuery.MaxSteps} a prediction may have; use a longer step_seconds", source, field: "step_seconds");
        }

        var device = Device(root, r, at, (int)Math.Ceiling(hours) + 24);
        if (!device.HasMode(mode, actuator))
        {
            throw new InputException($"'{mode}' is not an operation mode of '{device.Id}'{(actuator is null ? string.Empty : $" actuator '{actuator}'")}; valid: {string.Join(", ", device.ModeIds)}", source, elementId: device.Id, field: "instruction.mode");
        }

        Replay(root, r, device, at);
        return InstructionQuery.Ask(device, mode, factor, at, horizon, step, actuator, abnormal);
    }

    /// <summary>The answer as JSON (the API's response and <c>--json</c>'s output).</summary>
    public static object Answer(QueryAnswer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new
        {
            resource = a.ResourceId,
            control_type = ControlTypes.ToS2(a.ControlType),
            instruction = new { time = InstructionSchedule.Format(a.At), mode = a.Mode, factor = a.Factor },
            status = a.Status,
            accepted = a.Accepted,
            reason = a.Reason,
            prediction = a.Prediction.Select(p => new
            {
                start = InstructionSchedule.Format(p.Start),
                mode = p.Mode,
                factor = p.Factor,
                in_transition = p.InTransition,
                power_w = p.PowerW,
                fill_level = double.IsNaN(p.FillLevel) ? (double?)null : p.FillLevel,
                supply_rate = a.ControlType == ControlType.DemandDrivenBased ? p.SupplyRate : (double?)null,
            }),
        };
    }

    private static S2Device Device(JsonElement root, Reader r, DateTimeOffset at, int hours)
    {
        var id = r.Text(root, "id", "") ?? "resource";
        var battery = r.Object(root, "battery", "");
        var description = r.Object(root, "device", "");
        if ((battery is null) == (description is null))
        {
            throw new InputException("the query needs exactly one of battery (its parameters) or device (an S2 description with control_type OMBC, DDBC or PPBC)", r.Source, field: battery is null ? "battery" : "device");
        }

        var state = r.Object(root, "state", "");
        if (state is { } st)
        {
            r.Only(st, "state", "fill_level", "mode", "factor");
        }

        var site = Site(root, r);
        if (description is { } d)
        {
            if (state is not null)
            {
                throw new InputException("state applies to a battery; an S2 device's state comes from its history", r.Source, field: "state");
            }

            return S2DeviceDescription.Create(d, id, at.AddHours(-24), hours + 24, r.Source);
        }

        var b = battery!.Value;
        r.Only(b, "battery", "capacity_wh", "max_charge_power_w", "max_discharge_power_w", "charge_efficiency", "discharge_efficiency", "min_soc", "max_soc", "reserve_soc", "peak_import_limit", "export_limit", "grid_support_power", "frequency_droop", "frequency_deadband", "ramp_limit", "min_mode_dwell", "transition_duration");
        var spec = new BatterySpec
        {
            CapacityWh = r.Number(b, "capacity_wh", "battery", double.NaN, 1, 1e10),
            MaxChargePowerW = r.Number(b, "max_charge_power_w", "battery", 5000, 0, 1e9),
            MaxDischargePowerW = r.Optional(b, "max_discharge_power_w", "battery", 0, 1e9),
            ChargeEfficiency = r.Number(b, "charge_efficiency", "battery", 0.88, 0.01, 1),
            DischargeEfficiency = r.Number(b, "discharge_efficiency", "battery", 0.88, 0.01, 1),
            MinSoc = r.Number(b, "min_soc", "battery", 0, 0, 1),
            MaxSoc = r.Number(b, "max_soc", "battery", 1, 0, 1),
            ReserveSoc = r.Number(b, "reserve_soc", "battery", 0.2, 0, 1),
            PeakImportLimitW = r.Number(b, "peak_import_limit", "battery", 0, 0, 1e9),
            ExportLimitW = r.Number(b, "export_limit", "battery", 0, 0, 1e9),
            GridSupportPowerW = r.Optional(b, "grid_support_power", "battery", 0, 1e9),
            FrequencyDroopWPerHz = r.Optional(b, "frequency_droop", "battery", 0, 1e12),
            FrequencyDeadbandHz = r.Number(b, "frequency_deadband", "battery", 0.01, 0, 5),
            RampLimitWPerStep = r.Optional(b, "ramp_limit", "battery", 0, 1e9),
            MinModeDwell = TimeSpan.FromSeconds(r.Number(b, "min_mode_dwell", "battery", 0, 0, 31_536_000)),
            TransitionDuration = TimeSpan.FromSeconds(r.Number(b, "transition_duration", "battery", 0, 0, 31_536_000)),
            InitialSoc = state is { } s1 ? r.Number(s1, "fill_level", "state", 0.5, 0, 1) : 0.5,
        };
        var modeText = state is { } s2 ? r.Text(s2, "mode", "state") : null;
        var mode = BatteryMode.SelfConsumption;
        if (modeText is not null && !BatteryModes.TryParse(modeText, out mode))
        {
            throw new InputException($"state.mode '{modeText}' is not a battery operation mode; valid: {string.Join(", ", BatteryModes.AllIds)}", r.Source, field: "state.mode");
        }

        var factor = state is { } s3 ? r.Number(s3, "factor", "state", 1, 0, 1) : 1;
        try
        {
            return new BatteryDevice(new BatteryResource(id, spec, mode, factor), _ => site);
        }
        catch (InputException e) when (e.File is null)
        {
            throw new InputException(e.Message, r.Source, elementId: id, field: "battery");
        }
    }

    private static SiteConditions Site(JsonElement root, Reader r)
    {
        if (r.Object(root, "site", "") is not { } s)
        {
            return new SiteConditions(0, 0);
        }

        r.Only(s, "site", "pv_w", "load_w", "frequency_hz", "grid_available", "previous_grid_w");
        return new SiteConditions(
            r.Number(s, "pv_w", "site", 0, 0, 1e9),
            r.Number(s, "load_w", "site", 0, 0, 1e9),
            r.Number(s, "frequency_hz", "site", double.NaN, 45, 65),
            !s.TryGetProperty("grid_available", out _) || r.Flag(s, "grid_available", "site"),
            r.Number(s, "previous_grid_w", "site", double.NaN, -1e9, 1e9));
    }

    private static void Replay(JsonElement root, Reader r, S2Device device, DateTimeOffset at)
    {
        if (!root.TryGetProperty("history", out var history) || history.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (history.ValueKind != JsonValueKind.Array)
        {
            throw new InputException("history must be a list of instructions {time, mode, factor}", r.Source, field: "history");
        }

        var previous = DateTimeOffset.MinValue;
        int k = 0;
        foreach (var h in history.EnumerateArray())
        {
            var path = $"history[{k++}]";
            if (h.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path} must be an object {{time, mode, factor}}", r.Source, field: path);
            }

            r.Only(h, path, "time", "mode", "factor", "actuator", "abnormal_condition");
            var t = r.Time(h, "time", path);
            if (t <= previous || t >= at)
            {
                throw new InputException($"{path}.time {InstructionSchedule.Format(t)} must come after the entry before and before the instruction ({InstructionSchedule.Format(at)})", r.Source, field: $"{path}.time");
            }

            previous = t;
            var mode = r.Text(h, "mode", path) ?? throw new InputException($"{path}.mode is required", r.Source, field: $"{path}.mode");
            var actuator = r.Text(h, "actuator", path);
            if (!device.HasMode(mode, actuator))
            {
                throw new InputException($"{path}: '{mode}' is not an operation mode of '{device.Id}'; valid: {string.Join(", ", device.ModeIds)}", r.Source, elementId: device.Id, field: $"{path}.mode");
            }

            device.BeforeStep(t);
            var outcome = device.Instruct(mode, r.Number(h, "factor", path, 1, 0, 1), t, actuator, r.Flag(h, "abnormal_condition", path));
            if (!outcome.IsAccepted)
            {
                throw new InputException($"{path} would have been refused, so it is no state to start from: {outcome.Reason}", r.Source, elementId: device.Id, field: path);
            }
        }
    }

    /// <summary>Reads members, naming the source and the JSON path in every error.</summary>
    private sealed class Reader(string source)
    {
        public string Source => source;

        public void Only(JsonElement o, string path, params string[] allowed)
        {
            foreach (var p in o.EnumerateObject())
            {
                if (Array.IndexOf(allowed, p.Name) < 0)
                {
                    throw new InputException($"{Join(path, p.Name)}: unknown member; allowed: {string.Join(", ", allowed)}", source, field: Join(path, p.Name));
                }
            }
        }

        public JsonElement? Object(JsonElement o, string name, string path)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Object ? v : throw new InputException($"{Join(path, name)} must be an object", source, field: Join(path, name));
        }

        public string? Text(JsonElement o, string name, string path)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : throw new InputException($"{Join(path, name)} must be a non-empty string", source, field: Join(path, name));
        }

        public DateTimeOffset Time(JsonElement o, string name, string path)
        {
            var text = Text(o, name, path) ?? throw new InputException($"{Join(path, name)} is required (ISO 8601, e.g. 2025-06-01T10:00:00Z)", source, field: Join(path, name));
            return InstructionSchedule.ParseTime(text) ?? throw new InputException($"{Join(path, name)} '{text}' is not a date-time (ISO 8601, e.g. 2025-06-01T10:00:00Z)", source, field: Join(path, name));
        }

        public double? Optional(JsonElement o, string name, string path, double min, double max) =>
            o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Number(o, name, path, 0, min, max) : null;

        public double Number(JsonElement o, string name, string path, double fallback, double min, double max)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return double.IsNaN(fallback) && !(name is "frequency_hz" or "previous_grid_w") ? throw new InputException($"{Join(path, name)} is required", source, field: Join(path, name)) : fallback;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || !double.IsFinite(x))
            {
                throw new InputException($"{Join(path, name)} must be a number", source, field: Join(path, name));
            }

            return new PhysicalRange(min, max, string.Empty).Check(x, Join(path, name), source);
        }

        public bool Flag(JsonElement o, string name, string path)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InputException($"{Join(path, name)} must be true or false", source, field: Join(path, name)),
            };
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
