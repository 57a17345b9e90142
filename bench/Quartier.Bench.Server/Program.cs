// Load test of `quartier serve` from a second process, on loopback, bounded in count and time: N simulations of DOTS's
// small test run while status polls and series queries come in; reports throughput, latency percentiles and failures.
//   bench/Quartier.Bench.Server/bin/Release/net10.0/Quartier.Bench.Server [--url URL] [--runs 4] [--polls 2000] [--queries 200] [--parallel 8] [--store sqlite:PATH|postgres://…]
// Without --url it starts `quartier serve` itself (the built CLI) on a free port with a temporary SQLite store.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

var opts = Args.Parse(args);
var root = Args.RepoRoot();
Process? server = null;
string url = opts.Get("--url") ?? string.Empty;
var tmp = Path.Combine(Path.GetTempPath(), "quartier-load-" + Guid.NewGuid().ToString("N")[..8]);
if (url.Length == 0)
{
    Directory.CreateDirectory(tmp);
    using (var l = new TcpListener(IPAddress.Loopback, 0))
    {
        l.Start();
        url = $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}";
    }

    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in (string[])[Path.Combine(root, "src/Quartier.Cli/bin/Release/net10.0/quartier.dll"), "serve", "--urls", url, "--store", opts.Get("--store") ?? "sqlite:" + Path.Combine(tmp, "q.db"), "--concurrency", opts.Get("--runs") ?? "4", "--eos-urls", "off"])
    {
        start.ArgumentList.Add(a);
    }

    if (opts.Get("--influx") is { } influx)
    {
        start.ArgumentList.Add("--influx");
        start.ArgumentList.Add(influx);
    }

    server = Process.Start(start)!;
    server.OutputDataReceived += (_, _) => { };
    server.ErrorDataReceived += (_, _) => { };
    server.BeginOutputReadLine();
    server.BeginErrorReadLine();
}

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
try
{
    for (int i = 0; ; i++)
    {
        try
        {
            using var h = await http.GetAsync("/api/health");
            if (h.IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException) when (i < 300)
        {
        }

        await Task.Delay(200);
    }

    int runs = int.Parse(opts.Get("--runs") ?? "4", CultureInfo.InvariantCulture);
    int polls = int.Parse(opts.Get("--polls") ?? "2000", CultureInfo.InvariantCulture);
    int queries = int.Parse(opts.Get("--queries") ?? "200", CultureInfo.InvariantCulture);
    int parallel = int.Parse(opts.Get("--parallel") ?? "8", CultureInfo.InvariantCulture);
    var post = await File.ReadAllBytesAsync(Path.Combine(root, "..", "shared", "reference", "dots", "small-test", "test-post-small-test-file.json"));

    // a finished run to query series of while the others run
    var seed = await Submit(http, post);
    await WaitEnded(http, seed, TimeSpan.FromMinutes(5));
    var seriesIds = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{seed}/series")).RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()).ToArray();

    var ids = new List<string>();
    var wall = Stopwatch.StartNew();
    for (int i = 0; i < runs; i++)
    {
        ids.Add(await Submit(http, post));
    }

    var work = new List<(string Kind, string Path)>();
    for (int i = 0; i < polls; i++)
    {
        work.Add(("status", $"/api/v1/simulation/{ids[i % ids.Count]}"));
        if (i % (polls / Math.Max(1, queries)) == 0 && work.Count(w => w.Kind == "series") < queries)
        {
            work.Add(("series", $"/api/runs/{seed}/series/{seriesIds[i % seriesIds.Length]}?points=500"));
        }
    }

    var latencies = new Dictionary<string, List<double>> { ["status"] = [], ["series"] = [] };
    int failures = 0;
    var failureText = new List<string>();
    var load = Stopwatch.StartNew();
    await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (w, ct) =>
    {
        var sw = Stopwatch.StartNew();
        try
        {
            using var r = await http.GetAsync(w.Path, ct);
            await r.Content.ReadAsByteArrayAsync(ct);
            sw.Stop();
            if (!r.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
                lock (failureText)
                {
                    failureText.Add($"{w.Path} -> {(int)r.StatusCode}");
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref failures);
            lock (failureText)
            {
                failureText.Add($"{w.Path}: {e.Message}");
            }
        }

        lock (latencies)
        {
            latencies[w.Kind].Add(sw.Elapsed.TotalMilliseconds);
        }
    });
    load.Stop();
    var states = new List<string>();
    foreach (var id in ids)
    {
        states.Add(await WaitEnded(http, id, TimeSpan.FromMinutes(10)));
    }

    wall.Stop();
    Console.WriteLine($"server {url}: {runs} simulations of DOTS's small test (60 h, EMS dots) submitted at once, {work.Count} requests ({parallel} in flight)");
    Console.WriteLine($"requests: {work.Count} in {load.Elapsed.TotalSeconds:0.00} s = {work.Count / load.Elapsed.TotalSeconds:N0} requests/s while the runs ran; failed: {failures}");
    foreach (var (kind, list) in latencies)
    {
        list.Sort();
        Console.WriteLine($"  {kind,-7} {list.Count,5} requests: p50 {Pct(list, 0.50):0.0} ms, p99 {Pct(list, 0.99):0.0} ms, max {list[^1]:0.0} ms");
    }

    Console.WriteLine($"runs: {string.Join(", ", states)}; all {runs} ended in {wall.Elapsed.TotalSeconds:0.0} s");
    foreach (var f in failureText.Take(5))
    {
        Console.WriteLine("  failure: " + f);
    }

    return failures == 0 && states.All(s => s == "succeeded") ? 0 : 1;
}
finally
{
    if (server is { HasExited: false })
    {
        server.Kill(true);
        server.WaitForExit();
    }

    if (Directory.Exists(tmp))
    {
        Directory.Delete(tmp, true);
    }
}

static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task<string> Submit(HttpClient http, byte[] post)
{
    using var content = new ByteArrayContent(post);
    content.Headers.ContentType = new("application/json");
    using var r = await http.PostAsync("/api/v1/simulation/queue", content);
    var body = await r.Content.ReadAsStringAsync();
    if (r.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"queue -> {(int)r.StatusCode}: {body}");
    }

    return JsonDocument.Parse(body).RootElement.GetProperty("simulation_id").GetString()!;
}

static async Task<string> WaitEnded(HttpClient http, string id, TimeSpan limit)
{
    var sw = Stopwatch.StartNew();
    while (true)
    {
        var s = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/simulation/{id}")).RootElement;
        if (s.GetProperty("calculation_end_datetime").ValueKind != JsonValueKind.Null)
        {
            return s.GetProperty("state").GetString()!;
        }

        if (sw.Elapsed > limit)
        {
            return "timed out";
        }

        await Task.Delay(250);
    }
}

internal sealed class Args
{
    private readonly Dictionary<string, string> _values = [];

    public static Args Parse(string[] args)
    {
        var a = new Args();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            a._values[args[i]] = args[i + 1];
        }

        return a;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Quartier.slnx")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Quartier.slnx not found above " + AppContext.BaseDirectory);
    }
}
