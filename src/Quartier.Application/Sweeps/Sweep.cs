using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Application.Sweeps;

/// <summary>One axis of a sweep: a run setting or an ESDL attribute, and the values it takes.</summary>
public sealed record SweepAxis(string Name, string? Setting, string? EsdlType, string? EsdlId, string? Attribute, IReadOnlyList<string> Values);

/// <summary>One run of a sweep: its index, each axis's value, and what it runs.</summary>
/// <remarks>A CoSSMic sweep's run has no <see cref="Input"/>: it runs <see cref="Bytes"/> (the neighbourhood's PySSMic folder as a zip) with <see cref="Cossmic"/>.</remarks>
public sealed record SweepRun(int Index, IReadOnlyList<(string Axis, string Value)> Values, RunInput? Input, RunSettings Settings, byte[] Bytes, bool IsDotsRequest)
{
    /// <summary>A CoSSMic run set's options (checked), null for an ESDL or DOTS run.</summary>
    public Cossmic.Runs.CossmicRunOptions? Cossmic { get; init; }

    /// <summary>The run's name: the sweep's and its axis values, e.g. <c>tariffs [battery=36000000 ems=mpc]</c>.</summary>
    public string Name(string sweep) => $"{sweep} [{string.Join(' ', Values.Select(v => $"{v.Axis}={v.Value}"))}]";
}

/// <summary>
/// A parameter sweep (JSON): a base scenario (ESDL or DOTS request), the run settings all runs share, and axes whose
/// Cartesian product gives the runs. An axis sets a run setting (<c>ems</c>, <c>rules</c>, <c>weather</c>, <c>prices</c>,
/// <c>step</c>, <c>duration</c>, <c>start</c>, <c>power_flow</c>, <c>ems_gap</c>, <c>ems_horizon</c>) or overrides an
/// ESDL attribute on every object of a type (<c>"set": {"type": "Battery", "attribute": "capacity"}</c>) or on one object
/// (<c>"set": {"id": "…", "attribute": "…"}</c>):
/// <code>
/// {"name": "batteries", "base": "test.esdl", "settings": {"duration": "2d", "ems": "rule"},
///  "axes": [{"name": "capacity", "set": {"type": "Battery", "attribute": "capacity"}, "values": [18e6, 36e6]},
///           {"name": "ems", "values": ["rule", "mpc"]}]}
/// </code>
/// </summary>
public sealed partial class Sweep
{
    /// <summary>Most runs one sweep expands to.</summary>
    public const int MaxRuns = 10_000;

    private static readonly string[] Settings = ["ems", "rules", "weather", "prices", "step", "duration", "start", "power_flow", "ems_gap", "ems_horizon", "record"];

    private Sweep(string name, string source, string basePath, RunSettings settings, IReadOnlyList<SweepAxis> axes, Func<(byte[] Bytes, bool Json)> load, Cossmic.Runs.CossmicRunOptions? cossmic)
    {
        CossmicOptions = cossmic;
        Name = name;
        Source = source;
        BasePath = basePath;
        BaseSettings = settings;
        Axes = axes;
        _load = load;
    }

    private readonly Func<(byte[] Bytes, bool Json)> _load;

    public string Name { get; }

    public string Source { get; }

    public string BasePath { get; }

    public RunSettings BaseSettings { get; }

    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>How many runs the axes give.</summary>
    public int Count => Axes.Aggregate(1, (n, a) => n * a.Values.Count);

    /// <summary>Reads a sweep file; paths in it are relative to its folder.</summary>
    /// <exception cref="InputException">Bad JSON, an unknown setting, an empty axis, too many runs — naming the field.</exception>
    public static Sweep Load(string path)
    {
        var text = Encoding.UTF8.GetString(InputFiles.ReadAllBytes(path));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, p => Path.GetFullPath(p, folder), basePath =>
        {
            var full = Path.GetFullPath(basePath, folder);
            if (Directory.Exists(full))
            {
                return (full, () => ([], false), true);   // the runner reads the folder itself
            }

            if (!File.Exists(full))
            {
                throw new InputException($"base scenario {full} not found", path, field: "base");
            }

            if (full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                return (full, () => (InputFiles.ReadAllBytes(full), false), true);
            }

            return (full, () =>
            {
                var bytes = InputFiles.ReadAllBytes(full);
                return (bytes, full.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase));
            }, false);
        });
    }

    /// <summary>
    /// Reads a sweep from text: <paramref name="resolve"/> turns a weather or price file into a path (null: such axes are
    /// refused), <paramref name="findBase"/> finds the base scenario (its label, how to read it, and whether it is a CoSSMic
    /// neighbourhood, read as its PySSMic folder in a zip).
    /// </summary>
    /// <summary>A sweep's text (JSON, or YAML by <paramref name="path"/>'s extension) as its JSON object, not yet checked.</summary>
    /// <exception cref="InputException">Not JSON (or YAML), or not an object.</exception>
    public static JsonObject ReadObject(string text, string path)
    {
        JsonNode? root;
        if (SweepYaml.IsYaml(path))
        {
            root = SweepYaml.Parse(text, path);
        }
        else
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                throw new InputException($"the sweep is not valid JSON: {e.Message}", path, (int)(e.LineNumber ?? 0) + 1);
            }
        }

        return root as JsonObject ?? throw new InputException("a sweep is an object with name, base, settings and axes", path, field: "$");
    }

    public static Sweep Parse(string text, string path, Func<string, string>? resolve, Func<string, (string Label, Func<(byte[] Bytes, bool Json)> Load, bool Cossmic)> findBase)
    {
        ArgumentNullException.ThrowIfNull(findBase);
        var o = ReadObject(text, path);

        string Resolve(string p) => resolve is null ? throw new InputException($"'{p}': weather and price files are not taken here", path, field: "settings") : resolve(p);
        var name = Text(o, "name", path, required: false) ?? Path.GetFileNameWithoutExtension(path);
        var (basePath, load, cossmic) = findBase(Text(o, "base", path, required: true)!);
        if (cossmic)
        {
            return ParseCossmic(o, name, path, basePath, load);
        }

        var settings = new RunSettings();
        if (o["settings"] is { } s)
        {
            if (s is not JsonObject so)
            {
                throw new InputException("'settings' must be an object of run settings", path, field: "settings");
            }

            foreach (var (key, value) in so)
            {
                settings = Apply(settings, key, Scalar(value, path, $"settings.{key}"), path, $"settings.{key}", Resolve);
            }
        }

        var axes = new List<SweepAxis>();
        foreach (var (at, a, axisName, values) in AxisNodes(o, path, "{name, values[, set]}"))
        {

            var texts = values.Select((v, k) => Scalar(v, path, $"{at}.values[{k}]")).ToList();
            if (a["set"] is JsonObject set)
            {
                var type = Text(set, "type", path, required: false, at + ".set");
                var id = Text(set, "id", path, required: false, at + ".set");
                var attribute = Text(set, "attribute", path, required: true, at + ".set")!;
                if ((type is null) == (id is null))
                {
                    throw new InputException($"'{at}.set' names the objects by type or by id (one of the two)", path, field: at + ".set");
                }

                axes.Add(new SweepAxis(axisName, null, type, id, attribute, texts));
            }
            else if (a["set"] is not null)
            {
                throw new InputException($"'{at}.set' must be an object {{type|id, attribute}}", path, field: at + ".set");
            }
            else
            {
                var setting = axisName.Trim().ToLowerInvariant().Replace('-', '_');
                if (Array.IndexOf(Settings, setting) < 0)
                {
                    throw new InputException($"axis '{axisName}' is not a run setting ({string.Join(", ", Settings)}); give 'set' to override an ESDL attribute", path, field: at + ".name");
                }

                // each value must be a valid setting (checked again per run against the scenario)
                foreach (var (v, k) in texts.Select((v, k) => (v, k)))
                {
                    _ = Apply(new RunSettings(), setting, v, path, $"{at}.values[{k}]", Resolve);
                }

                axes.Add(new SweepAxis(axisName, setting, null, null, null, setting is "weather" or "prices" ? [.. texts.Select(Resolve)] : texts));
            }
        }

        var twice = axes.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InputException($"two axes are named '{twice.Key}'", path, field: "axes");
        }

        var sweep = new Sweep(name, path, basePath, settings, axes, load, null);
        long count = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (count > MaxRuns)
        {
            throw new InputException($"the axes give {count:N0} runs; a sweep runs at most {MaxRuns:N0}", path, field: "axes");
        }

        return sweep;
    }

    /// <summary>The runs, in order (the last axis varies fastest); every attribute override is checked to hit an object.</summary>
    public IReadOnlyList<SweepRun> Expand()
    {
        var (bytes, json) = _load();
        if (IsCossmic)
        {
            return ExpandCossmic(bytes);
        }

        if (InputFiles.IsGzip(bytes))
        {
            bytes = InputFiles.GunzipWhole(bytes, BasePath);
        }

        var runs = new List<SweepRun>();
        var index = new int[Axes.Count];
        for (int r = 0; r < Count; r++)
        {
            Combination(r, index);

            var settings = BaseSettings;
            var overrides = new List<(SweepAxis Axis, string Value)>();
            var values = new List<(string, string)>();
            for (int a = 0; a < Axes.Count; a++)
            {
                var axis = Axes[a];
                var value = axis.Values[index[a]];
                values.Add((axis.Name, axis.Setting is "weather" or "prices" ? Path.GetFileName(value) : value));
                if (axis.Setting is { } setting)
                {
                    settings = Apply(settings, setting, value, Source, $"axes[{a}]", p => p);
                }
                else
                {
                    overrides.Add((axis, value));
                }
            }

            var runBytes = overrides.Count == 0 ? bytes : Override(bytes, json, overrides);
            var input = RunInput.FromBytes(runBytes, BasePath, json, BasePath);
            var run = new SweepRun(r + 1, values, input, settings, runBytes, json);
            runs.Add(run with { Settings = settings with { Name = run.Name(Name) } });
        }

        return runs;
    }

    /// <summary>Each axis object of the sweep with its field path, name and values (checked to be there).</summary>
    private static IEnumerable<(string At, JsonObject Axis, string Name, JsonArray Values)> AxisNodes(JsonObject o, string path, string shape)
    {
        if (o["axes"] is not JsonArray axesNode || axesNode.Count == 0)
        {
            throw new InputException($"'axes' must be a non-empty array of {shape}", path, field: "axes");
        }

        for (int i = 0; i < axesNode.Count; i++)
        {
            var at = $"axes[{i}]";
            if (axesNode[i] is not JsonObject a)
            {
                throw new InputException($"'{at}' must be an object with name and values", path, field: at);
            }

            var axisName = Text(a, "name", path, required: true, at)!;
            if (a["values"] is not JsonArray values || values.Count == 0)
            {
                throw new InputException($"'{at}.values' must be a non-empty array", path, field: at + ".values");
            }

            yield return (at, a, axisName, values);
        }
    }

    /// <summary>The value index on each axis of run <paramref name="r"/> (0-based; the last axis varies fastest).</summary>
    private void Combination(int r, int[] index)
    {
        int rest = r;
        for (int a = Axes.Count - 1; a >= 0; a--)
        {
            index[a] = rest % Axes[a].Values.Count;
            rest /= Axes[a].Values.Count;
        }
    }

    /// <summary>The base scenario with the attribute overrides applied (inside a DOTS request's base64 ESDL too).</summary>
    private byte[] Override(byte[] bytes, bool json, IReadOnlyList<(SweepAxis Axis, string Value)> overrides)
    {
        if (json)
        {
            var request = JsonNode.Parse(bytes)!.AsObject();
            var esdl = Convert.FromBase64String(request[Esdl.DotsRequest.EsdlMember]!.GetValue<string>());
            request[Esdl.DotsRequest.EsdlMember] = Convert.ToBase64String(Override(esdl, false, overrides));
            return Encoding.UTF8.GetBytes(request.ToJsonString());
        }

        XDocument doc;
        using (var reader = System.Xml.XmlReader.Create(new MemoryStream(bytes), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null }))
        {
            doc = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }

        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        foreach (var (axis, value) in overrides)
        {
            var hits = doc.Descendants().Where(e => axis.EsdlId is { } id
                ? (string?)e.Attribute("id") == id
                : ((string?)e.Attribute(xsi + "type"))?.Split(':')[^1] == axis.EsdlType).ToList();
            if (hits.Count == 0)
            {
                throw new InputException($"axis '{axis.Name}': no ESDL object {(axis.EsdlId is { } i ? $"with id '{i}'" : $"of type {axis.EsdlType}")} in {Path.GetFileName(BasePath)}", Source, field: "axes");
            }

            foreach (var e in hits)
            {
                e.SetAttributeValue(axis.Attribute!, value);
            }
        }

        using var output = new MemoryStream();
        doc.Save(output, SaveOptions.DisableFormatting);
        return output.ToArray();
    }

    private static RunSettings Apply(RunSettings s, string key, string value, string file, string field, Func<string, string> resolve)
    {
        try
        {
            return key switch
            {
                "ems" => s with { Ems = OneOf(value, file, field, "an EMS", "rule", "dots", "mpc") },
                "rules" => s with { Rules = OneOf(value, file, field, "a rule set", "dots", "quartier") },
                "weather" => s with { Weather = resolve(value) },
                "prices" => s with { Prices = resolve(value) },
                "step" => s with { Step = Core.Time.DurationParser.TryParseSeconds(value, out var st) && st > 0 ? value : throw new InputException($"step '{value}' is not a duration (e.g. 15min, 900)", file, field: field) },
                "duration" => s with { Duration = Core.Time.DurationParser.TryParseSeconds(value, out var du) && du > 0 ? value : throw new InputException($"duration '{value}' is not a duration (e.g. 2d, 60h)", file, field: field) },
                "start" => s with { Start = value },
                "record" => s with { Record = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                "power_flow" => s with { PowerFlow = bool.TryParse(value, out var b) ? b : throw new InputException($"'{value}' is not true or false", file, field: field) },
                "ems_gap" => s with { EmsGap = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) },
                "ems_horizon" => s with { EmsHorizon = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new InputException($"'{key}' is not a run setting; settings: {string.Join(", ", Settings)}", file, field: field),
            };
        }
        catch (FormatException)
        {
            throw new InputException($"'{value}' is not a number", file, field: field);
        }
    }

    private static string OneOf(string value, string file, string field, string what, params string[] allowed) =>
        Array.IndexOf(allowed, value.Trim().ToLowerInvariant()) >= 0
            ? value.Trim().ToLowerInvariant()
            : throw new InputException($"'{value}' is not {what}; allowed: {string.Join(", ", allowed)}", file, field: field);

    private static string Scalar(JsonNode? node, string file, string field) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var t) => t,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new InputException($"'{field}' must be a text, number or true/false, not {node?.ToJsonString() ?? "null"}", file, field: field),
    };

    private static string? Text(JsonObject o, string member, string file, bool required, string? at = null)
    {
        var field = at is null ? member : $"{at}.{member}";
        if (o[member] is JsonValue v && v.TryGetValue<string>(out var t) && !string.IsNullOrWhiteSpace(t))
        {
            return t.Trim();
        }

        return required || o[member] is not null ? throw new InputException($"'{field}' must be a non-empty text", file, field: field) : null;
    }
}
