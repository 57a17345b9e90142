using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Application;
using Quartier.Application.Neighbourhoods;
using Quartier.Cli.Tests.BadInput;
using Quartier.Core.Model;
using Quartier.Cossmic.Import;
using Quartier.Esdl;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The neighbourhood editor's API on the real server: create, save versions (every earlier one readable), run a saved
/// neighbourhood as a CoSSMic scenario, export as a PySSMic folder that Quartier's importer reads back as the same
/// neighbourhood and as an ESDL the EsdlReader reads and a run executes, create from the PySSMic web editor's XML, and
/// the bad-input corpus of documents refused with every error located.
/// </summary>
public sealed class NeighbourhoodsApiTests
{
    private static readonly long Start = 1_780_272_000; // 2026-06-01T00:00:00Z

    [Fact]
    public void A_neighbourhood_is_saved_in_versions_each_readable_and_the_newest_runs_three_times_as_a_cossmic_scenario()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var created = Create(server, NeighbourhoodRequestCases.TwoHouses);
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("two-houses-", id, StringComparison.Ordinal);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Contains("battery bat: CoSSMic runs have no storage", created.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);

        // version 2 adds a third house with a dishwasher; version 1 stays as it was
        var doc = JsonNode.Parse(NeighbourhoodRequestCases.TwoHouses)!;
        doc["houses"]!.AsArray().Add(JsonNode.Parse("""{"id": "3", "devices": [{"id": "dish", "kind": "appliance", "power_w": 1200, "duration_min": 120, "jobs": [{"earliest_start": "2026-06-01T11:00:00Z", "latest_start": "2026-06-01T14:00:00Z"}]}]}"""));
        using (var content = new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json"))
        using (var put = server.Send(HttpMethod.Put, $"/api/neighbourhoods/{id}", content))
        {
            var body = ServerProcess.Text(put);
            Assert.True(put.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
        }

        var versions = server.GetJson($"/api/neighbourhoods/{id}/versions").GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray();
        Assert.Equal([1, 2], versions);
        Assert.Equal(2, server.GetJson($"/api/neighbourhoods/{id}/versions/1").GetProperty("document").GetProperty("houses").GetArrayLength());
        Assert.Equal(2, server.GetJson($"/api/neighbourhoods/{id}?version=1").GetProperty("document").GetProperty("houses").GetArrayLength());
        var newest = server.GetJson($"/api/neighbourhoods/{id}");
        Assert.Equal(2, newest.GetProperty("version").GetInt32());
        Assert.Equal(3, newest.GetProperty("document").GetProperty("houses").GetArrayLength());
        Assert.Equal("dish", newest.GetProperty("document").GetProperty("houses")[2].GetProperty("devices")[0].GetProperty("id").GetString());
        server.GetJson($"/api/neighbourhoods/{id}/versions/3", HttpStatusCode.NotFound);
        var listed = server.GetJson("/api/neighbourhoods").GetProperty("neighbourhoods").EnumerateArray().Single();
        Assert.Equal((id, 2), (listed.GetProperty("id").GetString(), listed.GetProperty("version").GetInt32()));

        // the scenario of the same id holds the newest version
        var scenario = server.GetJson($"/api/scenarios/{id}");
        Assert.Equal("cossmic", scenario.GetProperty("kind").GetString());
        Assert.Equal("Two houses (v2)", scenario.GetProperty("name").GetString());
        var counts = scenario.GetProperty("summary").GetProperty("counts");
        Assert.Equal((3, 6, 1), (counts.GetProperty("houses").GetInt32(), counts.GetProperty("jobs").GetInt32(), counts.GetProperty("producers").GetInt32()));

        var (rs, run, _) = server.Post($"/api/runs?scenario={id}&algorithm=exact&runs=3&seed=2&days=1", [], "application/json");
        Assert.True(rs == HttpStatusCode.Created, $"{(int)rs}: {run}");
        var runId = run.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", WaitRun(server, runId).GetProperty("status").GetString());
        var summary = server.GetJson($"/api/runs/{runId}/cossmic");
        Assert.Equal(3, summary.GetProperty("runs").GetArrayLength());
        Assert.Equal(["1", "2", "3"], summary.GetProperty("houses").EnumerateArray().Select(h => h.GetString()!).Order(StringComparer.Ordinal).ToArray());
        var demand = summary.GetProperty("distributions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "job_demand");
        // base loads 6 + 4 kWh, washing machine 3, EV 25, heat pump 2.5, dishwasher 2.4 kWh
        Assert.Equal(42.9, demand.GetProperty("min").GetDouble(), 6);
        Assert.Equal(42.9, demand.GetProperty("max").GetDouble(), 6);
    }

    [Fact]
    public void The_PySSMic_export_is_read_back_by_the_importer_as_the_same_neighbourhood()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var doc = JsonNode.Parse(NeighbourhoodRequestCases.TwoHouses)!;
        // house 1's PV with two given predictions (an update at noon), a base-load profile of its own
        doc["houses"]![0]!["devices"]![1]!["predictions"] = JsonNode.Parse($$"""
            [{"issued_at": "2026-06-01T00:00:00Z", "data": "{{Start}} 0\n{{Start + 43200}} 9000.5\n{{Start + 86400}} 18000"},
             {"issued_at": "2026-06-01T12:00:00Z", "data": "{{Start + 43200}} 9000.5\n{{Start + 86400}} 15000.25"}]
            """);
        doc["houses"]![1]!["devices"]![0]!["profile"] = "0 0\n43200 1000\n86400 4000";
        var id = Create(server, doc.ToJsonString()).GetProperty("id").GetString()!;

        var folder = ScenarioCheck.ExtractZip(server.Bytes($"/api/neighbourhoods/{id}/pyssmic.zip"), "export");
        try
        {
            var scenario = CossmicImport.ReadFolder(folder);
            var jobs = scenario.Jobs.ToDictionary(j => j.Id);
            Assert.Equal(["[1]:[base]:[1]", "[1]:[wash]:[1]", "[2]:[base]:[1]", "[2]:[ev]:[1]", "[2]:[hp]:[1]"], jobs.Keys.Order(StringComparer.Ordinal).ToArray());

            var baseLoad = jobs["[1]:[base]:[1]"];
            Assert.True(baseLoad.IsBackground);
            Assert.Equal((Start, Start, Start), (baseLoad.RegisteredUnix, baseLoad.EarliestStartUnix, baseLoad.LatestStartUnix));
            Assert.Equal(6000, baseLoad.EnergyWh);
            Assert.Equal(4000, jobs["[2]:[base]:[1]"].EnergyWh);
            Assert.True(jobs["[2]:[base]:[1]"].IsBackground);

            var wash = jobs["[1]:[wash]:[1]"];
            Assert.False(wash.IsBackground);
            Assert.Equal((Start + (8 * 3600), Start + (8 * 3600), Start + (15 * 3600)), (wash.RegisteredUnix, wash.EarliestStartUnix, wash.LatestStartUnix));
            Assert.Equal(3000, wash.EnergyWh, 9);

            // the EV: 0.3 → 0.8 of 50 kWh at 7.4 kW is 12,163 s, so it must start by 17:00 minus that
            var ev = jobs["[2]:[ev]:[1]"];
            Assert.Equal(25_000, ev.EnergyWh, 9);
            Assert.Equal((Start + (9 * 3600), Start + (17 * 3600) - 12_163), (ev.EarliestStartUnix, ev.LatestStartUnix));
            Assert.Equal(2500, jobs["[2]:[hp]:[1]"].EnergyWh, 9);

            var producer = Assert.Single(scenario.Producers);
            Assert.Equal(("pv_producer[1]:[pv]", "1", "pv"), (producer.Id, producer.HouseId, producer.DeviceId));
            Assert.Equal([Start, Start + 43200], producer.Predictions.Select(p => p.IssuedUnix).ToArray());
            Assert.Equal([0, 9000.5, 18000], producer.Predictions[0].CumulativeWh.ToArray());
            Assert.Equal([Start + 43200, Start + 86400], producer.Predictions[1].TimesUnix.ToArray());
            Assert.Equal([9000.5, 15000.25], producer.Predictions[1].CumulativeWh.ToArray());
            Assert.Equal(Start, scenario.TimeZeroUnix);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // without predictions, the PV gets one clear-sky prediction from its size and orientation: about 4 kWp × 7 h in June
        var plain = JsonSerializer.Deserialize<Neighbourhood>(NeighbourhoodRequestCases.TwoHouses, Neighbourhood.Json)!;
        var (times, energy) = ClearSkyPrediction.Compute(plain, 4000, 30, 180);
        Assert.Equal(25, times.Length);
        Assert.InRange(energy[^1], 20_000, 32_000);
        Assert.Equal(0, energy[3]); // 03:00 UTC, before sunrise at 47.7° N
        var files = PyssmicExport.Files(plain);
        Assert.Equal($"{Start};pv_producer[1]:[pv];1_2_1.csv\n", files["producer_event.csv"]);
        Assert.Equal(ProfileText.Format(times, energy), files["predictions/1_2_1.csv"]);
    }

    [Fact]
    public void The_ESDL_export_is_read_back_by_the_EsdlReader_and_runs()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var id = Create(server, NeighbourhoodRequestCases.TwoHouses).GetProperty("id").GetString()!;
        var esdl = server.Bytes($"/api/neighbourhoods/{id}/esdl");

        var system = EsdlReader.ReadBytes(esdl, "export.esdl");
        var buildings = system.Assets.Where(a => a.Kind == AssetKind.Building).ToList();
        Assert.Equal(["1", "2"], buildings.Select(b => b.Attribute("originalIdInSource") ?? "-").ToArray());
        Assert.Equal(["Rosen", "House 2"], buildings.Select(b => b.Name).ToArray());
        Asset One(AssetKind kind) => Assert.Single(system.Assets, a => a.Kind == kind);
        var pv = One(AssetKind.PVInstallation);
        Assert.Equal((4000.0, 30.0, 180.0), (pv.RequiredDouble("power"), pv.RequiredDouble("angle"), pv.RequiredDouble("orientation")));
        Assert.Equal("1", pv.Building?.Attribute("originalIdInSource"));
        var battery = One(AssetKind.Battery);
        Assert.Equal((10_000 * 3600.0, 3000.0), (battery.RequiredDouble("capacity"), battery.RequiredDouble("maxChargeRate")));
        var charger = One(AssetKind.EVChargingStation);
        Assert.Equal(7400, charger.RequiredDouble("power"));
        Assert.Equal([36.0], charger.ParameterArray("arrival_ptus"));
        Assert.Equal([68.0], charger.ParameterArray("departure_ptus"));
        Assert.Equal(0.8 * 50_000 * 3600, charger.ParameterArray("departure_socs")[0], 6);
        var heatPump = One(AssetKind.HeatPump);
        Assert.Equal((2500 * 3.5, 3.5), (heatPump.RequiredDouble("heatPumpThermalPower"), heatPump.RequiredDouble("COP")));
        Assert.Equal(3, system.Assets.Count(a => a.Kind == AssetKind.ElectricityDemand));

        var (rs, run, _) = server.Post("/api/runs?name=esdl-export", esdl, "application/xml");
        Assert.True(rs == HttpStatusCode.Created, $"{(int)rs}: {run}");
        var ended = WaitRun(server, run.GetProperty("id").GetString()!);
        Assert.True(ended.GetProperty("status").GetString() == "succeeded", ended.ToString());
        var kpis = server.GetJson($"/api/runs/{run.GetProperty("id").GetString()}/kpis").GetProperty("kpis").EnumerateArray().ToList();
        Assert.Contains(kpis, k => k.GetProperty("name").GetString()!.Contains("pv", StringComparison.OrdinalIgnoreCase) && k.GetProperty("value").ValueKind == JsonValueKind.Number && k.GetProperty("value").GetDouble() > 0);
    }

    [Fact]
    public void A_neighbourhood_is_created_from_the_PySSMic_web_editors_XML_with_its_jobs()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var layout = File.ReadAllBytes(Cli.Reference("pyssmic/xml-examples/neighborhood.xml"));
        var jobs = $"""
            <neighborhood id="13" executionId="1">
              <house id="30"><user id="1">
                <device><id>121</id><est>{Start + 36000}</est><lst>{Start + 50400}</lst><creation_time>{Start + 3600}</creation_time></device>
                <device><id>123</id><est>{Start + 90000}</est><lst>{Start + 100800}</lst><creation_time>{Start + 86400}</creation_time></device>
              </user></house>
            </neighborhood>
            """;
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(layout), "neighbourhood", "neighborhood.xml" },
            { new StringContent(jobs), "jobs", "jobs.xml" },
        };
        using var response = server.Send(HttpMethod.Post, "/api/neighbourhoods/from-xml?name=from-xml", form);
        var text = ServerProcess.Text(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var created = JsonDocument.Parse(text).RootElement;
        var doc = created.GetProperty("document");
        Assert.Equal("from-xml", doc.GetProperty("name").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Start), doc.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(2, doc.GetProperty("days").GetInt32());
        var houses = doc.GetProperty("houses").EnumerateArray().ToList();
        Assert.Equal("30", houses[0].GetProperty("id").GetString());
        var devices = houses[0].GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(["121:appliance", "122:pv", "123:appliance"], devices.Select(d => $"{d.GetProperty("id").GetString()}:{d.GetProperty("kind").GetString()}").ToArray());
        var job = devices[0].GetProperty("jobs").EnumerateArray().Single();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Start + 36000), job.GetProperty("earliest_start").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Start + 50400), job.GetProperty("latest_start").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Start + 3600), job.GetProperty("registered").GetDateTimeOffset());
        Assert.Contains(created.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("template 89", StringComparison.Ordinal));

        // a jobs XML naming a device the neighbourhood lacks is refused naming the file, line and device
        using var bad = new MultipartFormDataContent
        {
            { new ByteArrayContent(layout), "neighbourhood", "neighborhood.xml" },
            { new StringContent(jobs.Replace("<id>123</id>", "<id>999</id>", StringComparison.Ordinal)), "jobs", "jobs.xml" },
        };
        using var refused = server.Send(HttpMethod.Post, "/api/neighbourhoods/from-xml", bad);
        var problem = JsonDocument.Parse(ServerProcess.Text(refused)).RootElement;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(("jobs.xml", 4, "999"), (problem.GetProperty("file").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("element_id").GetString()));
        using var malformed = new ByteArrayContent("<neighborhood id=\"1\"><house"u8.ToArray());
        malformed.Headers.ContentType = new("application/xml");
        using var refusedXml = server.Send(HttpMethod.Post, "/api/neighbourhoods/from-xml", malformed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedXml.StatusCode);
        Assert.Contains("neighbourhood.xml", ServerProcess.Text(refusedXml), StringComparison.Ordinal);
        Assert.Equal(1, server.GetJson("/api/neighbourhoods").GetProperty("neighbourhoods").GetArrayLength());
    }

    [Fact]
    public void Every_bad_document_of_the_corpus_is_a_422_naming_its_house_device_job_and_field_and_nothing_is_stored()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var cases = NeighbourhoodRequestCases.Requests().ToList();
        Assert.True(cases.Count >= 25, $"{cases.Count} cases");
        foreach (var c in cases)
        {
            foreach (var path in (string[])["/api/neighbourhoods", "/api/neighbourhoods/validate"])
            {
                var (status, problem, type) = server.Post(path, Encoding.UTF8.GetBytes(c.Body));
                Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{c.Name} at {path}: {(int)status} {problem}");
                Assert.Equal("application/problem+json", type);
                var detail = problem.GetProperty("detail").GetString()!;
                foreach (var words in c.Expect)
                {
                    Assert.True(detail.Contains(words, StringComparison.Ordinal), $"{c.Name}: '{words}' not in '{detail}'");
                }

                if (c.Path is null)
                {
                    continue;
                }

                var first = problem.GetProperty("errors")[0];
                string? Text(string name) => first.GetProperty(name).ValueKind == JsonValueKind.Null ? null : first.GetProperty(name).GetString();
                int? Job() => first.GetProperty("job").ValueKind == JsonValueKind.Null ? null : first.GetProperty("job").GetInt32();
                Assert.True((c.Path, c.House, c.Device, c.Job) == (Text("path"), Text("house"), Text("device"), Job()), $"{c.Name}: {first}");
                Assert.Equal(c.Path.Split('.')[^1], Text("field"));
                Assert.Equal(c.Path, problem.GetProperty("field").GetString());
            }
        }

        Assert.Equal(0, server.GetJson("/api/neighbourhoods").GetProperty("neighbourhoods").GetArrayLength());
        Assert.Equal(0, server.GetJson("/api/scenarios").GetProperty("scenarios").GetArrayLength());
        using var content = new StringContent(NeighbourhoodRequestCases.TwoHouses, Encoding.UTF8, "application/json");
        using var put = server.Send(HttpMethod.Put, "/api/neighbourhoods/nothing-here", content);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        server.GetJson("/api/neighbourhoods/nothing-here/esdl", HttpStatusCode.NotFound);
        server.GetJson("/api/neighbourhoods/NOT..an:id", HttpStatusCode.NotFound);

        var paths = server.GetJson("/openapi/v1.json").GetProperty("paths");
        foreach (var path in (string[])["/api/neighbourhoods", "/api/neighbourhoods/from-xml", "/api/neighbourhoods/validate", "/api/neighbourhoods/{neighbourhoodId}", "/api/neighbourhoods/{neighbourhoodId}/versions/{version}", "/api/neighbourhoods/{neighbourhoodId}/pyssmic.zip", "/api/neighbourhoods/{neighbourhoodId}/esdl"])
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} not in the OpenAPI document");
        }

        // a valid document validates with its counts and warnings
        var (ok, valid, _) = server.Post("/api/neighbourhoods/validate", Encoding.UTF8.GetBytes(NeighbourhoodRequestCases.TwoHouses));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal((2, 7, 2), (valid.GetProperty("counts").GetProperty("houses").GetInt32(), valid.GetProperty("counts").GetProperty("devices").GetInt32(), valid.GetProperty("counts").GetProperty("jobs").GetInt32()));
    }

    internal static JsonElement Create(ServerProcess server, string document)
    {
        var (status, created, _) = server.Post("/api/neighbourhoods", Encoding.UTF8.GetBytes(document));
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {created}");
        return created;
    }

    internal static JsonElement WaitRun(ServerProcess server, string id, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = server.GetJson($"/api/runs/{id}");
            if (run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not end in {seconds} s: {run}");
            Thread.Sleep(250);
        }
    }
}
