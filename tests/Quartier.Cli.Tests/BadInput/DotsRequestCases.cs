using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: DOTS simulation requests (<c>.json</c> with <c>esdl_base64string</c>) given to <c>quartier run</c> and
/// <c>quartier validate</c> — wrong JSON shapes, member types, ranges, base64 and the ESDL inside — each refused
/// naming the file, the member's line and the member.
/// </summary>
[CorpusSection]
internal static class DotsRequestCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = CorpusInputs.Esdl;
        string Request(string startDate = "\"2020-08-11 00:00:00\"", string duration = "216000", string name = "\"corpus\"") => CorpusInputs.DotsRequest(esdl, startDate, duration, name);

        foreach (var command in new[] { "run", "validate" })
        {
            string[] Args() => command == "run" ? ["run", "{dir}/request.json", "--db", "{db}"] : ["validate", "{dir}/request.json"];
            BadInputCase Case(string name, string content, params string[] expect) => BadInputCase.Of(command, "DOTS request: " + name, Args(), expect, ("request.json", content));

            yield return Case("duration is a word", Request(duration: "\"long\""), "request.json:1", "'simulation_duration_in_seconds' is the text \"long\"", "whole number of seconds");
            yield return Case("top level is an array", $"[{Request()}]", "request.json:1", "the top level here is an array");
            yield return Case("duration of 10^15 s", Request(duration: "1000000000000000"), "request.json:1", "'simulation_duration_in_seconds' = 1e15", "[1 … 3.2e8] s");
            yield return Case("duration of 1e15 s", Request(duration: "1e15"), "'simulation_duration_in_seconds' = 1e15", "outside");
            yield return Case("duration of 1.5 s", Request(duration: "1.5"), "'simulation_duration_in_seconds' = 1.5 is not a whole number of seconds");
            yield return Case("negative duration", Request(duration: "-3600"), "'simulation_duration_in_seconds' = -3600", "[1 … 3.2e8] s");
            yield return Case("duration of zero", Request(duration: "0"), "'simulation_duration_in_seconds' = 0");
            yield return Case("start date malformed", Request(startDate: "\"the 11th of August\""), "'start_date' = 'the 11th of August' is not a date-time");
            yield return Case("esdl not base64", "{\"esdl_base64string\": \"this is not base64!\"}", "request.json:1", "'esdl_base64string' is not valid base64");
        }

        string[] V() => ["validate", "{dir}/request.json"];
        BadInputCase Validate(string name, string content, params string[] expect) => BadInputCase.Of("validate", "DOTS request: " + name, V(), expect, ("request.json", content));

        string Services(string services) => CorpusInputs.DotsRequest(esdl).Replace("\"calculation_services\": []", $"\"calculation_services\": {services}", StringComparison.Ordinal);
        yield return Validate("services not an array", Services("{\"esdl_type\": \"PVInstallation\"}"), "request.json:1", "'calculation_services' is an object");
        yield return Validate("service without esdl_type", Services("[{\"calc_service_name\": \"pv\"}]"), "'calculation_services[0].esdl_type' is missing");
        yield return Validate("service esdl_type a number", Services("[{\"esdl_type\": 7, \"calc_service_name\": \"pv\"}]"), "'calculation_services[0].esdl_type' is the number 7");
        yield return Validate("service of an unknown type", Services("[{\"esdl_type\": \"GasHeater\", \"calc_service_name\": \"gas\"}]"), "request.json", "esdl_type 'GasHeater' (service 'gas') has no built-in service", "calculation_services[0].esdl_type");
        yield return Validate("negative nr_of_models", Services("[{\"esdl_type\": \"PVInstallation\", \"calc_service_name\": \"pv\", \"nr_of_models\": -2}]"), "'calculation_services[0].nr_of_models' is the number -2");
        yield return Validate("env variable without a name", Services("[{\"esdl_type\": \"PVInstallation\", \"calc_service_name\": \"pv\", \"additional_env_variable\": [{\"value\": 1}]}]"), "'calculation_services[0].additional_env_variable' holds an object");
        yield return Validate("unknown log level", CorpusInputs.DotsRequest(esdl).Replace("{\"name\"", "{\"log_level\": \"chatty\", \"name\"", StringComparison.Ordinal), "'log_level' is the text \"chatty\"; allowed: debug, info, warning, error");
        yield return Validate("negative keep_logs_hours", CorpusInputs.DotsRequest(esdl).Replace("{\"name\"", "{\"keep_logs_hours\": -1, \"name\"", StringComparison.Ordinal), "'keep_logs_hours' is the number -1");
        yield return Validate("duration text not a number", Request(duration: "\"86400s\""), "'simulation_duration_in_seconds' is the text \"86400s\"");
        yield return Validate("duration is true", Request(duration: "true"), "'simulation_duration_in_seconds' is true/false");
        yield return Validate("duration is an object", Request(duration: "{\"s\": 1}"), "'simulation_duration_in_seconds' is an object");
        yield return Validate("duration of eleven years", Request(duration: "347000000"), "'simulation_duration_in_seconds' = 3.47e8", "[1 … 3.2e8] s");
        yield return Validate("start date a number", Request(startDate: "20200811"), "'start_date' is the number 20200811");
        yield return Validate("start date in 1066", Request(startDate: "\"1066-10-14 09:00:00\""), "'start_date' = 1066-10-14 09:00:00 is outside the accepted dates");
        yield return Validate("start date in 9999", Request(startDate: "\"9999-12-31 23:59:59\""), "'start_date'", "outside the accepted dates");
        yield return Validate("start date 30 February", Request(startDate: "\"2020-02-30 00:00:00\""), "'start_date' = '2020-02-30 00:00:00' is not a date-time");
        yield return Validate("name a number", Request(name: "42"), "'name' is the number 42, expected a text");
        yield return Validate("name over several lines", Request(name: "\"a\\nb\""), "'name' must be one line");
        yield return Validate("top level a string", "\"esdl_base64string\"", "request.json:1", "the top level here is the text");
        yield return Validate("top level null", "null", "request.json:1", "the top level here is null");
        yield return Validate("no esdl member", "{\"name\": \"x\", \"start_date\": \"2020-08-11 00:00:00\"}", "request.json:1", "no 'esdl_base64string' member");
        yield return Validate("esdl member a number", "{\n  \"name\": \"x\",\n  \"esdl_base64string\": 12345\n}", "request.json:3", "'esdl_base64string' is the number 12345");
        yield return Validate("esdl member empty", "{\n  \"esdl_base64string\": \"\"\n}", "request.json:2", "'esdl_base64string' is empty");
        yield return Validate("esdl not UTF-8", EsdlCorpusInputs.DotsRequestOfBytes([0x3C, 0x3F, 0x78, 0xFF, 0xFE, 0x00, 0x41]), "request.json#esdl_base64string:1", "invalid UTF-8");
        yield return Validate("esdl not XML", EsdlCorpusInputs.DotsRequestOfBytes(Encoding.UTF8.GetBytes("hello, world")), "request.json#esdl_base64string:1", "malformed XML");
        yield return Validate("esdl with a negative capacity", CorpusInputs.DotsRequest(CorpusInputs.EsdlWith("capacity=\"5000.0\"", "capacity=\"-5000.0\"")), "request.json#esdl_base64string:1015", "'capacity' = -5000");
        yield return Validate("esdl with a DTD", CorpusInputs.DotsRequest("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<x>&a;</x>"), "request.json#esdl_base64string:2", "DTD");
        yield return Validate("malformed JSON", "{\"esdl_base64string\": \"abc\",,}", "request.json:1", "malformed JSON");
        yield return Validate("truncated JSON", Request()[..200], "request.json:1", "malformed JSON");
        yield return Validate("JSON nested 5000 deep", string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)), "request.json:1", "exceeds the limit of 64 levels", "QUARTIER_MAX_JSON_DEPTH");
        yield return BadInputCase.Of("validate", "DOTS request: not UTF-8", V(), ["request.json:1", "invalid UTF-8"], ("request.json", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]));
        yield return Validate("empty file", string.Empty, "request.json", "malformed JSON");
    }
}
