using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Rm;
using Quartier.Resources.S2.WebSockets;

namespace Quartier.Cli.Commands;

/// <summary>
/// <c>quartier s2</c>: <c>rm</c> emulates a device as an S2 resource manager against a CEM over WebSocket; <c>validate</c>
/// checks S2 messages (one JSON message, an array of them, JSON lines, or a message log) against the S2 schemas and rules.
/// </summary>
internal static class S2Command
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "the device to emulate: battery (FRBC), ev (FRBC), heatpump (DDBC), appliance (PPBC), pv (PEBC), generator (OMBC micro-CHP; alias chp)", Required = true };
        var connect = new Option<string>("--connect") { Description = "the CEM's S2 WebSocket, e.g. ws://127.0.0.1:8001/s2/ws", Required = true };
        var speed = new Option<double?>("--speed") { Description = "simulated seconds per second; by default the CEM's clock (quartier serve --s2-speed), else real time" };
        var hours = new Option<double?>("--hours") { Description = "end the session after this many simulated hours of operation, counted from the control type selection (default: when the CEM ends it)" };
        var id = new Option<string?>("--id") { Description = "resource id (default: the device name)" };
        var log = new Option<string?>("--log") { Description = "write every S2 message sent and received to this JSON-lines file" };
        var step = new Option<double>("--step-minutes") { Description = "simulated minutes between two power measurements", DefaultValueFactory = _ => 15 };
        var rm = new Command("rm", "Emulate a device as an S2 resource manager (reports status and measurements, obeys or refuses instructions)") { device, connect, speed, hours, id, log, step };
        rm.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(() => RunRm(
            parse.GetValue(device)!, parse.GetValue(connect)!, parse.GetValue(speed), parse.GetValue(hours), parse.GetValue(id), parse.GetValue(log), parse.GetValue(step), cancellation))));

        var file = new Argument<string>("file") { Description = "S2 messages: one JSON message, a JSON array, JSON lines, or a message log of quartier serve --s2-log / s2 rm --log" };
        var validate = new Command("validate", "Check S2 messages against the S2 JSON schemas and the standard's rules") { file };
        validate.SetAction(parse => CliGuard.Run(() => Validate(parse.GetValue(file)!)));
        return new Command("s2", "S2 (EN 50491-12-2) over WebSocket: resource-manager simulator and message checks") { rm, validate };
    }

    private static int RunRm(string kind, string url, double? speed, double? hours, string? id, string? log, double stepMinutes, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw new InputException($"'{url}' is not a WebSocket address (ws://host:port/s2/ws)", field: "--connect");
        }

        if (speed is { } s && !(s >= 0.001 && s <= 1_000_000))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--speed {s} must be 0.001 … 1,000,000"), field: "--speed");
        }

        if (hours is { } h && !(h > 0 && h <= 24 * 366))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--hours {h} must be > 0 and at most a year"), field: "--hours");
        }

        if (!(stepMinutes >= 1 && stepMinutes <= 60))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--step-minutes {stepMinutes} must be 1 … 60"), field: "--step-minutes");
        }

        var simulator = new RmSimulator(
            RmSimulator.Device(kind, id),
            new RmSimulatorOptions { Cem = uri, Speed = speed, Hours = hours, LogPath = log, Step = TimeSpan.FromMinutes(stepMinutes) },
            Console.Out);
        simulator.RunAsync(cancellation).GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    private static int Validate(string path)
    {
        var text = InputFiles.ReadAllText(path, "S2 messages");
        var messages = Messages(text, path);
        var invalid = new List<(int Line, string Problem)>();
        var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, json) in messages)
        {
            var (status, reason, _, message) = S2Connection.Check(json);
            if (status != ReceptionStatusValues.Ok)
            {
                invalid.Add((line, $"{S2EnumNames.Of(status)}: {reason}"));
            }
            else
            {
                types[message!.MessageType] = types.GetValueOrDefault(message.MessageType) + 1;
            }
        }

        if (invalid.Count > 0)
        {
            var (line, problem) = invalid[0];
            var more = invalid.Count > 1 ? $" ({invalid.Count} of {messages.Count} messages invalid)" : string.Empty;
            throw new InputException($"{problem}{more}", path, line);
        }

        Console.WriteLine($"{messages.Count} S2 message{(messages.Count == 1 ? string.Empty : "s")} valid: {string.Join(", ", types.Select(t => $"{t.Value} {t.Key}"))}");
        return ExitCodes.Ok;
    }

    /// <summary>The messages of a file with the line each starts on.</summary>
    private static List<(int Line, string Json)> Messages(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException("empty file: expected S2 messages (JSON)", path, 1);
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                return [.. doc.RootElement.EnumerateArray().Select(e => (1, Unwrap(e)))];
            }

            return [(1, Unwrap(doc.RootElement))];
        }
        catch (JsonException whole)
        {
            var lines = text.Split('\n');
            if (lines.Count(l => l.Trim().Length > 0) < 2 || !IsJson(lines.First(l => l.Trim().Length > 0)))
            {
                var line = whole.LineNumber is { } l ? (int)l + 1 : 1;
                throw new InputException($"malformed JSON: {Cut(whole.Message)}", path, line, inner: whole);
            }

            var result = new List<(int, string)>();
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    result.Add((i + 1, Unwrap(doc.RootElement)));
                }
                catch (JsonException)
                {
                    result.Add((i + 1, line));
                }
            }

            return result;
        }
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A message log line's <c>message</c>, else the element itself.</summary>
    private static string Unwrap(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("dir", out _) && e.TryGetProperty("message", out var inner) ? inner.GetRawText() : e.GetRawText();

    private static string Cut(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }
}
