using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Dots;

/// <summary>
/// DOTS's <c>SimulationStatus</c>: the request's fields echoed (with their real values, not DOTS's defaults), the
/// simulation id, one of DOTS's eight status sentences, start and end of the calculation and its ISO 8601 duration;
/// beyond DOTS, <c>progress</c> (percent) and <c>notes</c>.
/// </summary>
public static class DotsStatus
{
    public const string TerminatedFailed = "(a) model(s) terminated with an error, the simulation has been terminated";
    public const string TerminatedFailedPodsDeleted = "(a) model(s) terminated with an error, pods are deleted";
    public const string DeploymentFailed = "(a) deployment(s) failed, the simulation has been terminated";
    public const string Registered = "all models registered";
    public const string Deployed = "all models deployed";
    public const string PodsDeleted = "all podds are deleted";
    public const string TerminatedSuccessfully = "all models terminated successfully, the simulation has been terminated";
    public const string TerminatedSuccessfullyPodsDeleted = "all models terminated successfully, the simulation has been terminated and pods are deleted";

    /// <summary>DOTS's sentence for a job's state (a user's terminate is DOTS's "pods deleted").</summary>
    public static string Sentence(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (job.State, job.Deleted) switch
        {
            (JobState.Queued, false) => Registered,
            (JobState.Running, false) => Deployed,
            (JobState.Succeeded, false) => TerminatedSuccessfully,
            (JobState.Succeeded, true) => TerminatedSuccessfullyPodsDeleted,
            (JobState.Failed, false) => TerminatedFailed,
            (JobState.Failed, true) => TerminatedFailedPodsDeleted,
            _ => PodsDeleted,
        };
    }

    public static JsonObject Build(Job job, TimeProvider clock, bool withEsdl = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(clock);
        var r = job.Record;
        var o = new JsonObject();
        JsonElement root = default;
        JsonDocument? doc = null;
        if (r.Kind == "dots")
        {
            doc = JsonDocument.Parse(r.Request);
            root = doc.RootElement;
        }

        using (doc)
        {
            JsonNode? Member(string name) => doc is not null && root.TryGetProperty(name, out var v) ? JsonNode.Parse(v.GetRawText()) : null;
            o["name"] = doc is not null && root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : r.Name;
            o["start_date"] = StartDate(doc is not null && root.TryGetProperty("start_date", out var sd) ? sd : default);
            o["simulation_duration_in_seconds"] = DurationSeconds(doc is not null && root.TryGetProperty("simulation_duration_in_seconds", out var du) ? du : default);
            o["keep_logs_hours"] = doc is not null && root.TryGetProperty("keep_logs_hours", out var k) && TryNumber(k, out var kh) ? kh : 24.0;
            o["log_level"] = doc is not null && root.TryGetProperty("log_level", out var ll) && ll.ValueKind == JsonValueKind.String ? ll.GetString() : "info";
            o["calculation_services"] = Member("calculation_services") ?? new JsonArray();
            if (withEsdl)
            {
                o["esdl_base64string"] = doc is not null ? Member("esdl_base64string") : Convert.ToBase64String(r.Request);
            }

            o["simulation_id"] = r.Id;
            o["simulation_status"] = Sentence(r);
            o["calculation_start_datetime"] = Naive(r.CreatedUtc);
            o["calculation_end_datetime"] = r.EndedUtc is { } end ? Naive(end) : null;
            o["calculation_duration"] = IsoDuration((r.EndedUtc ?? clock.GetUtcNow().UtcDateTime) - r.CreatedUtc);
            o["progress"] = Math.Round(job.Progress * 100, 1);
            o["state"] = r.State.ToString().ToLowerInvariant();
            o["error"] = r.Error;
            o["notes"] = JsonNode.Parse(r.Notes);
        }

        return o;
    }

    /// <summary>ISO 8601 duration as pydantic v2 writes a timedelta: <c>PT50M12.3S</c>, <c>P1DT2H</c>.</summary>
    public static string IsoDuration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var s = "P";
        if (span.Days > 0)
        {
            s += $"{span.Days}D";
        }

        var seconds = span.Seconds + (span.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        var time = (span.Hours > 0 ? $"{span.Hours}H" : string.Empty)
            + (span.Minutes > 0 ? $"{span.Minutes}M" : string.Empty)
            + (seconds > 0 || (span.Days == 0 && span.Hours == 0 && span.Minutes == 0) ? $"{seconds.ToString("0.######", CultureInfo.InvariantCulture)}S" : string.Empty);
        return time.Length > 0 ? s + "T" + time : s;
    }

    private static string Naive(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string StartDate(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String && DateTime.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
        {
            return d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }

        return "2023-01-25T00:00:00";
    }

    private static long DurationSeconds(JsonElement e) => TryNumber(e, out var v) ? (long)v : 86_400;

    private static bool TryNumber(JsonElement e, out double value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
