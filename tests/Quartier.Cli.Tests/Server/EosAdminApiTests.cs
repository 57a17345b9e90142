using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quartier.Tests.Shared;
using static Quartier.Cli.Tests.Server.EosApiTests;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The rest of EOS's API on the real <c>quartier serve</c>: configuration backups and revert, the log, the cache and
/// database administration, shutdown and restart, the deprecated forecast endpoints and the result PDF. Every JSON
/// answer is validated against EOS's <c>openapi.json</c>.
/// </summary>
public sealed partial class EosAdminApiTests
{
    private static readonly string Today = DateTime.UtcNow.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Saving_the_configuration_keeps_the_old_file_as_a_backup_that_revert_restores()
    {
        using var tmp = new TempDir();
        var file = tmp.File("EOS.config.json");
        using var server = Serve(tmp, """{"general": {"latitude": 48.0}, "ems": {"startup_delay": 3600}}""");
        Assert.Empty(Call(server, HttpMethod.Get, "/v1/config/backup", "/v1/config/backup").EnumerateObject());

        // the first save keeps the hand-written file (no version in it), the second the first save's
        Call(server, HttpMethod.Put, "/v1/config/general/latitude", "/v1/config/{path}", "50.5");
        Call(server, HttpMethod.Put, "/v1/config/file", "/v1/config/file");
        Call(server, HttpMethod.Put, "/v1/config/general/latitude", "/v1/config/{path}", "51.25");
        Call(server, HttpMethod.Put, "/v1/config/file", "/v1/config/file");
        Call(server, HttpMethod.Put, "/v1/config/file", "/v1/config/file"); // unchanged: no third backup
        var backups = Call(server, HttpMethod.Get, "/v1/config/backup", "/v1/config/backup").EnumerateObject().OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(2, backups.Count);
        Assert.All(backups, b => Assert.Matches("^[0-9]{14}(-[0-9]+)?$", b.Name));
        Assert.Equal("unknown", backups[0].Value.GetProperty("version").GetString());
        Assert.Equal("0.3.0.dev", backups[1].Value.GetProperty("version").GetString());
        Assert.True(DateTimeOffset.Parse(backups[0].Value.GetProperty("date_time").GetString()!, CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow);
        Assert.Equal(48.0, JsonNode.Parse(File.ReadAllText(tmp.File("EOS.config." + backups[0].Name)))!["general"]!["latitude"]!.GetValue<double>());

        // revert: the settings of the backup, the file as it was saved last
        var reverted = Call(server, HttpMethod.Put, $"/v1/config/revert?backup_id={backups[0].Name}", "/v1/config/revert");
        Assert.Equal(48.0, reverted.GetProperty("general").GetProperty("latitude").GetDouble());
        Assert.Equal(48.0, Call(server, HttpMethod.Get, "/v1/config/general/latitude", "/v1/config/{path}").GetDouble());
        Assert.Equal(51.25, JsonNode.Parse(File.ReadAllText(file))!["general"]!["latitude"]!.GetValue<double>());
        reverted = Call(server, HttpMethod.Put, $"/v1/config/revert?backup_id={backups[1].Name}", "/v1/config/revert");
        Assert.Equal(50.5, reverted.GetProperty("general").GetProperty("latitude").GetDouble());
        Assert.Equal(3600, reverted.GetProperty("ems").GetProperty("startup_delay").GetDouble());
    }

    [Fact]
    public void After_a_cycle_the_log_the_database_and_the_pdf_tell_of_it_and_shutdown_keeps_the_series()
    {
        using var tmp = new TempDir();
        var file = tmp.File("EOS.config.json");
        var server = Serve(tmp, """{"ems": {"startup_delay": 3600, "interval": 3600}}""");
        JsonElement before;
        try
        {
            Call(server, HttpMethod.Put, "/v1/config", "/v1/config", Devices);
            Assert.Equal(HttpStatusCode.NotFound, Raw(server.Eos, HttpMethod.Get, "/visualization_results.pdf", null).Status);

            // measurements: 3 household values at 00..02 h, the battery's at 01 h and 06 h: 5 values at 4 instants
            Call(server, HttpMethod.Put, "/v1/measurement/data", "/v1/measurement/data", $$"""{"start_datetime": "{{Today}}T00:00:00Z", "interval": "1 hour", "household": [410.5, 380.25, 372]}""");
            Call(server, HttpMethod.Put, $"/v1/measurement/value?datetime={Today}T01:00:00Z&key=battery1-soc-factor&value=0.4", "/v1/measurement/value");
            Call(server, HttpMethod.Put, $"/v1/measurement/value?datetime={Today}T06:00:00Z&key=battery1-soc-factor&value=0.5", "/v1/measurement/value");
            var fixture = JsonNode.Parse(File.ReadAllText(Cli.Reference("eos/import_input_1.json")))!;
            foreach (var (provider, key, from) in new[] { ("ElecPriceImport", "elecprice_marketprice_wh", "elecprice_marketprice_wh"), ("LoadImport", "loadforecast_power_w", "load0_mean") })
            {
                var body = new JsonObject { ["start_datetime"] = Today + "T00:00:00Z", ["interval"] = "1 hour", [key] = fixture[from]!.DeepClone() };
                Raw(server.Eos, HttpMethod.Put, $"/v1/prediction/import/{provider}", body.ToJsonString()).AssertOk();
            }

            int prices = fixture["elecprice_marketprice_wh"]!.AsArray().Count(v => v is not null);
            int loads = fixture["load0_mean"]!.AsArray().Count(v => v is not null);

            var stats = Call(server, HttpMethod.Get, "/v1/admin/database/stats", "/v1/admin/database/stats");
            var m = stats.GetProperty("Measurement");
            Assert.Equal(5, m.GetProperty("total_values").GetInt32());
            Assert.Equal(4, m.GetProperty("memory_records").GetInt32());
            Assert.Equal(3, m.GetProperty("keys").GetProperty("household").GetInt32());
            Assert.Equal(2, m.GetProperty("keys").GetProperty("battery1-soc-factor").GetInt32());
            Assert.Equal($"{Today}T06:00:00+00:00", m.GetProperty("timestamp_range").GetProperty("max").GetString());
            var p = stats.GetProperty("Prediction");
            Assert.Equal((2 * prices) + loads, p.GetProperty("total_values").GetInt32()); // _wh and _kwh prices
            Assert.Equal(loads, p.GetProperty("keys").GetProperty("loadforecast_power_w").GetInt32());

            // one cycle: its log line, its PDF
            var solution = Raw(server.Eos, HttpMethod.Post, "/v1/optimize", null).AssertOk();
            var planId = solution.GetProperty("id").GetString()!.Replace("solution-", "plan-", StringComparison.Ordinal);
            var cycle = Call(server, HttpMethod.Get, "/v1/logging/log?contains=ems%20CYCLE&level=info", "/v1/logging/log").EnumerateArray().ToList();
            var record = Assert.Single(cycle, r => r.GetProperty("record").GetProperty("message").GetString()!.StartsWith($"EMS cycle {planId}: 96 steps of 900 s", StringComparison.Ordinal)).GetProperty("record");
            Assert.Equal("INFO", record.GetProperty("level").GetProperty("name").GetString());
            Assert.Equal(20, record.GetProperty("level").GetProperty("no").GetInt32());
            Assert.Equal("Quartier.Server.Eos.EosEnergyManager", record.GetProperty("name").GetString());
            Assert.Contains(planId, cycle[^1].GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Single(Call(server, HttpMethod.Get, "/v1/logging/log?regex=" + Uri.EscapeDataString($"^EMS cycle {planId}:"), "/v1/logging/log").EnumerateArray());
            Assert.Empty(Call(server, HttpMethod.Get, "/v1/logging/log?contains=EMS%20cycle&level=ERROR", "/v1/logging/log").EnumerateArray());
            Assert.Empty(Call(server, HttpMethod.Get, $"/v1/logging/log?from_time={DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ss}Z", "/v1/logging/log").EnumerateArray());
            var oldest = Call(server, HttpMethod.Get, "/v1/logging/log?limit=1", "/v1/logging/log").EnumerateArray().Single();
            var newest = Call(server, HttpMethod.Get, "/v1/logging/log?limit=1&tail=true", "/v1/logging/log").EnumerateArray().Single();
            Assert.True(oldest.GetProperty("record").GetProperty("time").GetProperty("timestamp").GetDouble() < newest.GetProperty("record").GetProperty("time").GetProperty("timestamp").GetDouble());
            Assert.Equal(5, Call(server, HttpMethod.Get, "/v1/logging/log?limit=5&tail=true", "/v1/logging/log").GetArrayLength());

            CheckPdf(server, planId + ")", 3 * 90);
            Assert.Equal(HttpStatusCode.NotFound, Raw(server.Http, HttpMethod.Get, "/visualization_results.pdf", null).Status); // the EOS port only

            // a legacy /optimize later: the PDF shows its answer
            Call(server, HttpMethod.Post, "/optimize?start_hour=10", "/optimize", File.ReadAllText(Cli.Reference("eos/optimize_input_2.json")));
            var legacy = CheckPdf(server, "optimize-" + DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), 3 * 36);
            Assert.Contains("legacy POST /optimize answered", legacy, StringComparison.Ordinal);
            Assert.Contains("(feed-in tariff: none)", legacy, StringComparison.Ordinal);

            // save, then shutdown: the answer, then the process ends by itself with 0
            var saved = Call(server, HttpMethod.Post, "/v1/admin/database/save", "/v1/admin/database/save");
            Assert.NotNull(saved.GetProperty("Measurement").GetProperty("saved_at").GetString());
            Assert.True(File.Exists(Path.Combine(tmp.Path, "db", "eos-series.json")));
            before = Call(server, HttpMethod.Get, "/v1/admin/database/stats", "/v1/admin/database/stats");
            var bye = Call(server, HttpMethod.Post, "/v1/admin/server/shutdown", "/v1/admin/server/shutdown");
            Assert.Equal("Stopping EOS...", bye.GetProperty("message").GetString());
            Assert.Equal(0, server.WaitExit(30));
        }
        finally
        {
            server.Dispose();
        }

        // the next start reads the series back
        using var again = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", file);
        var after = Call(again, HttpMethod.Get, "/v1/admin/database/stats", "/v1/admin/database/stats");
        foreach (var ns in (string[])["Measurement", "Prediction"])
        {
            Assert.Equal(before.GetProperty(ns).GetProperty("keys").GetRawText(), after.GetProperty(ns).GetProperty("keys").GetRawText());
            Assert.Equal(before.GetProperty(ns).GetProperty("timestamp_range").GetRawText(), after.GetProperty(ns).GetProperty("timestamp_range").GetRawText());
        }

        Assert.Equal(0.5, Call(again, HttpMethod.Get, "/v1/measurement/series?key=battery1-soc-factor", "/v1/measurement/series").GetProperty("data").EnumerateObject().Last().Value.GetDouble());

        // vacuum: nothing without database.keep_duration_h (as EOS), then what is older than 2 h before each store's newest
        Assert.Equal(5, Call(again, HttpMethod.Post, "/v1/admin/database/vacuum", "/v1/admin/database/vacuum").GetProperty("Measurement").GetProperty("total_values").GetInt32());
        Call(again, HttpMethod.Put, "/v1/config/database/keep_duration_h", "/v1/config/{path}", "2");
        var vacuumed = Call(again, HttpMethod.Post, "/v1/admin/database/vacuum", "/v1/admin/database/vacuum");
        Assert.Equal(1, vacuumed.GetProperty("Measurement").GetProperty("total_values").GetInt32()); // 06:00 only
        Assert.Equal(4, vacuumed.GetProperty("Measurement").GetProperty("vacuumed_values").GetInt32());
        var keys = vacuumed.GetProperty("Prediction").GetProperty("keys").EnumerateObject().Select(k => k.Value.GetInt32()).ToList();
        Assert.All(keys, n => Assert.Equal(3, n)); // the newest three hours of each key
    }

    [Fact]
    public void The_cache_management_data_is_loaded_cleared_and_saved_in_the_cache_folder()
    {
        using var tmp = new TempDir();
        using var server = Serve(tmp, """{"ems": {"startup_delay": 3600}}""");
        Assert.Empty(Call(server, HttpMethod.Get, "/v1/admin/cache", "/v1/admin/cache").EnumerateObject());
        var store = tmp.File("cache/cachefilestore.json");
        Assert.Empty(Call(server, HttpMethod.Post, "/v1/admin/cache/save", "/v1/admin/cache/save").EnumerateObject());
        Assert.Equal("{}", File.ReadAllText(store));

        // two records, one valid until yesterday with its cache file, one until tomorrow
        var expiredFile = tmp.File("cache/expired.bin");
        File.WriteAllText(expiredFile, "x");
        var yesterday = DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var records = new JsonObject
        {
            ["old"] = new JsonObject { ["cache_file"] = expiredFile, ["mode"] = "wb+", ["until_datetime"] = yesterday, ["ttl_duration"] = null },
            ["new"] = new JsonObject { ["cache_file"] = tmp.File("cache/new.bin"), ["mode"] = "w+", ["until_datetime"] = tomorrow, ["ttl_duration"] = 3600 },
        };
        File.WriteAllText(store, records.ToJsonString());
        Assert.Equal(2, Call(server, HttpMethod.Post, "/v1/admin/cache/load", "/v1/admin/cache/load").EnumerateObject().Count());
        var cache = Call(server, HttpMethod.Get, "/v1/admin/cache", "/v1/admin/cache");
        Assert.Equal(3600, cache.GetProperty("new").GetProperty("ttl_duration").GetDouble());
        Assert.Equal(tomorrow, cache.GetProperty("new").GetProperty("until_datetime").GetString());

        var left = Call(server, HttpMethod.Post, "/v1/admin/cache/clear-expired", "/v1/admin/cache/clear-expired");
        Assert.Equal(new[] { "new" }, left.EnumerateObject().Select(r => r.Name).ToArray());
        Assert.False(File.Exists(expiredFile));
        Call(server, HttpMethod.Post, "/v1/admin/cache/save", "/v1/admin/cache/save");
        Assert.Equal(new[] { "new" }, JsonNode.Parse(File.ReadAllText(store))!.AsObject().Select(r => r.Key).ToArray());
        Assert.Empty(Call(server, HttpMethod.Post, "/v1/admin/cache/clear", "/v1/admin/cache/clear").EnumerateObject());
        Assert.Single(Call(server, HttpMethod.Post, "/v1/admin/cache/load", "/v1/admin/cache/load").EnumerateObject());
        Assert.Single(Call(server, HttpMethod.Get, "/v1/admin/cache", "/v1/admin/cache").EnumerateObject());
    }

    [Fact]
    public void Restart_rereads_the_configuration_file_and_starts_the_loop_over()
    {
        using var tmp = new TempDir();
        var file = tmp.File("EOS.config.json");
        using var server = Serve(tmp, """{"general": {"latitude": 48.0}, "ems": {"startup_delay": 3600}}""");
        Call(server, HttpMethod.Put, "/v1/config/general/latitude", "/v1/config/{path}", "50");
        File.WriteAllText(file, """{"general": {"latitude": 47.5}, "ems": {"startup_delay": 3600}}""");
        var answer = Call(server, HttpMethod.Post, "/v1/admin/server/restart", "/v1/admin/server/restart");
        Assert.Contains("re-read the configuration from " + file, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(47.5, Call(server, HttpMethod.Get, "/v1/config/general/latitude", "/v1/config/{path}").GetDouble());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Call(server, HttpMethod.Get, "/v1/logging/log?contains=EMS%20loop%20restarted", "/v1/logging/log").GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no 'EMS loop restarted' in the log:\n" + server.Output);
            Thread.Sleep(100);
        }

        Assert.True(File.Exists(Path.Combine(tmp.Path, "db", "eos-series.json")), "restart saves the state as EOS does");
        Assert.False(server.HasExited);
    }

    [Fact]
    public void The_deprecated_forecast_endpoints_answer_from_the_configured_providers()
    {
        using var tmp = new TempDir();
        using var server = Serve(tmp, """{"ems": {"startup_delay": 3600}}""");
        var reference = Path.GetDirectoryName(Cli.Reference("eos/openapi.json"))!;
        var settings = new JsonObject
        {
            ["general"] = new JsonObject { ["data_folder_path"] = reference, ["latitude"] = 52.3, ["longitude"] = 4.8 },
            ["pvforecast"] = new JsonObject { ["provider"] = "PVForecastQuartier", ["planes"] = new JsonArray(new JsonObject { ["surface_tilt"] = 30, ["surface_azimuth"] = 180, ["peakpower"] = 5, ["inverter_paco"] = 4000 }) },
            ["weather"] = new JsonObject { ["provider"] = "WeatherImport", ["weatherimport"] = new JsonObject { ["import_file_path"] = Cli.Reference("weather/NLD_Amsterdam062400_IWEC.epw") } },
            ["elecprice"] = new JsonObject { ["provider"] = "ElecPriceImport", ["charges_kwh"] = 0.1 },
        };
        Call(server, HttpMethod.Put, "/v1/config", "/v1/config", settings.ToJsonString());

        // prices: the imported ones from today 00:00 (a gap at the start filled with the first), charges added per Wh
        var imported = Enumerable.Range(0, 46).Select(h => 0.0002 + (h * 1e-6)).ToArray();
        var body = new JsonObject { ["start_datetime"] = Today + "T02:00:00Z", ["interval"] = "1 hour", ["elecprice_marketprice_wh"] = new JsonArray([.. imported.Select(v => (JsonNode?)v)]) };
        Raw(server.Eos, HttpMethod.Put, "/v1/prediction/import/ElecPriceImport", body.ToJsonString()).AssertOk();
        var prices = Call(server, HttpMethod.Get, "/strompreis", "/strompreis").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(48, prices.Length);
        Assert.Equal(imported[0] + 0.0001, prices[0], 12);
        Assert.Equal(imported[0] + 0.0001, prices[1], 12);
        Assert.Equal(imported[45] + 0.0001, prices[47], 12);

        // load: EOS's yearly profile for 4000 kWh (given in Wh here), as by hand from the CSV; the provider is set as EOS sets it
        var shares = File.ReadLines(Cli.Reference("eos/load_profiles_yearly_366x24.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => (int.Parse(c[0], CultureInfo.InvariantCulture), int.Parse(c[1], CultureInfo.InvariantCulture)), c => double.Parse(c[2], CultureInfo.InvariantCulture));
        double Profile(DateTime t) => shares[(t.DayOfYear - 1, t.Hour)] * 4000 * 1000;
        var load = Call(server, HttpMethod.Get, "/gesamtlast_simple?year_energy=4000000", "/gesamtlast_simple").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(48, load.Length);
        var today = DateTime.UtcNow.Date;
        for (int h = 0; h < 48; h++)
        {
            Assert.Equal(Profile(today.AddHours(h)), load[h], 9);
        }

        Assert.Equal("LoadAkkudoktor", Call(server, HttpMethod.Get, "/v1/config/load/provider", "/v1/config/{path}").GetString());
        Assert.Equal(4000, Call(server, HttpMethod.Get, "/v1/config/load/loadakkudoktor/loadakkudoktor_year_energy_kwh", "/v1/config/{path}").GetDouble());

        // adjusted load (kWh here, as in EOS): measured 150 Wh above the profile in every hour of the last week: the forecast is 150 W higher
        var measured = new JsonArray();
        for (var t = today.AddDays(-7); t < today; t = t.AddHours(1))
        {
            measured.Add(new JsonObject { ["time"] = t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["Last"] = Profile(t) + 150 });
        }

        var request = new JsonObject { ["year_energy"] = 4000, ["measured_data"] = measured, ["hours"] = 48 };
        var adjusted = Call(server, HttpMethod.Post, "/gesamtlast", "/gesamtlast", request.ToJsonString()).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(48, adjusted.Length);
        for (int h = 0; h < 48; h++)
        {
            Assert.Equal(Profile(today.AddHours(h)) + 150, adjusted[h], 6);
        }

        var unadjusted = new JsonObject { ["year_energy"] = 4000, ["measured_data"] = new JsonArray(), ["hours"] = 48 };
        Assert.Equal(load, Call(server, HttpMethod.Post, "/gesamtlast", "/gesamtlast", unadjusted.ToJsonString()).EnumerateArray().Select(v => v.GetDouble()).ToArray());

        // PV and temperature: what the PV provider predicts, 48 hours from today 00:00
        var forecast = Call(server, HttpMethod.Get, "/pvforecast", "/pvforecast");
        var pv = forecast.GetProperty("pvpower").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var list = Call(server, HttpMethod.Get, $"/v1/prediction/list?key=pvforecast_ac_power&start_datetime={Today}T00:00:00Z&end_datetime={today.AddDays(2):yyyy-MM-dd}T00:00:00Z", "/v1/prediction/list")
            .EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(list, pv);
        Assert.Equal(0, pv[0]);
        Assert.InRange(pv.Max(), 1, 4000);
        var temperature = forecast.GetProperty("temperature").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(48, temperature.Length);
        Assert.All(temperature, t => Assert.InRange(t, -30, 45));
    }

    [Fact]
    public void Every_path_and_method_of_eos_openapi_is_served()
    {
        using var tmp = new TempDir();
        using var server = Serve(tmp, """{"ems": {"startup_delay": 3600}}""");
        static string Normal(string path) => Placeholder().Replace(path, "{}");
        var served = server.GetJson("/openapi/v1.json").GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {Normal(p.Name)}")).ToHashSet(StringComparer.Ordinal);
        var eos = JsonDocument.Parse(File.ReadAllText(Cli.Reference("eos/openapi.json"))).RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {Normal(p.Name)}")).ToList();
        Assert.Equal(41, eos.Select(e => e.Split(' ')[1]).Distinct().Count());
        var missing = eos.Where(e => !served.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "not served: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_log_buffer_keeps_the_newest_records_up_to_its_capacity()
    {
        using var buffer = new Quartier.Server.Eos.EosLogBuffer(TimeProvider.System, capacity: 3);
        var logger = buffer.CreateLogger("Quartier.Test");
        for (int i = 1; i <= 5; i++)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "record {Number}", i);
        }

        Assert.Equal(3, buffer.Count);
        var kept = buffer.Snapshot(_ => true).Select(e => e.ToJson()["record"]!).ToList();
        Assert.Equal(new[] { "record 3", "record 4", "record 5" }, kept.Select(r => r["message"]!.GetValue<string>()).ToArray());
        Assert.All(kept, r => Assert.Equal("WARNING", r["level"]!["name"]!.GetValue<string>()));
        Assert.All(kept, r => Assert.Equal("Test", r["module"]!.GetValue<string>()));
        Assert.Equal(Quartier.Server.Eos.EosLogBuffer.DefaultCapacity, new Quartier.Server.Eos.EosLogBuffer(TimeProvider.System).Capacity);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();

    /// <summary>A server over the configuration file <c>EOS.config.json</c> in <paramref name="tmp"/>, written with <paramref name="config"/>.</summary>
    private static ServerProcess Serve(TempDir tmp, string config)
    {
        File.WriteAllText(tmp.File("EOS.config.json"), config);
        return ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", tmp.File("EOS.config.json"));
    }

    /// <summary>
    /// The PDF: header, trailer, an xref table whose offsets point at each object, the stream's length, a title starting
    /// <paramref name="title"/>, more than <paramref name="segments"/> line segments in its charts; its text.
    /// </summary>
    private static string CheckPdf(ServerProcess server, string title, int segments)
    {
        using var response = server.Eos.Send(new HttpRequestMessage(HttpMethod.Get, "/visualization_results.pdf"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var schema = Schema.ResponseSchemaOf("get", "/visualization_results.pdf", "application/pdf");
        Assert.Equal("string", schema.GetProperty("type").GetString());
        using var buffer = new MemoryStream();
        response.Content.ReadAsStream().CopyTo(buffer);
        var bytes = buffer.ToArray();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("%PDF-1.4\n", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("(Quartier energy management plan " + title, text, StringComparison.Ordinal);

        var startxref = int.Parse(StartXref().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 ", text[startxref..], StringComparison.Ordinal);
        var lines = text[startxref..].Split('\n');
        var count = int.Parse(lines[1].Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.Equal("0000000000 65535 f ", lines[2]);
        for (int i = 1; i < count; i++)
        {
            var entry = lines[2 + i];
            Assert.Equal(19, entry.Length); // 20 bytes with its newline
            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            Assert.StartsWith($"{i} 0 obj", text[offset..], StringComparison.Ordinal);
        }

        Assert.Contains($"/Size {count} /Root 1 0 R", text, StringComparison.Ordinal);
        var length = int.Parse(StreamLength().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var streamStart = text.IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;
        Assert.StartsWith("endstream", text[(streamStart + length)..], StringComparison.Ordinal);
        Assert.True(Regex.Count(text, @" l\n") > segments, $"the charts have {Regex.Count(text, @" l\n")} line segments, want more than {segments}");
        return text;
    }

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Length (\d+) >>")]
    private static partial Regex StreamLength();
}
