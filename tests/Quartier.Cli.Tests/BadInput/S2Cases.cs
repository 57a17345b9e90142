namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: S2 messages (<c>quartier s2 validate</c>, and posted to <c>/api/s2/resources/…/instructions</c> by the S2 server
/// test) and the options of <c>quartier s2 rm</c> and <c>quartier serve --s2-*</c>.
/// </summary>
[CorpusSection]
internal static class S2Cases
{
    public const string Command = "s2 validate";

    private const string Instruction = """{"message_type":"FRBC.Instruction","message_id":"m-1","id":"i-1","actuator_id":"battery","operation_mode":"IDLE","operation_mode_factor":0,"execution_time":"2026-06-01T10:00:00Z","abnormal_condition":false}""";

    public static IEnumerable<BadInputCase> Cases()
    {
        string[] Validate(string file) => ["s2", "validate", "{dir}/" + file];
        yield return BadInputCase.Of(Command, "malformed S2 JSON", Validate("m.json"), ["m.json:2", "malformed JSON"], ("m.json", "{\"message_type\": \"FRBC.Instruction\",\n  \"message_id\": }"));
        yield return BadInputCase.Of(Command, "not JSON at all", Validate("m.json"), ["m.json:1", "malformed JSON"], ("m.json", "hello, S2"));
        yield return BadInputCase.Of(Command, "unknown message type", Validate("m.json"), ["m.json:1", "INVALID_MESSAGE", "unknown message_type 'FRBC.Wish'", "FRBC.Instruction"], ("m.json", """{"message_type":"FRBC.Wish","message_id":"m-1"}"""));
        yield return BadInputCase.Of(Command, "no message_id", Validate("m.json"), ["m.json:1", "INVALID_DATA", "no message_id"], ("m.json", """{"message_type":"PowerMeasurement","measurement_timestamp":"2026-06-01T10:00:00Z","values":[]}"""));
        yield return BadInputCase.Of(Command, "instruction without its factor", Validate("m.jsonl"), ["m.jsonl:2", "INVALID_MESSAGE", "missing required property 'operation_mode_factor'", "(2 of 3 messages invalid)"],
            ("m.jsonl", Instruction + "\n" + Instruction.Replace(",\"operation_mode_factor\":0", string.Empty, StringComparison.Ordinal) + "\n" + Instruction.Replace("2026-06-01T10:00:00Z", "tomorrow", StringComparison.Ordinal) + "\n"));
        yield return BadInputCase.Of(Command, "factor above 1", Validate("m.json"), ["m.json:1", "INVALID_CONTENT", "operation_mode_factor"], ("m.json", Instruction.Replace("\"operation_mode_factor\":0", "\"operation_mode_factor\":1.5", StringComparison.Ordinal)));
        yield return BadInputCase.Of(Command, "a date that is not RFC 3339", Validate("m.json"), ["m.json:1", "INVALID_MESSAGE", "$.execution_time", "is not a valid date-time"], ("m.json", Instruction.Replace("2026-06-01T10:00:00Z", "2026-06-01 10:00", StringComparison.Ordinal)));

        string[] Rm(params string[] args) => ["s2", "rm", .. args];
        yield return BadInputCase.Of("s2 rm", "unknown device", Rm("--device", "toaster", "--connect", "ws://127.0.0.1:9/s2/ws"), ["--device", "unknown device 'toaster'", "battery, ev, heatpump, appliance, pv, generator"]);
        yield return BadInputCase.Of("s2 rm", "not a WebSocket address", Rm("--device", "pv", "--connect", "http://127.0.0.1:9/s2/ws"), ["--connect", "is not a WebSocket address"]);
        yield return BadInputCase.Of("s2 rm", "speed zero", Rm("--device", "pv", "--connect", "ws://127.0.0.1:9/s2/ws", "--speed", "0"), ["--speed 0 must be 0.001"]);
        yield return BadInputCase.Of("s2 rm", "no device", Rm("--connect", "ws://127.0.0.1:9/s2/ws"), ["--device"]);
        yield return BadInputCase.Of("s2 rm", "CEM unreachable", Rm("--device", "pv", "--connect", "ws://127.0.0.1:9/s2/ws"), ["cannot open an S2 WebSocket to ws://127.0.0.1:9/s2/ws"]) with { ExitCode = 1 };

        string[] Serve(params string[] args) => ["serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:{db}", .. args];
        yield return BadInputCase.Of("serve", "S2 clock standing still", Serve("--s2-speed", "0"), ["--s2-speed 0 must be 0.001"]);
        yield return BadInputCase.Of("serve", "S2 export limit negative", Serve("--s2-export-limit", "-5"), ["--s2-export-limit -5 must be >= 0 W"]);
    }
}
