using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Model;

namespace Quartier.Esdl;

/// <summary>
/// A DOTS orchestrator simulation request (the POST body: <c>esdl_base64string</c>, <c>start_date</c>,
/// <c>simulation_duration_in_seconds</c>, <c>name</c>), read strictly: the top level must be an object, each
/// member of its type and within <see cref="DotsRequestRanges"/>, the ESDL valid base64 of UTF-8. Every
/// refusal names the file, the member's line and the member. As DOTS's orchestrator does, it accepts base64 without
/// padding and numbers sent as text (<c>"86400"</c>), and ignores members it does not know.
/// </summary>
public sealed record DotsRequest(EnergySystem System, string? Name, DateTime? Start, long? DurationSeconds)
{
    public const string ServicesMember = "calculation_services";
    public const string LogLevelMember = "log_level";
    public const string KeepLogsMember = "keep_logs_hours";

    /// <summary>The request's <c>calculation_services</c>: which ESDL types are simulated (empty when the member is absent).</summary>
    public IReadOnlyList<DotsCalculationService> Services { get; init; } = [];

    /// <summary><c>log_level</c>: debug, info, warning or error (default info).</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>keep_logs_hours</c>: how long the run's logs are kept (default 24).</summary>
    public double KeepLogsHours { get; init; } = 24;

    public const string EsdlMember = "esdl_base64string";
    public const string StartMember = "start_date";
    public const string DurationMember = "simulation_duration_in_seconds";
    public const string NameMember = "name";

    /// <summary>Reads a request from its UTF-8 bytes; <paramref name="file"/> names it in errors.</summary>
    public static DotsRequest Read(byte[] utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        _ = InputFiles.DecodeUtf8(utf8, file);
        using var doc = SafeJson.Parse(utf8, file);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"a DOTS simulation request is a JSON object with '{EsdlMember}', '{StartMember}' and '{DurationMember}'; the top level here is {JsonText.Kind(root)}", file, 1);
        }

        var lines = MemberLines(utf8);
        InputException Error(string member, string message) => new(message, file, lines.GetValueOrDefault(member), field: member);

        if (!root.TryGetProperty(EsdlMember, out var b64))
        {
            throw new InputException($"not a DOTS simulation request: no '{EsdlMember}' member", file, 1, field: EsdlMember);
        }

        if (b64.ValueKind != JsonValueKind.String)
        {
            throw Error(EsdlMember, $"'{EsdlMember}' is {JsonText.Kind(b64)}, expected a base64 string of the ESDL");
        }

        var text = b64.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Error(EsdlMember, $"'{EsdlMember}' is empty");
        }

        // DOTS decodes b64decode(s + "=="): missing padding is tolerated
        var padded = text.Trim();
        padded = (padded.Length % 4) switch { 2 => padded + "==", 3 => padded + "=", _ => padded };
        var bytes = new byte[(padded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            throw Error(EsdlMember, $"'{EsdlMember}' is not valid base64 (A–Z, a–z, 0–9, + and / in groups of four, = padding)");
        }

        DateTime? start = null;
        if (root.TryGetProperty(StartMember, out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.String)
            {
                throw Error(StartMember, $"'{StartMember}' is {JsonText.Kind(s)}, expected a date-time text such as \"2020-08-11 00:00:00\"");
            }

            if (!DateTime.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            {
                throw Error(StartMember, $"'{StartMember}' = '{JsonText.Shorten(s.GetString()!)}' is not a date-time (e.g. \"2020-08-11 00:00:00\")");
            }

            d = DateTime.SpecifyKind(d, DateTimeKind.Utc);
            if (d < EsdlRanges.EarliestDate || d >= EsdlRanges.LatestDate)
            {
                throw Error(StartMember, $"'{StartMember}' = {d:yyyy-MM-dd HH:mm:ss} is outside the accepted dates {EsdlRanges.EarliestDate:yyyy-MM-dd} … {EsdlRanges.LatestDate:yyyy-MM-dd}");
            }

            start = d;
        }

        long? duration = null;
        if (root.TryGetProperty(DurationMember, out var du) && du.ValueKind != JsonValueKind.Null)
        {
            if (!JsonText.TryNumber(du, out var seconds))
            {
                throw Error(DurationMember, $"'{DurationMember}' is {JsonText.Kind(du)}, expected a whole number of seconds in {DotsRequestRanges.Duration}");
            }

            DotsRequestRanges.Duration.Check(seconds, DurationMember, file, lines.GetValueOrDefault(DurationMember));
            if (seconds != Math.Floor(seconds))
            {
                throw Error(DurationMember, $"'{DurationMember}' = {seconds.ToString(CultureInfo.InvariantCulture)} is not a whole number of seconds");
            }

            duration = (long)seconds;
        }

        string? name = null;
        if (root.TryGetProperty(NameMember, out var n) && n.ValueKind != JsonValueKind.Null)
        {
            name = n.ValueKind == JsonValueKind.String ? n.GetString() : throw Error(NameMember, $"'{NameMember}' is {JsonText.Kind(n)}, expected a text");
            if (name!.Length > DotsRequestRanges.MaxNameLength || name.Any(char.IsControl))
            {
                throw Error(NameMember, $"'{NameMember}' must be one line of at most {DotsRequestRanges.MaxNameLength} characters");
            }
        }

        var services = root.TryGetProperty(ServicesMember, out var cs) && cs.ValueKind != JsonValueKind.Null
            ? DotsCalculationService.ReadList(cs, (message, field) => new InputException(message, file, lines.GetValueOrDefault(ServicesMember), field: field))
            : [];
        var logLevel = "info";
        if (root.TryGetProperty(LogLevelMember, out var ll) && ll.ValueKind != JsonValueKind.Null)
        {
            logLevel = ll.ValueKind == JsonValueKind.String ? ll.GetString()!.Trim().ToLowerInvariant() : string.Empty;
            if (logLevel is not ("debug" or "info" or "warning" or "error"))
            {
                throw Error(LogLevelMember, $"'{LogLevelMember}' is {JsonText.Kind(ll)}; allowed: debug, info, warning, error");
            }
        }

        double keepLogs = 24;
        if (root.TryGetProperty(KeepLogsMember, out var kl) && kl.ValueKind != JsonValueKind.Null)
        {
            if (!JsonText.TryNumber(kl, out keepLogs) || !double.IsFinite(keepLogs) || keepLogs < 0 || keepLogs > 87_600)
            {
                throw Error(KeepLogsMember, $"'{KeepLogsMember}' is {JsonText.Kind(kl)}, expected hours in [0, 87600]");
            }
        }

        var system = EsdlReader.ReadUtf8(bytes.AsMemory(0, written), $"{file}#{EsdlMember}");
        return new DotsRequest(system, name, start, duration) { Services = services, LogLevel = logLevel, KeepLogsHours = keepLogs };
    }

    /// <summary>The line of each top-level member (1-based), found by scanning the bytes; JsonDocument keeps no lines.</summary>
    private static Dictionary<string, int> MemberLines(byte[] utf8)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.Current.MaxJsonDepth });
        int line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var at = reader.TokenStartIndex;
                line += utf8.AsSpan((int)counted, (int)(at - counted)).Count((byte)'\n');
                counted = at;
                lines.TryAdd(reader.GetString()!, line);
            }
        }

        return lines;
    }
}

/// <summary>The accepted range of each numeric member of a DOTS simulation request.</summary>
public static class DotsRequestRanges
{
    /// <summary><c>simulation_duration_in_seconds</c>: one second to about ten years.</summary>
    public static readonly PhysicalRange Duration = new(1, 3.2e8, "s");

    /// <summary>Longest run name.</summary>
    public const int MaxNameLength = 200;
}
