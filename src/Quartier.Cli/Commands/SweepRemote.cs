using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Quartier.Application.Sweeps;
using Quartier.Core.Errors;

namespace Quartier.Cli.Commands;

/// <summary>
/// <c>quartier sweep FILE --server URL</c>: the sweep handed to a Quartier server (a cluster's member spreads its runs
/// over the silos). The base scenario is uploaded (an ESDL, a DOTS request, or a CoSSMic folder as a zip), the sweep
/// submitted with that scenario as its base, each run reported as it ends, and the server's KPI table printed. The server
/// reads no files of this machine: weather and price files in the sweep are refused by it.
/// </summary>
internal static class SweepRemote
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static int Execute(string file, Sweep sweep, string server, string? token, string? output, CancellationToken cancellation)
    {
        var api = ServerUri(server);
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var (content, type) = BaseContent(sweep.BasePath);
        var scenario = Send(http, HttpMethod.Post, $"api/scenarios/?name={Uri.EscapeDataString(Path.GetFileName(sweep.BasePath))}", content, type, "uploading the base scenario", cancellation);
        var scenarioId = scenario.GetProperty("id").GetString()!;

        var body = Sweep.ReadObject(File.ReadAllText(file), file);
        body["base"] = scenarioId;
        var submitted = Send(http, HttpMethod.Post, "api/sweeps/", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", "submitting the sweep", cancellation);
        var sweepId = submitted.GetProperty("id").GetString()!;
        Console.Error.WriteLine($"sweep '{sweep.Name}' submitted to {api} as {sweepId}: {sweep.Count} run(s)");

        var reported = new HashSet<string>(StringComparer.Ordinal);
        JsonElement view;
        try
        {
            while (true)
            {
                view = Send(http, HttpMethod.Get, $"api/sweeps/{sweepId}", null, null, "following the sweep", cancellation);
                foreach (var run in view.GetProperty("runs").EnumerateArray())
                {
                    var state = run.GetProperty("state").GetString();
                    var id = run.GetProperty("run_id").GetString()!;
                    if (state is "succeeded" or "failed" or "cancelled" && reported.Add(id))
                    {
                        var silo = run.TryGetProperty("silo", out var s) && s.ValueKind == JsonValueKind.String ? $" on {s.GetString()}" : string.Empty;
                        var error = run.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? $": {e.GetString()}" : string.Empty;
                        Console.Error.WriteLine($"[{reported.Count}/{sweep.Count}] run {id[..Math.Min(8, id.Length)]} {state}{silo}{error}");
                    }
                }

                if (reported.Count == view.GetProperty("runs").GetArrayLength())
                {
                    break;
                }

                Task.Delay(Poll, cancellation).GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"sweep {sweepId}: no longer followed; its runs go on on {api} (DELETE /api/runs/ID stops one)");
            throw;
        }

        using var table = http.GetAsync(new Uri($"api/sweeps/{sweepId}/table.csv", UriKind.Relative), cancellation).GetAwaiter().GetResult();
        var csv = table.Content.ReadAsStringAsync(cancellation).GetAwaiter().GetResult();
        if (output is not null)
        {
            File.WriteAllText(output, csv);
        }

        Console.Write(csv);
        int failed = view.GetProperty("runs").EnumerateArray().Count(r => r.GetProperty("state").GetString() != "succeeded");
        Console.Error.WriteLine($"sweep '{sweep.Name}': {reported.Count - failed} of {reported.Count} run(s) succeeded; stored on {api}{(output is null ? string.Empty : $"; table in {output}")}");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>The server's base address: an absolute http(s) URL.</summary>
    /// <exception cref="InputException">Anything else.</exception>
    public static Uri ServerUri(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0)
        {
            throw new InputException($"--server '{server}' is not a server's address; give http://HOST:PORT (e.g. http://127.0.0.1:8001)", field: "--server");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>The base scenario as the server's scenario upload takes it: an ESDL (XML), a DOTS request (JSON), or a CoSSMic folder or zip.</summary>
    private static (byte[] Content, string Type) BaseContent(string path)
    {
        if (Directory.Exists(path))
        {
            using var zip = new MemoryStream();
            ZipFile.CreateFromDirectory(path, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            return (zip.ToArray(), "application/zip");
        }

        var bytes = File.ReadAllBytes(path);
        return path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? (bytes, "application/zip")
            : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) ? (bytes, "application/json")
            : (bytes, "application/xml");
    }

    /// <summary>One request; a refusal (RFC 7807) or an unreachable server becomes an error naming what was being done.</summary>
    private static JsonElement Send(HttpClient http, HttpMethod method, string path, byte[]? content, string? type, string doing, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(type!);
        }

        HttpResponseMessage response;
        try
        {
            response = http.SendAsync(request, cancellation).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"{doing}: cannot reach the server at {http.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new IOException($"{doing}: the server at {http.BaseAddress} did not answer in {http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var text = response.Content.ReadAsStringAsync(cancellation).GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(text);
                return doc.RootElement.Clone();
            }

            string detail = text;
            try
            {
                using var problem = JsonDocument.Parse(text);
                detail = problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : text;
            }
            catch (JsonException)
            {
                // not a problem document: its text is the detail
            }

            var message = string.Create(CultureInfo.InvariantCulture, $"{doing}: the server refused ({(int)response.StatusCode} {response.StatusCode}): {detail}");
            throw response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge
                ? new InputException(message, field: "--server")
                : new IOException(message);
        }
    }
}
