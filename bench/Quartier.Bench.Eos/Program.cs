// Load test of the EOS-compatible API of `quartier serve` from a second process, on loopback, bounded in count:
// STATUS PUT /v1/resource/status (EOS's seed examples and fill levels for a battery and a car) and PLANS GET
// /v1/energy-management/plan, PARALLEL at a time, while the energy manager re-plans every 5 s (ems.interval).
// Prints throughput, latency percentiles, failed requests and the cycles the loop ran meanwhile.
//   Quartier.Bench.Eos [--status 20000] [--plans 2000] [--parallel 8]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
int statusCount = Option("--status", 20_000), planCount = Option("--plans", 2_000), parallel = Option("--parallel", 8);

var repo = new DirectoryInfo(AppContext.BaseDirectory);
while (!File.Exists(Path.Combine(repo.FullName, "Quartier.slnx")))
{
    repo = repo.Parent ?? throw new DirectoryNotFoundException("no Quartier.slnx above the bench");
}

var reference = Path.Combine(repo.FullName, "..", "shared", "reference", "eos");
var work = Directory.CreateTempSubdirectory("quartier-eos-bench-").FullName;
File.WriteAllText(Path.Combine(work, "EOS.config.json"), """
    {
      "ems": {"startup_delay": 1, "interval": 5},
      "devices": {
        "batteries": [{"device_id": "battery1", "capacity_wh": 10000, "min_soc_percentage": 10, "max_soc_percentage": 90}],
        "electric_vehicles": [{"device_id": "ev1", "capacity_wh": 60000, "max_charge_power_w": 11000, "min_soc_percentage": 60}],
        "inverters": [{"device_id": "inverter1", "max_power_w": 10000, "battery_id": "battery1"}],
        "home_appliances": [{"device_id": "dishwasher1", "consumption_wh": 2000, "duration_h": 2}]
      },
      "optimization": {"horizon_hours": 24, "interval": 900}
    }
    """);

int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

var eosUrl = $"http://127.0.0.1:{FreePort()}";
var serve = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in (string[])[Path.Combine(repo.FullName, "src/Quartier.Cli/bin/Release/net10.0/quartier.dll"), "serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--store", "sqlite:" + Path.Combine(work, "q.db"), "--eos-urls", eosUrl, "--eos-config", Path.Combine(work, "EOS.config.json")])
{
    serve.ArgumentList.Add(a);
}

int cycles = 0;
var server = Process.Start(serve)!;
server.OutputDataReceived += (_, e) =>
{
    if (e.Data?.Contains("EMS cycle plan-", StringComparison.Ordinal) == true)
    {
        Interlocked.Increment(ref cycles);
    }
};
server.ErrorDataReceived += (_, _) => { };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel }) { BaseAddress = new Uri(eosUrl), Timeout = TimeSpan.FromSeconds(30) };
try
{
    for (var ready = false; !ready;)
    {
        try
        {
            ready = (await http.GetAsync("/v1/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            await Task.Delay(200);
        }
    }

    // predictions for today and tomorrow: EOS's own import fixture
    var fixture = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(reference, "import_input_1.json")))!;
    var today = DateTime.UtcNow.Date.ToString("yyyy-MM-dd'T'00:00:00+00:00", CultureInfo.InvariantCulture);
    foreach (var (provider, key, from) in new[] { ("ElecPriceImport", "elecprice_marketprice_wh", "elecprice_marketprice_wh"), ("LoadImport", "loadforecast_power_w", "load0_mean"), ("PVForecastImport", "pvforecast_ac_power", "pvforecast_ac_power") })
    {
        var body = new JsonObject { ["start_datetime"] = today, [key] = fixture[from]!.DeepClone() };
        (await http.PutAsync($"/v1/prediction/import/{provider}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    for (var planned = false; !planned; await Task.Delay(200))
    {
        planned = (await http.GetAsync("/v1/energy-management/plan")).IsSuccessStatusCode;
    }

    string[] documents =
    [
        """{"type": "FRBCActuatorStatus", "active_operation_mode_id": "GRID_SUPPORT_IMPORT", "operation_mode_factor": "0.375", "previous_operation_mode_id": "SELF_CONSUMPTION", "transistion_timestamp": "20250725T12:00:12"}""",
        """{"type": "PowerMeasurement", "measurement_timestamp": "20250725T12:00:12", "values": [{"commodity_quantity": "ELECTRIC.POWER.L1", "value": "887.5"}, {"commodity_quantity": "ELECTRIC.POWER.L2", "value": "905.5"}, {"commodity_quantity": "ELECTRIC.POWER.L2", "value": "1100.7"},]}""",
        """{"type": "PowerMeasurement", "measurement_timestamp": "20250725T12:00:12", "values": [{"commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYM", "value": "1000"}]}""",
    ];
    var statusLatency = new ConcurrentBag<double>();
    var planLatency = new ConcurrentBag<double>();
    int failures = 0;
    string? firstFailure = null;
    int cyclesBefore = Volatile.Read(ref cycles);

    async Task Send(int i)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            HttpResponseMessage r;
            if (i % 11 == 10 && i / 11 < planCount)
            {
                r = await http.GetAsync("/v1/energy-management/plan");
                await r.Content.ReadAsByteArrayAsync();
                planLatency.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                var resource = i % 2 == 0 ? "battery1" : "ev1";
                var document = i % 4 < 2
                    ? $$"""{"type": "FRBCStorageStatus", "present_fill_level": "{{(0.1 + (0.8 * ((i * 7919) % 1000) / 1000.0)).ToString("0.###", CultureInfo.InvariantCulture)}}"}"""
                    : documents[i % documents.Length];
                if (resource == "ev1" && document.Contains("GRID_SUPPORT_IMPORT", StringComparison.Ordinal))
                {
                    document = document.Replace("GRID_SUPPORT_IMPORT", "FORCED_CHARGE", StringComparison.Ordinal).Replace("SELF_CONSUMPTION", "IDLE", StringComparison.Ordinal);
                }

                r = await http.PutAsync($"/v1/resource/status?resource_id={resource}", new StringContent(document, Encoding.UTF8, "application/json"));
                await r.Content.ReadAsByteArrayAsync();
                statusLatency.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (r.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
                firstFailure ??= $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}";
            }
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref failures);
            firstFailure ??= e.Message;
        }
    }

    int total = statusCount + planCount;
    int next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < total;)
        {
            await Send(i);
        }
    }));
    wall.Stop();

    string Percentiles(ConcurrentBag<double> bag)
    {
        var sorted = bag.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{sorted.Length,6} requests  p50 {At(0.50),7:0.00} ms  p99 {At(0.99),7:0.00} ms  max {At(1.0),7:0.00} ms");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EOS API load, {parallel} at a time from a second process on loopback, ems.interval 5 s, 96-step plans (15 min, 24 h; battery, car, appliance, inverter)"));
    Console.WriteLine($"PUT /v1/resource/status          {Percentiles(statusLatency)}");
    Console.WriteLine($"GET /v1/energy-management/plan   {Percentiles(planLatency)}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all: {total} requests in {wall.Elapsed.TotalSeconds:0.00} s = {total / wall.Elapsed.TotalSeconds:0} requests/s; failed {failures}{(firstFailure is null ? string.Empty : " (first: " + firstFailure + ")")}"));
    Console.WriteLine($"energy-management cycles during the load: {Volatile.Read(ref cycles) - cyclesBefore}");
    return failures == 0 ? 0 : 1;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    Directory.Delete(work, true);
}
