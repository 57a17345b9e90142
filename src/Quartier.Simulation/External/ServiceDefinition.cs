using Quartier.Services;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Simulation.External;

/// <summary>
/// Which service serves an ESDL type in a run, and how: a built-in one (no <see cref="Command"/> or <see cref="Connect"/>)
/// whose period and offset may be set here, or an external process in any language speaking <see cref="Quartier.Services.ServiceProtocol"/>
/// (declared by its DOTS <c>input.json</c>, which sets its calculations' periods and offsets).
/// </summary>
public sealed record ServiceDefinition
{
    /// <summary>The ESDL type served.</summary>
    public required AssetKind EsdlType { get; init; }

    /// <summary>DOTS's <c>calc_service_name</c>: names the service in logs, errors and the run's log files.</summary>
    public required string Name { get; init; }

    /// <summary>A built-in service's period in seconds (null: every step).</summary>
    public int? PeriodSeconds { get; init; }

    /// <summary>A built-in service's offset in seconds (null: none).</summary>
    public int? OffsetSeconds { get; init; }

    /// <summary>The program and arguments that start an external service (it connects to <see cref="ServiceProtocol.AddressVariable"/>).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The address of an external service that is already running (<c>tcp:HOST:PORT</c> or <c>unix:PATH</c>).</summary>
    public string? Connect { get; init; }

    /// <summary>Working directory of <see cref="Command"/> (default: the services file's folder).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Longest wait for one answer of the service, in seconds.</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>Parameters handed to the service at start (DOTS: its environment variables / additional_env_variable).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether this is an external service.</summary>
    public bool IsExternal => Command is not null || Connect is not null;

    /// <summary>
    /// Reads a services file (JSON): <c>{"services": [{"esdl_type", "calc_service_name", "period_in_seconds"?,
    /// "offset_in_seconds"?, "command"?, "connect"?, "working_directory"?, "timeout_seconds"?, "parameters"?}]}</c> or the array itself.
    /// </summary>
    /// <exception cref="InputException">Bad JSON or an entry that cannot be (named by its index and field).</exception>
    public static IReadOnlyList<ServiceDefinition> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read services file {path}: {e.Message}", path);
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>As <see cref="Load"/>, from text; <paramref name="folder"/> is where relative commands start.</summary>
    public static IReadOnlyList<ServiceDefinition> Parse(string json, string source, string? folder = null)
    {
        using (var doc = ServiceDeclaration.Document(json, source, "the services file"))
        {
            var list = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("services", out var s) ? s : doc.RootElement;
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InputException($"expected {{\"services\": [ … ]}} or an array of service entries", source, field: "services");
            }

            var result = new List<ServiceDefinition>();
            int i = 0;
            foreach (var e in list.EnumerateArray())
            {
                result.Add(Entry(e, source, $"services[{i}]", folder));
                i++;
            }

            var twice = result.GroupBy(d => d.EsdlType).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                throw new InputException($"{twice.Key} is served by two entries ({string.Join(", ", twice.Select(d => d.Name))}); one service per ESDL type", source, field: "services");
            }

            return result;
        }
    }

    private static ServiceDefinition Entry(JsonElement e, string source, string at, string? folder)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"{at} must be an object with esdl_type and calc_service_name", source, field: at);
        }

        var type = ServiceDeclaration.Kind(ServiceDeclaration.Text(e, "esdl_type", source, at + ".esdl_type"), source, at + ".esdl_type");
        var name = e.TryGetProperty("calc_service_name", out _) ? ServiceDeclaration.Text(e, "calc_service_name", source, at + ".calc_service_name") : type.ToString();
        int? Seconds(string member, bool positive)
        {
            if (!e.TryGetProperty(member, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 0 || (positive && n == 0))
            {
                throw new InputException($"{at}.{member} is {v.GetRawText()}; expected a whole number of seconds{(positive ? " above 0" : ", 0 or more")}", source, field: $"{at}.{member}");
            }

            return n;
        }

        IReadOnlyList<string>? command = null;
        if (e.TryGetProperty("command", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            command = c.ValueKind switch
            {
                JsonValueKind.String when !string.IsNullOrWhiteSpace(c.GetString()) => c.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                JsonValueKind.Array when c.GetArrayLength() > 0 && c.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => [.. c.EnumerateArray().Select(x => x.GetString()!)],
                _ => throw new InputException($"{at}.command must be a program with its arguments (a text or an array of texts)", source, field: at + ".command"),
            };
        }

        string? connect = e.TryGetProperty("connect", out var cn) && cn.ValueKind == JsonValueKind.String ? cn.GetString() : null;
        if (connect is not null && !connect.StartsWith("tcp:", StringComparison.Ordinal) && !connect.StartsWith("unix:", StringComparison.Ordinal))
        {
            throw new InputException($"{at}.connect '{connect}' must be tcp:HOST:PORT or unix:PATH", source, field: at + ".connect");
        }

        if (command is not null && connect is not null)
        {
            throw new InputException($"{at} has both command and connect; a service is started or connected to, not both", source, field: at);
        }

        var timeout = 30.0;
        if (e.TryGetProperty("timeout_seconds", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            timeout = t.ValueKind == JsonValueKind.Number && t.GetDouble() is > 0 and <= 86_400 and var x ? x
                : throw new InputException($"{at}.timeout_seconds is {t.GetRawText()}; expected seconds in (0, 86400]", source, field: at + ".timeout_seconds");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{at}.parameters must be an object of names and values", source, field: at + ".parameters");
            }

            foreach (var kv in p.EnumerateObject())
            {
                parameters[kv.Name] = kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText();
            }
        }

        var definition = new ServiceDefinition
        {
            EsdlType = type,
            Name = name,
            PeriodSeconds = Seconds("period_in_seconds", positive: true),
            OffsetSeconds = Seconds("offset_in_seconds", positive: false),
            Command = command,
            Connect = connect,
            WorkingDirectory = e.TryGetProperty("working_directory", out var w) && w.ValueKind == JsonValueKind.String ? Path.GetFullPath(w.GetString()!, folder ?? Environment.CurrentDirectory) : folder,
            TimeoutSeconds = timeout,
            Parameters = parameters,
        };
        if (definition.IsExternal && (definition.PeriodSeconds is not null || definition.OffsetSeconds is not null))
        {
            throw new InputException($"{at}: an external service's periods and offsets are its calculations' (time_period_in_seconds, offset_in_seconds in its input.json), not the entry's", source, field: at + ".period_in_seconds");
        }

        return definition;
    }
}
