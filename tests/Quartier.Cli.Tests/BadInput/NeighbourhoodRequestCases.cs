using System.Text.Json.Nodes;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: neighbourhood documents the editor's API refuses (posted by <c>NeighbourhoodsApiTests</c> to
/// <c>/api/neighbourhoods</c> and <c>/validate</c>): malformed or mistyped JSON, and every kind of element error, each a
/// 422 problem whose first error names the house, device, job (0-based) and field. Nothing is stored.
/// </summary>
internal static class NeighbourhoodRequestCases
{
    /// <summary>The two-house neighbourhood the tests build: base loads, PV, a washing machine, a battery, an EV, a heat pump.</summary>
    public const string TwoHouses = """
        {"name": "Two houses", "start": "2026-06-01T00:00:00Z", "days": 1, "latitude": 47.66, "longitude": 9.18,
         "houses": [
          {"id": "1", "name": "Rosen", "devices": [
            {"id": "base", "kind": "base_load", "daily_kwh": 6},
            {"id": "pv", "kind": "pv", "peak_w": 4000, "tilt_deg": 30, "azimuth_deg": 180},
            {"id": "wash", "kind": "appliance", "power_w": 2000, "duration_min": 90,
             "jobs": [{"earliest_start": "2026-06-01T08:00:00Z", "latest_start": "2026-06-01T15:00:00Z"}]},
            {"id": "bat", "kind": "battery", "capacity_wh": 10000, "power_w": 3000}]},
          {"id": "2", "devices": [
            {"id": "base", "kind": "base_load", "daily_kwh": 4},
            {"id": "ev", "kind": "ev", "capacity_wh": 50000, "power_w": 7400, "initial_soc": 0.3, "target_soc": 0.8,
             "arrival": "2026-06-01T09:00:00Z", "departure": "2026-06-01T17:00:00Z"},
            {"id": "hp", "kind": "heat_pump", "power_w": 2500, "duration_min": 60, "cop": 3.5,
             "jobs": [{"earliest_start": "2026-06-01T10:00:00Z", "latest_start": "2026-06-01T16:00:00Z"}]}]}]}
        """;

    public static IEnumerable<NeighbourhoodRequestCase> Requests()
    {
        NeighbourhoodRequestCase Text(string name, string body, params string[] expect) => new(name, body, null, null, null, null, expect);
        NeighbourhoodRequestCase Element(string name, Action<JsonNode> change, string path, string? house, string? device, int? job, params string[] expect)
        {
            var doc = JsonNode.Parse(TwoHouses)!;
            change(doc);
            return new(name, doc.ToJsonString(), path, house, device, job, expect);
        }

        JsonNode House(JsonNode d, int h) => d["houses"]![h]!;
        JsonNode Device(JsonNode d, int h, int i) => d["houses"]![h]!["devices"]![i]!;

        yield return Text("empty body", string.Empty, "has no body");
        yield return Text("malformed JSON", "{\"name\": \"x\", \"houses\": [", "malformed JSON");
        yield return Text("a list", "[1, 2]", "must be a JSON object");
        yield return Text("unknown field", TwoHouses.Replace("\"days\": 1,", "\"days\": 1, \"colour\": \"red\",", StringComparison.Ordinal), "colour");
        yield return Text("unknown device kind", TwoHouses.Replace("\"kind\": \"battery\"", "\"kind\": \"fridge\"", StringComparison.Ordinal), "kind");
        yield return Text("start not a time", TwoHouses.Replace("\"start\": \"2026-06-01T00:00:00Z\"", "\"start\": \"soon\"", StringComparison.Ordinal), "start");
        yield return Element("no houses", d => d["houses"] = new JsonArray(), "houses", null, null, null, "has no houses");
        yield return Element("days 0", d => d["days"] = 0, "days", null, null, null, "days 0 must be 1 … 366");
        yield return Element("start in 1990", d => d["start"] = "1990-01-01T00:00:00Z", "start", null, null, null, "must be in 2000 … 2099");
        yield return Element("latitude 100", d => d["latitude"] = 100, "latitude", null, null, null, "latitude 100 must be -90 … 90");
        yield return Element("two houses with one id", d => House(d, 1)["id"] = "1", "houses[1].id", "1", null, null, "used by another house");
        yield return Element("house id with a colon", d => House(d, 0)["id"] = "1:2", "houses[0].id", "1:2", null, null, "letters, digits");
        yield return Element("devices null", d => House(d, 1)["devices"] = null, "houses[1].devices", "2", null, null, "devices must be a list");
        yield return Element("two devices with one id", d => Device(d, 0, 1)["id"] = "base", "houses[0].devices[1].id", "1", "base", null, "used by another device");
        yield return Element("latest start before the earliest", d => Device(d, 0, 2)["jobs"]![0]!["latest_start"] = "2026-06-01T07:00:00Z", "houses[0].devices[2].jobs[0].latest_start", "1", "wash", 0, "house 1, appliance wash, job 1", "before the earliest start");
        yield return Element("earliest start before the span", d => Device(d, 0, 2)["jobs"]![0]!["earliest_start"] = "2026-05-31T22:00:00Z", "houses[0].devices[2].jobs[0].earliest_start", "1", "wash", 0, "outside the neighbourhood's time span");
        yield return Element("run ends after the span", d => Device(d, 0, 2)["jobs"]![0]!["latest_start"] = "2026-06-01T23:00:00Z", "houses[0].devices[2].jobs[0].latest_start", "1", "wash", 0, "lasts 90 min", "ends after");
        yield return Element("registered after the latest start", d => Device(d, 1, 2)["jobs"]![0]!["registered"] = "2026-06-01T17:00:00Z", "houses[1].devices[2].jobs[0].registered", "2", "hp", 0, "heat pump hp", "not after the latest start");
        yield return Element("appliance without power", d => Device(d, 0, 2).AsObject().Remove("power_w"), "houses[0].devices[2].power_w", "1", "wash", null, "power_w is required");
        yield return Element("profile not from zero", d => Device(d, 0, 2)["profile"] = "60 0\n120 50", "houses[0].devices[2].profile", "1", "wash", null, "starts at 0 s");
        yield return Element("profile falls", d => Device(d, 0, 2)["profile"] = "0 0\n60 50\n120 40", "houses[0].devices[2].profile", "1", "wash", null, "line 3", "must not decrease");
        yield return Element("PV without size", d => Device(d, 0, 1).AsObject().Remove("peak_w"), "houses[0].devices[1].peak_w", "1", "pv", null, "peak_w is required");
        yield return Element("PV tilt 120", d => Device(d, 0, 1)["tilt_deg"] = 120, "houses[0].devices[1].tilt_deg", "1", "pv", null, "tilt_deg 120 is outside 0 … 90");
        yield return Element("five predictions", d => Device(d, 0, 1)["predictions"] = new JsonArray([.. Enumerable.Range(0, 5).Select(i => (JsonNode)new JsonObject { ["issued_at"] = $"2026-06-01T0{i}:00:00Z", ["data"] = "1780272000 0\n1780275600 10" })]), "houses[0].devices[1].predictions", "1", "pv", null, "5 predictions; at most 4");
        yield return Element("prediction falls", d => Device(d, 0, 1)["predictions"] = new JsonArray(new JsonObject { ["issued_at"] = "2026-06-01T00:00:00Z", ["data"] = "1780272000 100\n1780275600 10" }), "houses[0].devices[1].predictions[0].data", "1", "pv", null, "prediction 1", "must not decrease");
        yield return Element("prediction in milliseconds", d => Device(d, 0, 1)["predictions"] = new JsonArray(new JsonObject { ["issued_at"] = "2026-06-01T00:00:00Z", ["data"] = "1780272000000 0\n1780275600000 10" }), "houses[0].devices[1].predictions[0].data", "1", "pv", null, "UNIX seconds in 2000 … 2099");
        yield return Element("prediction at fractional seconds", d => Device(d, 0, 1)["predictions"] = new JsonArray(new JsonObject { ["issued_at"] = "2026-06-01T00:00:00Z", ["data"] = "1780272000.5 0\n1780275600 10" }), "houses[0].devices[1].predictions[0].data", "1", "pv", null, "whole UNIX seconds");
        yield return Element("prediction issued after the span", d => Device(d, 0, 1)["predictions"] = new JsonArray(new JsonObject { ["issued_at"] = "2026-06-03T00:00:00Z", ["data"] = "1780272000 0\n1780275600 10" }), "houses[0].devices[1].predictions[0].issued_at", "1", "pv", null, "outside the neighbourhood's time span");
        yield return Element("EV target out of reach", d => Device(d, 1, 1)["departure"] = "2026-06-01T10:00:00Z", "houses[1].devices[1].target_soc", "2", "ev", null, "takes 3.38 h at 7400 W", "longer than the 1 h");
        yield return Element("EV leaves before it arrives", d => Device(d, 1, 1)["departure"] = "2026-06-01T08:00:00Z", "houses[1].devices[1].departure", "2", "ev", null, "must be after the arrival");
        yield return Element("base load of -5 kWh", d => Device(d, 1, 0)["daily_kwh"] = -5, "houses[1].devices[0].daily_kwh", "2", "base", null, "daily_kwh -5 is outside");
        yield return Element("battery with jobs", d => Device(d, 0, 3)["jobs"] = new JsonArray(new JsonObject { ["earliest_start"] = "2026-06-01T08:00:00Z", ["latest_start"] = "2026-06-01T09:00:00Z" }), "houses[0].devices[3].jobs", "1", "bat", null, "a battery has no jobs");
        yield return Element("battery capacity 0", d => Device(d, 0, 3)["capacity_wh"] = 0, "houses[0].devices[3].capacity_wh", "1", "bat", null, "capacity_wh 0 is outside");
    }
}

/// <summary>
/// A neighbourhood document the API must refuse with a 422. <see cref="Path"/>, <see cref="House"/>, <see cref="Device"/>
/// and <see cref="Job"/> are what its first error must name (null: a document error, named by <c>detail</c> only).
/// </summary>
internal sealed record NeighbourhoodRequestCase(string Name, string Body, string? Path, string? House, string? Device, int? Job, string[] Expect);
