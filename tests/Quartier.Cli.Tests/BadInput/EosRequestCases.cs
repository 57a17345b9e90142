namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: the EOS-compatible API. <see cref="Cases"/> are EOS configuration files <c>quartier serve --eos-config</c>
/// refuses before it listens; <see cref="Requests"/> are bad requests the running server answers with RFC 7807 problems
/// (posted by <c>EosApiTests</c> to a server configured with battery1, ev1, inverter1 and dishwasher1).
/// </summary>
[CorpusSection]
internal static class EosRequestCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        string[] Serve() => ["serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:{db}", "--eos-urls", "http://127.0.0.1:0", "--eos-config", "{dir}/EOS.config.json"];
        BadInputCase Config(string name, string content, params string[] expect) => BadInputCase.Of("serve", "EOS config: " + name, Serve(), expect, ("EOS.config.json", content));

        yield return Config("malformed JSON", "{\n  \"general\": {\"latitude\": 52.5,\n", "EOS.config.json", "malformed JSON");
        yield return Config("a list", "[1, 2]", "EOS.config.json", "must be a JSON object, not a list");
        yield return Config("unknown section", "{\"colour\": \"red\"}", "EOS.config.json", "colour is not an EOS setting");
        yield return Config("unknown key", "{\"ems\": {\"intervall\": 60}}", "ems.intervall is not an EOS setting", "startup_delay, interval, mode");
        yield return Config("latitude a word", "{\"general\": {\"latitude\": \"north\"}}", "general.latitude must be a number");
        yield return Config("latitude 100", "{\"general\": {\"latitude\": 100}}", "general.latitude 100 is outside -90 … 90");
        yield return Config("optimisation interval 10 min", "{\"optimization\": {\"interval\": 600}}", "optimization.interval 600 is not supported", "900", "3600");
        yield return Config("unknown EMS mode", "{\"ems\": {\"mode\": \"AUTOPILOT\"}}", "ems.mode \"AUTOPILOT\" is unknown", "OPTIMIZATION");
        yield return Config("battery capacity negative", "{\"devices\": {\"batteries\": [{\"device_id\": \"b1\", \"capacity_wh\": -5}]}}", "devices.batteries[0].capacity_wh must be positive");
        yield return Config("battery with an unknown setting", "{\"devices\": {\"batteries\": [{\"device_id\": \"b1\", \"colour\": 1}]}}", "devices.batteries[0].colour is not an EOS device setting");
        yield return Config("inverter without its battery", "{\"devices\": {\"inverters\": [{\"device_id\": \"i1\", \"battery_id\": \"nope\"}]}}", "inverter 'i1' refers to battery 'nope'");
        yield return Config("appliance without duration", "{\"devices\": {\"home_appliances\": [{\"device_id\": \"dw\", \"consumption_wh\": 2000}]}}", "devices.home_appliances[0].duration_h is required");
        yield return Config("plane with an unknown setting", "{\"pvforecast\": {\"planes\": [{\"peakpower\": 5, \"tilt\": 30}]}}", "pvforecast.planes[0].tilt is not an EOS plane setting");
    }

    /// <summary>Bad requests to the EOS API with the status and the fragments of <c>detail</c> they must get.</summary>
    public static IEnumerable<EosRequestCase> Requests()
    {
        EosRequestCase Put(string name, string path, string? body, int status, params string[] expect) => new(name, HttpMethod.Put, path, body, status, expect);
        EosRequestCase Get(string name, string path, int status, params string[] expect) => new(name, HttpMethod.Get, path, null, status, expect);
        EosRequestCase Post(string name, string path, string? body, int status, params string[] expect) => new(name, HttpMethod.Post, path, body, status, expect);
        const string Status = "/v1/resource/status?resource_id=battery1";

        yield return Put("config malformed JSON", "/v1/config", "{\"general\": {\"latitude\": 5", 422, "malformed JSON at line 1");
        yield return Put("config empty body", "/v1/config", null, 422, "the request has no body");
        yield return Put("config unknown section", "/v1/config", "{\"colour\": 1}", 422, "colour is not an EOS setting");
        yield return Put("config a list", "/v1/config", "[]", 422, "the settings must be a JSON object, not a list");
        yield return Get("config unknown path", "/v1/config/general/colour", 404, "configuration path 'general/colour' does not exist");
        yield return Put("config set unknown path", "/v1/config/general/colour", "1", 400, "configuration path 'general/colour' does not exist");
        yield return Put("config set beyond a list", "/v1/config/devices/batteries/7/capacity_wh", "1", 400, "does not exist (at '7')");
        yield return Put("config latitude a word", "/v1/config/general/latitude", "\"north\"", 422, "general.latitude must be a number");
        yield return Put("config latitude 100", "/v1/config/general/latitude", "100", 422, "general.latitude 100 is outside -90 … 90");
        yield return Put("config negative capacity", "/v1/config/devices/batteries/0/capacity_wh", "-5", 422, "devices.batteries[0].capacity_wh must be positive");
        yield return Put("config unknown device key", "/v1/config", "{\"devices\": {\"batteries\": [{\"device_id\": \"b\", \"colour\": 1}]}}", 422, "devices.batteries[0].colour is not an EOS device setting");
        yield return Put("status malformed JSON", Status, "{\"type\": \"FRBCStorageStatus\",", 422, "status document is not valid JSON");
        yield return Put("status of an unknown type", Status, "{\"type\": \"FRBCFillLevel\", \"present_fill_level\": 1}", 422, "unknown status type 'FRBCFillLevel'", "FRBCStorageStatus");
        yield return Put("status without type", Status, "{\"present_fill_level\": 1}", 422, "has no 'type'");
        yield return Put("status factor 1.5", Status, "{\"type\": \"FRBCActuatorStatus\", \"active_operation_mode_id\": \"IDLE\", \"operation_mode_factor\": \"1.5\"}", 422, "operation_mode_factor: 1.5 is outside 0..1");
        yield return Put("status fill level 88", Status, "{\"type\": \"FRBCStorageStatus\", \"present_fill_level\": 88}", 422, "fill level 88 is outside the storage range 0..1");
        yield return Put("status of another control type", Status, "{\"type\": \"OMBCStatus\", \"active_operation_mode_id\": \"ON\", \"operation_mode_factor\": 1}", 422, "resource 'battery1'", "does not apply");
        yield return Put("status unknown battery mode", Status, "{\"type\": \"FRBCActuatorStatus\", \"active_operation_mode_id\": \"TURBO\", \"operation_mode_factor\": 1}", 422, "no operation mode 'TURBO'");
        yield return Put("status of a timer the battery lacks", Status, "{\"type\": \"FRBCTimerStatus\", \"actuator_id\": \"battery\", \"timer_id\": \"MIN_DWELL\", \"finished_at\": \"2025-07-25T12:05:00Z\"}", 422, "actuator 'battery' has no timer 'MIN_DWELL'");
        yield return Put("status sequence state unknown", "/v1/resource/status?resource_id=dishwasher1", "{\"type\": \"PPBCPowerProfileStatus\", \"sequence_container_status\": [{\"power_profile_id\": \"p\", \"sequence_container_id\": \"c\", \"status\": \"DONE\"}]}", 422, "status 'DONE' is unknown", "FINISHED");
        yield return Get("status never reported", "/v1/resource/status?resource_id=ev1", 404, "no status of resource 'ev1'");
        yield return Put("measurement unknown key", "/v1/measurement/value?datetime=2025-07-25T12:00:00Z&key=nope&value=1", null, 404, "measurement key 'nope' is not available", "battery1-soc-factor");
        yield return Put("measurement value a word", "/v1/measurement/value?datetime=2025-07-25T12:00:00Z&key=battery1-soc-factor&value=lots", null, 422, "value 'lots' is not a finite number");
        yield return Put("measurement datetime malformed", "/v1/measurement/value?datetime=25.07.2025&key=battery1-soc-factor&value=1", null, 422, "datetime '25.07.2025' is not a date-time");
        yield return Put("measurement lists of unequal length", "/v1/measurement/data", "{\"battery1-soc-factor\": [0.1, 0.2], \"battery1-power-l1-w\": [1]}", 422, "'battery1-power-l1-w' has 1 values but the other lists have 2");
        yield return Put("measurement frame with an unknown key", "/v1/measurement/dataframe", "{\"data\": {\"2025-07-25T12:00:00Z\": {\"nope\": 1}}}", 404, "measurement key 'nope' not available");
        yield return Put("measurement series value a word", "/v1/measurement/series?key=battery1-soc-factor", "{\"data\": {\"2025-07-25T12:00:00Z\": \"full\"}}", 422, "data['2025-07-25T12:00:00Z'] is a text \"full\", not a finite number");
        yield return Put("import into a provider that does not import", "/v1/prediction/import/LoadAkkudoktor", "{\"loadforecast_power_w\": [1]}", 404, "provider 'LoadAkkudoktor' does not import data");
        yield return Put("import without a key of the provider", "/v1/prediction/import/ElecPriceImport", "{\"load_mean\": [1, 2]}", 422, "no key of ElecPriceImport in the data (load_mean)", "elecprice_marketprice_wh");
        yield return Put("import with nothing to import", "/v1/prediction/import/PVForecastImport", null, 422, "nothing to import");
        yield return Get("prediction unknown key", "/v1/prediction/series?key=nope", 404, "prediction key 'nope' is not available");
        yield return Get("prediction interval not understood", "/v1/prediction/list?key=pvforecast_ac_power&interval=fortnightly", 422, "interval 'fortnightly' is not understood");
        yield return Post("optimise without predictions", "/v1/optimize", null, 422, "no load prediction");
        yield return Get("plan before any", "/v1/energy-management/plan", 404, "no energy-management plan yet");
        yield return Post("legacy optimise malformed JSON", "/optimize?start_hour=10", "{\"ems\": ", 422, "malformed JSON");
        yield return Post("legacy optimise without ems", "/optimize?start_hour=10", "{\"pv_akku\": null}", 422, "ems");
        yield return Put("config revert to an unknown backup", "/v1/config/revert?backup_id=20000101000000", null, 400, "configuration backup '20000101000000' not found");
        yield return Put("config revert to a path", "/v1/config/revert?backup_id=..%2F..%2Fetc%2Fpasswd", null, 422, "backup id '../../etc/passwd' is malformed");
        yield return Get("log level unknown", "/v1/logging/log?level=LOUD", 422, "level 'LOUD' is not a log level", "WARNING");
        yield return Get("log regex malformed", "/v1/logging/log?regex=(", 422, "regex '(' is not a regular expression");
        yield return Get("log from_time malformed", "/v1/logging/log?from_time=yesterday", 422, "from_time 'yesterday' is not a date-time");
        yield return Get("log limit negative", "/v1/logging/log?limit=-1", 422, "limit -1 must be ≥ 0");
        yield return Get("strompreis without a price forecast", "/strompreis", 404, "no electricity price forecast", "ElecPriceImport");
        yield return Get("gesamtlast_simple without year_energy", "/gesamtlast_simple", 422, "year_energy (Wh a year) is required");
        yield return Get("gesamtlast_simple negative year_energy", "/gesamtlast_simple?year_energy=-5", 422, "year_energy (Wh a year) is required and must be a number ≥ 0, not -5");
        yield return Get("gesamtlast_simple without EOS's load profile", "/gesamtlast_simple?year_energy=4000000", 422, "needs EOS's yearly load profile", "load_profiles_yearly_366x24.csv");
        yield return Post("gesamtlast without measured_data", "/gesamtlast", "{\"year_energy\": 4000, \"hours\": 48}", 422, "measured_data must be a list of {time, Last}, not null");
        yield return Post("gesamtlast without hours", "/gesamtlast", "{\"year_energy\": 4000, \"measured_data\": []}", 422, "hours is required");
        yield return Post("gesamtlast measured time malformed", "/gesamtlast", "{\"year_energy\": 4000, \"hours\": 48, \"measured_data\": [{\"time\": \"soon\", \"Last\": 1}]}", 422, "measured_data[0].time 'soon' is not a date-time");
        yield return Post("gesamtlast measured value a word", "/gesamtlast", "{\"year_energy\": 4000, \"hours\": 48, \"measured_data\": [{\"time\": \"2025-07-25T12:00:00Z\", \"Last\": \"much\"}]}", 422, "measured_data[0].Last (Wh in the hour) must be a number");
        yield return Get("pvforecast without a PV forecast", "/pvforecast", 404, "no PV forecast", "PVForecastQuartier");
        yield return Get("PDF before any optimisation", "/visualization_results.pdf", 404, "No visualization result available");
        yield return Post("legacy optimise start hour 99", "/optimize?start_hour=99", File.ReadAllText(Cli.Reference("eos/optimize_input_2.json")), 422, "start hour 99 is outside 0…47");
    }
}

/// <summary>One bad request to the EOS API, the status it must get and fragments of the problem's <c>detail</c>.</summary>
internal sealed record EosRequestCase(string Name, HttpMethod Method, string Path, string? Body, int Status, string[] Expect);
