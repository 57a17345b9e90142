using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// <c>GET /v1/logging/log?limit=&amp;level=&amp;contains=&amp;regex=&amp;from_time=&amp;to_time=&amp;tail=</c>: the server's recent
/// log records (<see cref="EosLogBuffer"/>) in EOS's file-log shape, oldest first. <c>level</c> is a loguru level name
/// (<c>INFO</c>, <c>WARNING</c> …); <c>contains</c> is case-insensitive, <c>regex</c> searches the message; the times
/// bound the record's time inclusively; <c>tail=true</c> answers the newest <c>limit</c> matches, else the oldest.
/// EOS reads these filters from the top level of its file's lines, where loguru does not put them; here they apply.
/// </summary>
public static class EosLoggingApi
{
    public static IEndpointRouteBuilder MapEosLoggingApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/logging/log", (
            EosLogBuffer buffer,
            int? limit,
            string? level,
            string? contains,
            string? regex,
            [FromQuery(Name = "from_time")] string? fromTime,
            [FromQuery(Name = "to_time")] string? toTime,
            bool? tail) =>
        {
            var max = limit ?? 100;
            if (max < 0)
            {
                throw new InputException($"limit {max} must be ≥ 0", "query", field: "limit");
            }

            var wanted = level is null ? null : Level(level);
            Regex? pattern = null;
            if (regex is not null)
            {
                try
                {
                    pattern = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new InputException($"regex '{regex}' is not a regular expression: {e.Message}", "query", field: "regex", inner: e);
                }
            }

            var from = fromTime is null ? (DateTimeOffset?)null : EosNodes.ParseTime(fromTime, "from_time", "query");
            var to = toTime is null ? (DateTimeOffset?)null : EosNodes.ParseTime(toTime, "to_time", "query");
            IReadOnlyList<EosLogBuffer.Entry> matches;
            try
            {
                matches = buffer.Snapshot(e =>
                    (wanted is null || EosLogBuffer.LevelName(e.Level) == wanted)
                    && (contains is null || e.Message.Contains(contains, StringComparison.OrdinalIgnoreCase))
                    && (pattern is null || pattern.IsMatch(e.Message))
                    && (from is null || e.Time >= from)
                    && (to is null || e.Time <= to));
            }
            catch (RegexMatchTimeoutException e)
            {
                throw new InputException($"regex '{regex}' took too long to match (over 1 s on one record)", "query", field: "regex", inner: e);
            }

            var chosen = tail == true ? matches.Skip(Math.Max(0, matches.Count - max)) : matches.Take(max);
            return EosNodes.Json(EosNodes.Array(chosen.Select(e => (System.Text.Json.Nodes.JsonNode?)e.ToJson())));
        }).WithSummary("The server's recent log records (EOS's record shape)");
        return v1;
    }

    private static string Level(string level)
    {
        var name = level.Trim().ToUpperInvariant() switch
        {
            "INFORMATION" => "INFO",
            "WARN" => "WARNING",
            "FATAL" => "CRITICAL",
            var n => n,
        };
        return EosLogBuffer.LevelNames.Contains(name)
            ? name
            : throw new InputException($"level '{level}' is not a log level; use one of {string.Join(", ", EosLogBuffer.LevelNames)}", "query", field: "level");
    }
}
