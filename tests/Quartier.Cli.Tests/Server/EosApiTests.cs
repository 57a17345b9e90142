using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Optimization.Eos;
using Quartier.Resources.Eos;
using Quartier.Tests.Shared;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The EOS-compatible API of the real <c>quartier serve</c>, used as an EOS client uses EOS: configuration with a battery,
/// inverter, vehicle and appliance, measurements, imported predictions, legacy <c>/optimize</c> in German and English,
/// the plan and the solution, every status example of EOS's resource page verbatim. Every response is validated against
/// EOS's <c>openapi.json</c>.
/// </summary>
public sealed class EosApiTests
{
    // The status documents exactly as on EOS's resource page (the three-phase one with its trailing comma).
    internal static readonly string[] SeedStatuses =
    [
        EosStatusExamples.ActuatorStatus, EosStatusExamples.StorageStatus, EosStatusExamples.ThreePhaseMeasurement, EosStatusExamples.SymmetricMeasurement,
    ];

    internal const string Devices = """
        {
          "devices": {
            "batteries": [{"device_id": "battery1", "capacity_wh": 10000, "max_charge_power_w": 5000, "min_soc_percentage": 10, "max_soc_percentage": 90}],
            "electric_vehicles": [{"device_id": "ev1", "capacity_wh": 60000, "charging_efficiency": 0.95, "max_charge_power_w": 11000, "min_soc_percentage": 60}],
            "inverters": [{"device_id": "inverter1", "max_power_w": 10000, "battery_id": "battery1"}],
            "home_appliances": [{"device_id": "dishwasher1", "consumption_wh": 2000, "duration_h": 2}]
          },
          "measurement": {"load_emr_keys": ["household"]},
          "optimization": {"horizon_hours": 24, "interval": 900}
        }
        """;

    internal static readonly OpenApiSchemaValidator Schema = new(Cli.Reference("eos/openapi.json"));

    [Fact]
    public void An_eos_client_configures_measures_predicts_optimises_and_reports_status()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("EOS.config.json"), """{"ems": {"startup_delay": 1, "interval": 3600}}""");
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", tmp.File("EOS.config.json"));

        var health = Call(server, HttpMethod.Get, "/v1/health", "/v1/health");
        Assert.Equal("alive", health.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, Raw(server.Http, HttpMethod.Get, "/v1/health", null).Status);

        // configuration: EOS's defaults, then the devices
        var defaults = Call(server, HttpMethod.Get, "/v1/config", "/v1/config");
        Assert.Equal(3600.0, defaults.GetProperty("ems").GetProperty("interval").GetDouble()); // from the configuration file
        Assert.Equal(48, defaults.GetProperty("prediction").GetProperty("hours").GetInt32()); // EOS's default
        Assert.Equal(52.52, defaults.GetProperty("general").GetProperty("latitude").GetDouble());
        var config = Call(server, HttpMethod.Put, "/v1/config", "/v1/config", Devices);
        var battery = config.GetProperty("devices").GetProperty("batteries")[0];
        Assert.Equal("battery1-soc-factor", battery.GetProperty("measurement_key_soc_factor").GetString());
        Assert.Equal(0.88, battery.GetProperty("charging_efficiency").GetDouble());
        Assert.Equal(3600.0, config.GetProperty("ems").GetProperty("interval").GetDouble());
        Assert.Equal(96, config.GetProperty("optimization").GetProperty("horizon").GetInt32());
        Call(server, HttpMethod.Put, "/v1/config/devices/batteries/0/capacity_wh", "/v1/config/{path}", "12000");
        Assert.Equal(12000, Call(server, HttpMethod.Get, "/v1/config/devices/batteries/0/capacity_wh", "/v1/config/{path}").GetDouble());

        // measurements, per-device keys included
        var keys = Call(server, HttpMethod.Get, "/v1/measurement/keys", "/v1/measurement/keys").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(new[] { "household", "battery1-soc-factor", "battery1-power-l1-w" }, keys.Take(3).ToArray());
        Assert.Contains("ev1-power-3-phase-sym-w", keys);
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var stamp = Uri.EscapeDataString(today.AddHours(6).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var soc = Call(server, HttpMethod.Put, $"/v1/measurement/value?datetime={stamp}&key=battery1-soc-factor&value=0.5", "/v1/measurement/value");
        Assert.Equal(0.5, soc.GetProperty("data").EnumerateObject().Single().Value.GetDouble());
        Call(server, HttpMethod.Put, "/v1/measurement/data", "/v1/measurement/data", $$"""{"start_datetime": "{{today:yyyy-MM-dd}} 00:00:00", "interval": "1 hour", "household": [410.5, 380.25, 372]}""");
        Call(server, HttpMethod.Put, "/v1/measurement/dataframe", "/v1/measurement/dataframe", $$$"""{"data": {"{{{today:yyyy-MM-dd}}}T03:00:00+00:00": {"household": 455}}, "dtypes": {}, "tz": "UTC"}""");
        var household = Call(server, HttpMethod.Get, "/v1/measurement/series?key=household", "/v1/measurement/series").GetProperty("data");
        Assert.Equal(new[] { 410.5, 380.25, 372, 455 }, household.EnumerateObject().Select(p => p.Value.GetDouble()).ToArray());
        var after = Call(server, HttpMethod.Delete, $"/v1/measurement/range?key=household&start_datetime={today:yyyy-MM-dd}T01:00:00&end_datetime={today:yyyy-MM-dd}T03:00:00", "/v1/measurement/range");
        Assert.Equal(new[] { 410.5, 455 }, after.GetProperty("data").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray());

        // predictions imported as EOS's column data (EOS's own import fixture)
        var fixture = JsonNode.Parse(File.ReadAllText(Cli.Reference("eos/import_input_1.json")))!;
        foreach (var (provider, key, from) in new[] { ("ElecPriceImport", "elecprice_marketprice_wh", "elecprice_marketprice_wh"), ("LoadImport", "loadforecast_power_w", "load0_mean"), ("PVForecastImport", "pvforecast_ac_power", "pvforecast_ac_power") })
        {
            var body = new JsonObject { ["start_datetime"] = today.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["interval"] = "1 hour", [key] = fixture[from]!.DeepClone() };
            Raw(server.Eos, HttpMethod.Put, $"/v1/prediction/import/{provider}", body.ToJsonString()).AssertOk();
        }

        Assert.Contains("PVForecastQuartier", Call(server, HttpMethod.Get, "/v1/prediction/providers", "/v1/prediction/providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("pvforecast_ac_power", Call(server, HttpMethod.Get, "/v1/prediction/keys", "/v1/prediction/keys").EnumerateArray().Select(p => p.GetString()));
        var price = Call(server, HttpMethod.Get, "/v1/prediction/series?key=elecprice_marketprice_wh", "/v1/prediction/series").GetProperty("data");
        Assert.Equal(48, price.EnumerateObject().Count());
        Assert.Equal(fixture["elecprice_marketprice_wh"]![0]!.GetValue<double>(), price.EnumerateObject().First().Value.GetDouble());
        var frame = Call(server, HttpMethod.Get, $"/v1/prediction/dataframe?keys=pvforecast_ac_power&keys=elecprice_marketprice_kwh&start_datetime={today:yyyy-MM-dd}T10:00:00&end_datetime={today:yyyy-MM-dd}T12:00:00", "/v1/prediction/dataframe");
        var tenOClock = frame.GetProperty("data").EnumerateObject().First().Value;
        Assert.Equal(fixture["pvforecast_ac_power"]![10]!.GetValue<double>(), tenOClock.GetProperty("pvforecast_ac_power").GetDouble());
        Assert.Equal(fixture["elecprice_marketprice_wh"]![10]!.GetValue<double>() * 1000, tenOClock.GetProperty("elecprice_marketprice_kwh").GetDouble(), 12);
        var list = Call(server, HttpMethod.Get, $"/v1/prediction/list?key=loadforecast_power_w&start_datetime={today:yyyy-MM-dd}T00:00:00&end_datetime={today:yyyy-MM-dd}T03:00:00", "/v1/prediction/list");
        Assert.Equal(fixture["load0_mean"]!.AsArray().Take(3).Select(v => v!.GetValue<double>()), list.EnumerateArray().Select(v => v.GetDouble()));

        // legacy /optimize with German and English names: the exact optimiser's answer, both name sets
        var german = File.ReadAllText(Cli.Reference("eos/optimize_input_2.json"));
        var expected = EosOptimizer.Optimize(EosOptimizeInput.Parse(german), new EosOptimizerOptions { StartHour = 10, Day = DateOnly.FromDateTime(DateTime.Now) }).Simulation;
        var fromGerman = Call(server, HttpMethod.Post, "/optimize?start_hour=10", "/optimize", german);
        var fromEnglish = Call(server, HttpMethod.Post, "/optimize?start_hour=10", "/optimize", English(german));
        Assert.Equal(fromGerman.GetRawText(), fromEnglish.GetRawText());
        var result = fromGerman.GetProperty("result");
        Assert.Equal(expected.TotalBalance, result.GetProperty("total_balance").GetDouble());
        Assert.Equal(expected.TotalBalance, result.GetProperty("Gesamtbilanz_Euro").GetDouble());
        Assert.Equal(expected.TotalLosses, result.GetProperty("Gesamt_Verluste").GetDouble());
        Assert.Equal(result.GetProperty("battery_soc_per_hour").GetRawText(), result.GetProperty("akku_soc_pro_stunde").GetRawText());
        Assert.Equal(fromGerman.GetProperty("ev_charge_hours_float").GetRawText(), fromGerman.GetProperty("eautocharge_hours_float").GetRawText());
        Assert.Equal(fromGerman.GetProperty("ev_obj").GetRawText(), fromGerman.GetProperty("eauto_obj").GetRawText());
        Assert.All(fromGerman.GetProperty("ac_charge").EnumerateArray().Take(10), v => Assert.Equal(0, v.GetDouble()));

        // every status example of EOS's resource page, verbatim, and every other status type EOS takes
        foreach (var (document, index) in SeedStatuses.Select((d, i) => (d, i)))
        {
            var stored = Call(server, HttpMethod.Put, "/v1/resource/status?resource_id=battery1", "/v1/resource/status", document);
            Assert.Equal(stored.GetRawText(), Call(server, HttpMethod.Get, "/v1/resource/status?resource_id=battery1", "/v1/resource/status").GetRawText());
            if (index == 0)
            {
                Assert.Equal(0.375, stored.GetProperty("operation_mode_factor").GetDouble());
                Assert.Equal(new DateTimeOffset(2025, 7, 25, 12, 0, 12, TimeSpan.Zero), stored.GetProperty("transition_timestamp").GetDateTimeOffset());
            }
            else if (index == 2)
            {
                Assert.Equal(2006.2, stored.GetProperty("values")[1].GetProperty("value").GetDouble(), 9); // L2 reported twice: summed
            }
        }

        foreach (var (resource, document) in OtherStatuses())
        {
            var stored = Call(server, HttpMethod.Put, $"/v1/resource/status?resource_id={resource}", "/v1/resource/status", document);
            Assert.Equal(JsonNode.Parse(document)!["type"]!.GetValue<string>(), stored.GetProperty("type").GetString());
        }

        Assert.Equal(1000, Call(server, HttpMethod.Get, "/v1/measurement/series?key=battery1-power-3-phase-sym-w", "/v1/measurement/series").GetProperty("data").EnumerateObject().Single().Value.GetDouble());

        // the plan, the solution; a reported fill level changes the next plan
        var (low, lowPlan) = PlanWithFill(server, 0.2);
        var (high, highPlan) = PlanWithFill(server, 0.85);
        Assert.Equal(0.2, FirstRow(low).GetProperty("battery1_soc_factor").GetDouble(), 9);
        Assert.Equal(0.85, FirstRow(high).GetProperty("battery1_soc_factor").GetDouble(), 9);
        Assert.True(high.GetProperty("total_costs_amt").GetDouble() < low.GetProperty("total_costs_amt").GetDouble(), "stored energy lowers the import cost");
        CheckPhysics(low);
        CheckPhysics(high);
        Assert.NotEqual(Instructions(lowPlan, "battery1"), Instructions(highPlan, "battery1"));
        var types = highPlan.GetProperty("instructions").EnumerateArray().Select(i => (i.GetProperty("type").GetString(), i.GetProperty("resource_id").GetString())).Distinct().ToList();
        Assert.Contains(("FRBCInstruction", "battery1"), types);
        Assert.Contains(("FRBCInstruction", "ev1"), types);
        Assert.Contains(("PPBCScheduleInstruction", "dishwasher1"), types);
        Assert.Contains(("PEBCInstruction", "inverter1"), types);

        // as in EOS, the car charges at one of its charge_rates: here EOS's defaults 0, 0.1, …, 1 (of 11 kW)
        var evFactors = highPlan.GetProperty("instructions").EnumerateArray().Where(i => i.GetProperty("resource_id").GetString() == "ev1")
            .Select(i => i.GetProperty("operation_mode_factor").GetDouble()).ToArray();
        Assert.Contains(evFactors, f => f > 0);
        Assert.All(evFactors, f => Assert.True(Math.Abs((f * 10) - Math.Round(f * 10)) < 1e-6, $"ev1 factor {f} is none of the charge rates 0, 0.1, …, 1"));

        // the appliance reports its run finished: the next plan leaves it out
        Call(server, HttpMethod.Put, "/v1/resource/status?resource_id=dishwasher1", "/v1/resource/status", """{"type": "PPBCPowerProfileStatus", "sequence_container_status": [{"power_profile_id": "dishwasher1_profile", "sequence_container_id": "run", "status": "FINISHED"}]}""");
        var (_, finished) = PlanWithFill(server, 0.85);
        Assert.DoesNotContain(finished.GetProperty("instructions").EnumerateArray(), i => i.GetProperty("resource_id").GetString() == "dishwasher1");
        Assert.Contains("dishwasher1 reported FINISHED", finished.GetProperty("comment").GetString(), StringComparison.Ordinal);

        // the loop re-plans every ems.interval seconds (below EOS's minimum of 60 s: Quartier's extension, so not validated)
        Raw(server.Eos, HttpMethod.Put, "/v1/config/ems/interval", "1").AssertOk();
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 3 && DateTime.UtcNow < deadline)
        {
            seen.Add(Call(server, HttpMethod.Get, "/v1/energy-management/plan", "/v1/energy-management/plan").GetProperty("id").GetString()!);
            Thread.Sleep(300);
        }

        Assert.True(seen.Count >= 3, $"the loop published {seen.Count} plans in 30 s at ems.interval 1 s:\n{server.Output[^2000..]}");
        Assert.Contains("EMS cycle plan-", server.Output, StringComparison.Ordinal);
        Assert.NotNull(Call(server, HttpMethod.Get, "/v1/health", "/v1/health").GetProperty("energy-management").GetProperty("last_run_datetime").GetString());
    }

    /// <summary>
    /// The EOS loop's due instructions reach S2 resource managers connected under the devices' ids: the battery's FRBC
    /// instruction and the inverter's PEBC envelope are sent over WebSocket (source <c>eos</c>) and executed by the
    /// resource simulations; the CEM's own planner leaves those resources to EOS from then on.
    /// </summary>
    [Fact]
    public async Task Eos_plans_are_delivered_to_connected_S2_resource_managers()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("EOS.config.json"), """{"ems": {"startup_delay": 3600, "interval": 3600}}""");
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", tmp.File("EOS.config.json"));
        var ws = new Uri(server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/s2/ws");

        // the devices are EOS's before they connect: the CEM's own planner leaves them alone from its first plan
        Call(server, HttpMethod.Put, "/v1/config", "/v1/config", """
            {
              "devices": {
                "batteries": [{"device_id": "battery", "capacity_wh": 10000, "max_charge_power_w": 5000, "min_soc_percentage": 10, "max_soc_percentage": 90}],
                "inverters": [{"device_id": "pv", "max_power_w": 10000, "battery_id": "battery"}]
              },
              "optimization": {"horizon_hours": 24, "interval": 900}
            }
            """);
        string[] devices = ["battery", "pv"];
        var rms = devices.Select(d => S2WebSocketTests.Rm(d, ws, tmp.File($"{d}.jsonl"), hours: 2)).ToArray();
        try
        {
            foreach (var d in devices)
            {
                await S2WebSocketTests.WaitConnected(server, d);
            }

            var now = DateTimeOffset.UtcNow;
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            var fixture = JsonNode.Parse(File.ReadAllText(Cli.Reference("eos/import_input_1.json")))!;
            foreach (var (provider, key, from) in new[] { ("ElecPriceImport", "elecprice_marketprice_wh", "elecprice_marketprice_wh"), ("LoadImport", "loadforecast_power_w", "load0_mean") })
            {
                var body = new JsonObject { ["start_datetime"] = hour.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["interval"] = "1 hour", [key] = fixture[from]!.DeepClone() };
                Raw(server.Eos, HttpMethod.Put, $"/v1/prediction/import/{provider}", body.ToJsonString()).AssertOk();
            }

            // 3 kW of PV in every hour, so the inverter gets an envelope whatever the time of day
            var pv = new JsonObject { ["start_datetime"] = hour.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["interval"] = "1 hour", ["pvforecast_ac_power"] = new JsonArray([.. Enumerable.Range(0, 48).Select(_ => (JsonNode?)3000.0)]) };
            Raw(server.Eos, HttpMethod.Put, "/v1/prediction/import/PVForecastImport", pv.ToJsonString()).AssertOk();
            Raw(server.Eos, HttpMethod.Post, "/v1/optimize", null).AssertOk();
            var plan = Call(server, HttpMethod.Get, "/v1/energy-management/plan", "/v1/energy-management/plan");
            var first = plan.GetProperty("instructions").EnumerateArray().First(i => i.GetProperty("resource_id").GetString() == "battery");

            // the battery's resource manager runs the plan's first mode: sent, received OK, started
            var battery = await EosInstruction(server, "battery");
            Assert.Equal($"battery/{first.GetProperty("operation_mode_id").GetString()} ", battery.GetProperty("summary").GetString()![..(first.GetProperty("operation_mode_id").GetString()!.Length + 9)]);
            Assert.Equal("OK", battery.GetProperty("reception").GetString());
            var envelope = await EosInstruction(server, "pv");
            Assert.Equal("OK", envelope.GetProperty("reception").GetString());
            Assert.Contains("PEBC.Instruction", File.ReadAllText(tmp.File("pv.jsonl")), StringComparison.Ordinal);
            Assert.Contains("\"source\":\"eos\"", server.GetJson("/api/s2/resources/battery").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("sent battery/", server.Output, StringComparison.Ordinal);
            foreach (var d in devices)
            {
                var sources = server.GetJson($"/api/s2/resources/{d}").GetProperty("instructions").EnumerateArray().Select(i => i.GetProperty("source").GetString()).Distinct();
                Assert.Equal(["eos"], sources);
            }
        }
        finally
        {
            S2WebSocketTests.Stop(rms);
        }
    }

    /// <summary>The server's log without its request lines (the polling above would fill it).</summary>
    private static string Log(ServerProcess server)
    {
        var lines = server.Output.Split('\n').Where(l => !l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal)).ToArray();
        return string.Join('\n', lines[^Math.Min(60, lines.Length)..]);
    }

    /// <summary>The first instruction the EOS loop delivered to <paramref name="resource"/>, once its resource manager has started it.</summary>
    private static async Task<JsonElement> EosInstruction(ServerProcess server, string resource)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instructions = server.GetJson($"/api/s2/resources/{resource}").GetProperty("instructions").EnumerateArray()
                .Where(i => i.GetProperty("source").GetString() == "eos").ToArray();
            if (instructions.FirstOrDefault(i => i.GetProperty("status").GetString() is "STARTED" or "SUCCEEDED") is { ValueKind: JsonValueKind.Object } done)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no instruction from the EOS loop started on {resource} in 30 s: {string.Join("; ", instructions.Select(i => i.GetRawText()))}\n{Log(server)}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public void Configuration_is_saved_reset_and_read_at_the_next_start()
    {
        using var tmp = new TempDir();
        var file = tmp.File("EOS.config.json");
        using (var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", file))
        {
            Call(server, HttpMethod.Put, "/v1/config", "/v1/config", Devices);
            Call(server, HttpMethod.Put, "/v1/config/file", "/v1/config/file");
            Call(server, HttpMethod.Put, "/v1/config/general/latitude", "/v1/config/{path}", "48.1");
            Assert.Equal(48.1, Call(server, HttpMethod.Get, "/v1/config/general/latitude", "/v1/config/{path}").GetDouble());
            var reset = Call(server, HttpMethod.Post, "/v1/config/reset", "/v1/config/reset");
            Assert.Equal(52.52, reset.GetProperty("general").GetProperty("latitude").GetDouble());
            Assert.Equal("ev1", reset.GetProperty("devices").GetProperty("electric_vehicles")[0].GetProperty("device_id").GetString());
        }

        var saved = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(10000, saved["devices"]!["batteries"]![0]!["capacity_wh"]!.GetValue<double>());
        Assert.Null(saved["devices"]!["batteries"]![0]!["measurement_keys"]);
        using var again = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--eos-config", file);
        Assert.Equal(900, Call(again, HttpMethod.Get, "/v1/config/optimization/interval", "/v1/config/{path}").GetDouble());
        Assert.Equal("dishwasher1", Call(again, HttpMethod.Get, "/v1/config/devices/home_appliances/0/device_id", "/v1/config/{path}").GetString());
    }

    [Fact]
    public void Quartiers_forecasters_serve_as_prediction_providers()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var reference = Path.GetDirectoryName(Cli.Reference("eos/openapi.json"))!;
        var settings = new JsonObject
        {
            ["general"] = new JsonObject { ["data_folder_path"] = reference, ["latitude"] = 52.3, ["longitude"] = 4.8 },
            ["load"] = new JsonObject { ["provider"] = "LoadAkkudoktor", ["loadakkudoktor"] = new JsonObject { ["loadakkudoktor_year_energy_kwh"] = 4000 } },
            ["pvforecast"] = new JsonObject { ["provider"] = "PVForecastQuartier", ["planes"] = new JsonArray(new JsonObject { ["surface_tilt"] = 30, ["surface_azimuth"] = 180, ["peakpower"] = 5, ["inverter_paco"] = 4000 }) },
            ["weather"] = new JsonObject { ["provider"] = "WeatherImport", ["weatherimport"] = new JsonObject { ["import_file_path"] = Cli.Reference("weather/NLD_Amsterdam062400_IWEC.epw") } },
            ["elecprice"] = new JsonObject { ["provider"] = "ElecPriceImport", ["elecpriceimport"] = new JsonObject { ["import_file_path"] = Cli.Reference("eos/elecpriceforecast_akkudoktor_1.json") } },
            ["feedintariff"] = new JsonObject { ["provider"] = "FeedInTariffFixed", ["feedintarifffixed"] = new JsonObject { ["feed_in_tariff_kwh"] = 0.08 } },
        };
        Call(server, HttpMethod.Put, "/v1/config", "/v1/config", settings.ToJsonString());
        Assert.Equal(
            new[] { "ElecPriceImport", "FeedInTariffFixed", "LoadAkkudoktor", "PVForecastQuartier", "WeatherImport" },
            Call(server, HttpMethod.Get, "/v1/prediction/providers?enabled=true", "/v1/prediction/providers").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Raw(server.Eos, HttpMethod.Post, "/v1/prediction/update", null).AssertOk();

        // load: EOS's share of the annual energy for (day of year, hour), by hand from the CSV
        var today = DateTime.UtcNow.Date;
        var shares = File.ReadLines(Cli.Reference("eos/load_profiles_yearly_366x24.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => (int.Parse(c[0], CultureInfo.InvariantCulture), int.Parse(c[1], CultureInfo.InvariantCulture)), c => double.Parse(c[2], CultureInfo.InvariantCulture));
        var load = Call(server, HttpMethod.Get, $"/v1/prediction/list?key=loadforecast_power_w&start_datetime={today:yyyy-MM-dd}T00:00:00Z&end_datetime={today:yyyy-MM-dd}T23:59:00Z", "/v1/prediction/list")
            .EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(24, load.Length);
        for (int h = 0; h < 24; h++)
        {
            Assert.Equal(shares[(today.DayOfYear - 1, h)] * 4000 * 1000, load[h], 9);
        }

        // PV: the physical model on Amsterdam's typical year: nothing at night, never above the 4 kW inverter, something by day
        var pv = Call(server, HttpMethod.Get, $"/v1/prediction/list?key=pvforecast_ac_power&start_datetime={today:yyyy-MM-dd}T00:00:00Z&end_datetime={today.AddDays(2):yyyy-MM-dd}T00:00:00Z", "/v1/prediction/list")
            .EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(48, pv.Length);
        Assert.Equal(0, pv[0]);
        Assert.Equal(0, pv[23]);
        Assert.InRange(pv.Max(), 1, 4000);

        // prices from EOS's Akkudoktor fixture (92.85 EUR/MWh for the hour from 2024-12-09 23:00 UTC), feed-in fixed
        var price = Call(server, HttpMethod.Get, "/v1/prediction/series?key=elecprice_marketprice_wh&start_datetime=2024-12-09T23:00:00Z&end_datetime=2024-12-10T00:00:00Z", "/v1/prediction/series");
        Assert.Equal(92.85 / 1e6, price.GetProperty("data").EnumerateObject().Single().Value.GetDouble(), 15);
        var feedIn = Call(server, HttpMethod.Get, $"/v1/prediction/dataframe?keys=feed_in_tariff_wh,feed_in_tariff_kwh&start_datetime={today:yyyy-MM-dd}T00:00:00Z&end_datetime={today:yyyy-MM-dd}T01:00:00Z", "/v1/prediction/dataframe");
        var row = feedIn.GetProperty("data").EnumerateObject().Single().Value;
        Assert.Equal(0.08, row.GetProperty("feed_in_tariff_kwh").GetDouble());
        Assert.Equal(0.08 / 1000, row.GetProperty("feed_in_tariff_wh").GetDouble(), 15);
    }

    [Fact]
    public void Bad_requests_get_problem_details_naming_what_is_wrong()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        Call(server, HttpMethod.Put, "/v1/config", "/v1/config", Devices);
        var before = Call(server, HttpMethod.Get, "/v1/config", "/v1/config").GetRawText();
        foreach (var c in BadInput.EosRequestCases.Requests())
        {
            var (status, text, type) = Raw(server.Eos, c.Method, c.Path, c.Body);
            Assert.True((int)status == c.Status, $"{c.Name}: {c.Method} {c.Path} -> {(int)status}, want {c.Status}: {text}");
            Assert.Equal("application/problem+json", type);
            var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
            foreach (var fragment in c.Expect)
            {
                Assert.True(detail.Contains(fragment, StringComparison.Ordinal), $"{c.Name}: '{detail}' lacks '{fragment}'");
            }
        }

        Assert.Equal(before, Call(server, HttpMethod.Get, "/v1/config", "/v1/config").GetRawText());
        Assert.False(server.HasExited);
    }

    internal static IEnumerable<(string Resource, string Document)> OtherStatuses()
    {
        yield return ("meter1", """{"type": "EnergyMeasurement", "measurement_timestamp": "2025-07-25T12:00:00+02:00", "last_reset": "2025-01-01T00:00:00Z", "values": [{"commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYM", "value": 123456.7}]}""");
        yield return ("meter2", """{"type": "PowerMeasurement", "measurement_timestamp": "2025-07-25T12:00:00Z", "values": [{"commodity_quantity": "ELECTRIC.POWER.L1", "value": 230}, {"commodity_quantity": "CURRENCY", "value": "0.31"}]}""");
        yield return ("dishwasher1", """{"type": "PPBCPowerProfileStatus", "sequence_container_status": [{"power_profile_id": "dishwasher1_profile", "sequence_container_id": "run", "selected_sequence_id": "RUN", "progress": "PT10M", "status": "SCHEDULED"}]}""");
        yield return ("heatpump1", """{"type": "OMBCStatus", "active_operation_mode_id": "ON", "operation_mode_factor": 0.5, "previous_operation_mode_id": "OFF", "transition_timestamp": "2025-07-25T12:00:00Z"}""");
        yield return ("battery1", """{"type": "FRBCEnergyStatus", "import_total": {"type": "EnergyMeasurement", "measurement_timestamp": "2025-07-25T12:00:00Z", "values": [{"commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYM", "value": 5000}]}, "export_total": null}""");
        yield return ("charger1", """{"type": "FRBCTimerStatus", "actuator_id": "battery", "timer_id": "MIN_DWELL", "finished_at": "2025-07-25T12:05:00Z"}""");
        yield return ("heatpump2", """{"type": "DDBCActuatorStatus", "active_operation_mode_id": "HEAT", "operation_mode_factor": "1", "transistion_timestamp": "20250725T120000"}""");
    }

    private static (JsonElement Solution, JsonElement Plan) PlanWithFill(ServerProcess server, double fill)
    {
        Call(server, HttpMethod.Put, "/v1/resource/status?resource_id=battery1", "/v1/resource/status", $$"""{"type": "FRBCStorageStatus", "present_fill_level": "{{fill.ToString(CultureInfo.InvariantCulture)}}"}""");
        var posted = Raw(server.Eos, HttpMethod.Post, "/v1/optimize", null).AssertOk();
        Schema.Validate(posted, Schema.Component("OptimizationSolution")).ForEach(e => Assert.Fail("POST /v1/optimize: " + e));
        var solution = Call(server, HttpMethod.Get, "/v1/energy-management/optimization/solution", "/v1/energy-management/optimization/solution");
        var plan = Call(server, HttpMethod.Get, "/v1/energy-management/plan", "/v1/energy-management/plan");
        Assert.Equal(posted.GetProperty("id").GetString(), solution.GetProperty("id").GetString());
        Assert.Equal(solution.GetProperty("id").GetString()!.Replace("solution-", "plan-", StringComparison.Ordinal), plan.GetProperty("id").GetString());
        return (solution, plan);
    }

    /// <summary>Battery1 (12 kWh, η 0.88 each way, 10–90 %) and the costs, step by step, by hand.</summary>
    private static void CheckPhysics(JsonElement solution)
    {
        var rows = solution.GetProperty("solution").GetProperty("data").EnumerateObject().Select(p => p.Value).ToList();
        var prices = solution.GetProperty("prediction").GetProperty("data").EnumerateObject().Select(p => p.Value.GetProperty("elec_price_amt_kwh").GetDouble()).ToList();
        Assert.Equal(96, rows.Count);
        double costs = 0;
        for (int t = 0; t < rows.Count; t++)
        {
            var soc = rows[t].GetProperty("battery1_soc_factor").GetDouble();
            Assert.InRange(soc, 0.1 - 1e-9, 0.9 + 1e-9);
            var energy = rows[t].GetProperty("battery1_energy_wh").GetDouble();
            if (t + 1 < rows.Count)
            {
                var stored = (rows[t + 1].GetProperty("battery1_soc_factor").GetDouble() - soc) * 12000;
                Assert.Equal(energy > 0 ? energy * 0.88 : energy / 0.88, stored, 6);
            }

            var grid = rows[t].GetProperty("grid_energy_wh").GetDouble();
            var cost = rows[t].GetProperty("costs_amt").GetDouble();
            Assert.Equal(Math.Max(grid, 0) / 1000 * prices[t], cost, 9);
            costs += cost;
        }

        Assert.Equal(solution.GetProperty("total_costs_amt").GetDouble(), costs, 9);
    }

    private static JsonElement FirstRow(JsonElement solution) => solution.GetProperty("solution").GetProperty("data").EnumerateObject().First().Value;

    private static string Instructions(JsonElement plan, string resource) =>
        string.Join(" ", plan.GetProperty("instructions").EnumerateArray().Where(i => i.GetProperty("resource_id").GetString() == resource)
            .Select(i => $"{i.GetProperty("execution_time").GetString()}:{i.GetProperty("operation_mode_id").GetString()}:{i.GetProperty("operation_mode_factor").GetDouble()}"));

    private static string English(string german)
    {
        var node = JsonNode.Parse(german)!.AsObject();
        var ems = node["ems"]!.AsObject();
        foreach (var (from, to) in new[] { ("gesamtlast", "total_load"), ("pv_prognose_wh", "pv_forecast_wh"), ("strompreis_euro_pro_wh", "electricity_price_per_wh"), ("einspeiseverguetung_euro_pro_wh", "feed_in_tariff_per_wh"), ("preis_euro_pro_wh_akku", "price_per_wh_battery") })
        {
            ems.Remove(from, out var v);
            ems[to] = v;
        }

        foreach (var (from, to) in new[] { ("pv_akku", "pv_battery"), ("eauto", "ev") })
        {
            node.Remove(from, out var v);
            node[to] = v;
        }

        return node.ToJsonString();
    }

    /// <summary>Sends to the EOS API, asserts 200 and that the body validates against openapi.json's response schema of <paramref name="documented"/>.</summary>
    internal static JsonElement Call(ServerProcess server, HttpMethod method, string path, string documented, string? body = null)
    {
        var json = Raw(server.Eos, method, path, body).AssertOk($"{method} {path}");
        Schema.AssertResponse(method.Method, documented, json);
        return json;
    }

    internal static Response Raw(HttpClient client, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var r = client.Send(request);
        return new Response(r.StatusCode, ServerProcess.Text(r), r.Content.Headers.ContentType?.MediaType);
    }

    internal sealed record Response(HttpStatusCode Status, string Text, string? Type)
    {
        public JsonElement AssertOk(string? what = null)
        {
            Assert.True(Status == HttpStatusCode.OK, $"{what} -> {(int)Status}: {Text[..Math.Min(600, Text.Length)]}");
            return Text.Length == 0 ? default : JsonDocument.Parse(Text).RootElement.Clone();
        }
    }
}
