using System.Globalization;
using System.Text;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Resources.Schedules;

/// <summary>
/// Timed S2 instructions per resource for a run (<c>quartier run --instructions FILE</c>), read from CSV
/// (<c>time,resource,mode,factor[,actuator][,abnormal_condition]</c>, a header line first, <c>#</c> comments) or JSON
/// (<c>{"instructions": [{"time", "resource", "mode", "factor", "actuator", "abnormal_condition"}]}</c> or a bare
/// array). Times are ISO 8601 (UTC without an offset). The reader checks the form (times, factors 0..1, no
/// two instructions for one resource and actuator at one time); whether the resource and its mode exist and the
/// time lies in the run is checked when the schedule is bound to a run, naming the same file and line.
/// </summary>
public sealed class InstructionSchedule
{
    private InstructionSchedule(string source, IReadOnlyList<ScheduledInstruction> instructions)
    {
        Source = source;
        Instructions = instructions;
    }

    /// <summary>The file (or name) the schedule came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The instructions, in time order (stable for equal times).</summary>
    public IReadOnlyList<ScheduledInstruction> Instructions { get; }

    /// <summary>An empty schedule.</summary>
    public static InstructionSchedule Empty { get; } = new("(none)", []);

    /// <summary>Reads a schedule file: <c>.json</c> as JSON, anything else as CSV.</summary>
    public static InstructionSchedule Load(string path)
    {
        var text = InputFiles.ReadAllText(path, "instruction schedule");
        return Parse(text, path, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['));
    }

    /// <summary>Parses schedule text; <paramref name="json"/> picks the format.</summary>
    public static InstructionSchedule Parse(string text, string source, bool json)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = json ? ParseJson(text, source) : ParseCsv(text, source);
        var seen = new Dictionary<(string, string?, long), int>();
        foreach (var i in list)
        {
            if (!seen.TryAdd((i.ResourceId, i.Actuator, i.At.UtcTicks), i.Line))
            {
                throw new InputException($"a second instruction for resource '{i.ResourceId}' at {Format(i.At)} (the first is at line {seen[(i.ResourceId, i.Actuator, i.At.UtcTicks)]})", source, i.Line, i.ResourceId);
            }
        }

        return new InstructionSchedule(source, [.. list.OrderBy(i => i.At.UtcTicks)]);
    }

    /// <summary>An instant as schedules and messages write it (UTC, ISO 8601).</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO 8601 instant (UTC without an offset), or null.</summary>
    public static DateTimeOffset? ParseTime(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static List<ScheduledInstruction> ParseCsv(string text, string source)
    {
        var lines = text.Split('\n');
        var result = new List<ScheduledInstruction>();
        Dictionary<string, int>? columns = null;
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (columns is null)
            {
                columns = Header(cells, source, n + 1);
                continue;
            }

            if (cells.Length != columns.Count)
            {
                throw new InputException($"{cells.Length} cells, but the header has {columns.Count} ({string.Join(",", columns.Keys)})", source, n + 1);
            }

            string Cell(string name) => columns.TryGetValue(name, out var c) ? cells[c] : string.Empty;
            result.Add(Entry(Cell("time"), Cell("resource"), Cell("mode"), Cell("factor"), Cell("actuator"), Cell("abnormal_condition"), source, n + 1));
        }

        if (columns is null)
        {
            throw new InputException("the instruction schedule is empty; expected a header time,resource,mode,factor and one line per instruction", source);
        }

        return result;
    }

    private static Dictionary<string, int> Header(string[] cells, string source, int line)
    {
        string[] known = ["time", "resource", "mode", "factor", "actuator", "abnormal_condition"];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < cells.Length; c++)
        {
            var name = cells[c].ToLowerInvariant();
            if (Array.IndexOf(known, name) < 0)
            {
                throw new InputException($"unknown column '{cells[c]}'; the header names time, resource, mode, factor and optionally actuator, abnormal_condition", source, line, field: cells[c]);
            }

            if (!columns.TryAdd(name, c))
            {
                throw new InputException($"column '{name}' appears twice in the header", source, line, field: name);
            }
        }

        foreach (var required in known[..3])
        {
            if (!columns.ContainsKey(required))
            {
                throw new InputException($"the header has no '{required}' column (expected time,resource,mode,factor)", source, line, field: required);
            }
        }

        return columns;
    }

    private static List<ScheduledInstruction> ParseJson(string text, string source)
    {
        using var doc = SafeJson.Parse(text, source);
        var root = doc.RootElement;
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array)
        {
            array = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instructions", out var a) && a.ValueKind == JsonValueKind.Array)
        {
            array = a;
        }
        else
        {
            throw new InputException("an instruction schedule in JSON is {\"instructions\": [ … ]} or a list of instructions", source, field: "instructions");
        }

        var lines = EntryLines(text, root.ValueKind == JsonValueKind.Array ? 1 : 2);
        var result = new List<ScheduledInstruction>();
        int k = 0;
        foreach (var e in array.EnumerateArray())
        {
            int line = k < lines.Count ? lines[k] : 0;
            var path = $"instructions[{k}]";
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path} must be an object with time, resource, mode and factor", source, line, field: path);
            }

            foreach (var p in e.EnumerateObject())
            {
                if (p.Name is not ("time" or "resource" or "mode" or "operation_mode" or "factor" or "operation_mode_factor" or "actuator" or "abnormal_condition"))
                {
                    throw new InputException($"{path}: unknown member '{p.Name}'; allowed: time, resource, mode (operation_mode), factor (operation_mode_factor), actuator, abnormal_condition", source, line, field: p.Name);
                }
            }

            result.Add(Entry(
                Text(e, "time", path, source, line),
                Text(e, "resource", path, source, line),
                Text(e, "mode", path, source, line) is { Length: > 0 } m ? m : Text(e, "operation_mode", path, source, line),
                Text(e, "factor", path, source, line) is { Length: > 0 } f ? f : Text(e, "operation_mode_factor", path, source, line),
                Text(e, "actuator", path, source, line),
                Text(e, "abnormal_condition", path, source, line),
                source,
                line));
            k++;
        }

        return result;
    }

    /// <summary>The line of each object that opens an entry of the instruction list (at <paramref name="depth"/>).</summary>
    private static List<int> EntryLines(string text, int depth)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.Current.MaxJsonDepth });
        var lines = new List<int>();
        int line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == depth)
            {
                long at = reader.TokenStartIndex;
                for (long b = counted; b < at; b++)
                {
                    line += bytes[b] == '\n' ? 1 : 0;
                }

                counted = at;
                lines.Add(line);
            }
        }

        return lines;
    }

    private static string Text(JsonElement e, string name, string path, string source, int line)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? string.Empty,
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new InputException($"{path}.{name} must be a string or number, not {v.ValueKind.ToString().ToLowerInvariant()}", source, line, field: name),
        };
    }

    private static ScheduledInstruction Entry(string time, string resource, string mode, string factor, string actuator, string abnormal, string source, int line)
    {
        if (time.Length == 0)
        {
            throw new InputException("an instruction without a time", source, line, field: "time");
        }

        var at = ParseTime(time) ?? throw new InputException($"'{time}' is not a date-time (ISO 8601, e.g. 2020-08-11T10:00:00Z)", source, line, field: "time");
        if (resource.Length == 0)
        {
            throw new InputException("an instruction without a resource id", source, line, field: "resource");
        }

        if (mode.Length == 0)
        {
            throw new InputException($"the instruction for '{resource}' has no mode", source, line, resource, field: "mode");
        }

        double f = 1;
        if (factor.Length > 0 && !(double.TryParse(factor, NumberStyles.Float, CultureInfo.InvariantCulture, out f) && f >= 0 && f <= 1))
        {
            throw new InputException($"factor '{factor}' must be a number in 0..1", source, line, resource, field: "factor");
        }

        bool ab = false;
        if (abnormal.Length > 0 && !bool.TryParse(abnormal, out ab))
        {
            ab = abnormal switch
            {
                "1" => true,
                "0" => false,
                _ => throw new InputException($"abnormal_condition '{abnormal}' must be true or false", source, line, resource, field: "abnormal_condition"),
            };
        }

        return new ScheduledInstruction(at, resource, mode, f, actuator.Length == 0 ? null : actuator, ab, line);
    }
}
