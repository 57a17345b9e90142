namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier run</c>'s device inputs — an instruction schedule (<c>--instructions</c>, CSV and JSON), a grid
/// frequency series, an outage schedule, an EOS configuration's devices — and <c>quartier resource query</c>.
/// </summary>
[CorpusSection]
internal static class DeviceCases
{
    private const string Eos = """{"devices": {"batteries": [{"device_id": "home_battery", "capacity_wh": 10000}]}}""";

    private const string Query = """
        {"id": "b", "battery": {"capacity_wh": 10000, "min_mode_dwell": 3600},
         "history": [{"time": "2025-06-01T10:00:00Z", "mode": "FORCED_CHARGE"}],
         "instruction": {"time": "2025-06-01T10:30:00Z", "mode": "FORCED_DISCHARGE", "factor": 0.5},
         "horizon_hours": 2}
        """;

    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        var eos = ("eos.json", Eos);
        string[] Run(params string[] extra) => ["run", "{dir}/test.esdl", "--db", "{db}", .. extra];
        string[] Scheduled(string file) => Run("--eos-config", "{dir}/eos.json", "--instructions", "{dir}/" + file);

        const string Header = "time,resource,mode,factor\n";
        yield return BadInputCase.Of("run --instructions", "header without a mode column", Scheduled("s.csv"), ["s.csv:1", "the header has no 'mode' column"], esdl, eos, ("s.csv", "time,resource,factor\n2020-08-11T01:00:00Z,home_battery,1\n"));
        yield return BadInputCase.Of("run --instructions", "unknown column", Scheduled("s.csv"), ["s.csv:1", "unknown column 'speed'"], esdl, eos, ("s.csv", "time,resource,mode,speed\n"));
        yield return BadInputCase.Of("run --instructions", "a line with a cell too few", Scheduled("s.csv"), ["s.csv:3", "3 cells, but the header has 4"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,home_battery,IDLE,1\n2020-08-11T02:00:00Z,home_battery,IDLE\n"));
        yield return BadInputCase.Of("run --instructions", "time is a word", Scheduled("s.csv"), ["s.csv:2", "'noon' is not a date-time"], esdl, eos, ("s.csv", Header + "noon,home_battery,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "unknown resource id", Scheduled("s.csv"), ["s.csv:2", "no resource 'ghost'", "home_battery"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,ghost,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "a resource that takes no instructions", Scheduled("s.csv"), ["s.csv:2", "takes no instructions"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,pv_Home12_1,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "unknown battery mode", Scheduled("s.csv"), ["s.csv:2", "'TURBO' is not a battery operation mode", "FORCED_CHARGE"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,home_battery,TURBO,1\n"));
        yield return BadInputCase.Of("run --instructions", "factor above 1", Scheduled("s.csv"), ["s.csv:2", "factor '1.5' must be a number in 0..1"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,home_battery,FORCED_CHARGE,1.5\n"));
        yield return BadInputCase.Of("run --instructions", "a time before the run", Scheduled("s.csv"), ["s.csv:2", "lies outside the run"], esdl, eos, ("s.csv", Header + "2019-08-11T01:00:00Z,home_battery,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "a time after the run", Scheduled("s.csv"), ["s.csv:2", "lies outside the run"], esdl, eos, ("s.csv", Header + "2031-01-01T00:00:00Z,home_battery,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "a time between steps", Scheduled("s.csv"), ["s.csv:2", "not on the run's 900 s step grid"], esdl, eos, ("s.csv", Header + "2020-08-11T01:07:00Z,home_battery,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "two instructions at one time", Scheduled("s.csv"), ["s.csv:3", "a second instruction for resource 'home_battery'", "line 2"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,home_battery,IDLE,1\n2020-08-11T01:00:00Z,home_battery,FORCED_CHARGE,1\n"));
        yield return BadInputCase.Of("run --instructions", "abnormal_condition is a word", Scheduled("s.csv"), ["s.csv:2", "abnormal_condition 'maybe'"], esdl, eos, ("s.csv", "time,resource,mode,factor,abnormal_condition\n2020-08-11T01:00:00Z,home_battery,FAULT,1,maybe\n"));
        yield return BadInputCase.Of("run --instructions", "an empty file", Scheduled("s.csv"), ["s.csv", "the instruction schedule is empty"], esdl, eos, ("s.csv", "# nothing\n"));
        yield return BadInputCase.Of("run --instructions", "JSON cut short", Scheduled("s.json"), ["s.json:1", "malformed JSON"], esdl, eos, ("s.json", """{"instructions": [{"time": "2020-08-11T01:00:00Z", """));
        yield return BadInputCase.Of("run --instructions", "JSON with an unknown member", Scheduled("s.json"), ["s.json:3", "unknown member 'when'"], esdl, eos, ("s.json", "{\"instructions\": [\n  {\"time\": \"2020-08-11T01:00:00Z\", \"resource\": \"home_battery\", \"mode\": \"IDLE\"},\n  {\"when\": \"later\"}\n]}\n"));
        yield return BadInputCase.Of("run --instructions", "JSON that is no list", Scheduled("s.json"), ["s.json", "{\"instructions\": [ … ]}"], esdl, eos, ("s.json", """{"steps": 3}"""));
        yield return BadInputCase.Of("run --instructions", "JSON without a mode", Scheduled("s.json"), ["s.json:1", "has no mode"], esdl, eos, ("s.json", """[{"time": "2020-08-11T01:00:00Z", "resource": "home_battery"}]"""));
        yield return BadInputCase.Of("run --instructions", "a battery schedule under a planning EMS", Run("--eos-config", "{dir}/eos.json", "--instructions", "{dir}/s.csv", "--ems", "dots"), ["s.csv:2", "a planning EMS (dots) dispatches the batteries itself"], esdl, eos, ("s.csv", Header + "2020-08-11T01:00:00Z,home_battery,IDLE,1\n"));
        yield return BadInputCase.Of("run --instructions", "schedule file missing", Run("--instructions", "{dir}/none.csv"), ["none.csv", "not found"], esdl);

        yield return BadInputCase.Of("run --grid-frequency", "wrong header", Run("--grid-frequency", "{dir}/f.csv"), ["f.csv:1", "the header must be time,frequency"], esdl, ("f.csv", "t,hz\n"));
        yield return BadInputCase.Of("run --grid-frequency", "500 Hz", Run("--grid-frequency", "{dir}/f.csv"), ["f.csv:3", "'frequency' = 500", "[45 … 65] Hz"], esdl, ("f.csv", "time,frequency\n2020-08-11T00:00:00Z,50\n2020-08-11T01:00:00Z,500\n"));
        yield return BadInputCase.Of("run --grid-frequency", "times going back", Run("--grid-frequency", "{dir}/f.csv"), ["f.csv:3", "is not after the line before"], esdl, ("f.csv", "time,frequency\n2020-08-11T01:00:00Z,50\n2020-08-11T00:00:00Z,50\n"));
        yield return BadInputCase.Of("run --grid-frequency", "a series that starts after the run", Run("--grid-frequency", "{dir}/f.csv"), ["f.csv", "starts at 2020-08-12T00:00:00Z, after the run's start"], esdl, ("f.csv", "time,frequency\n2020-08-12T00:00:00Z,50\n"));
        yield return BadInputCase.Of("run --outages", "an outage ending before it starts", Run("--outages", "{dir}/o.csv"), ["o.csv:2", "the outage ends"], esdl, ("o.csv", "start,end\n2020-08-11T05:00:00Z,2020-08-11T04:00:00Z\n"));
        yield return BadInputCase.Of("run --outages", "overlapping outages", Run("--outages", "{dir}/o.csv"), ["o.csv", "overlaps the one from 2020-08-11T04:00Z"], esdl, ("o.csv", "start,end\n2020-08-11T04:00:00Z,2020-08-11T06:00:00Z\n2020-08-11T05:00:00Z,2020-08-11T07:00:00Z\n"));

        yield return BadInputCase.Of("run --eos-config", "an unknown home", Run("--eos-config", "{dir}/eos.json", "--eos-home", "Nowhere"), ["eos.json", "eos-home", "no home 'Nowhere'", "ConnectionHome1"], esdl, eos);
        yield return BadInputCase.Of("run --eos-config", "a home without a configuration", Run("--eos-home", "ConnectionHome1"), ["--eos-home", "give --eos-config too"], esdl);
        yield return BadInputCase.Of("run --eos-config", "negative capacity", Run("--eos-config", "{dir}/eos.json"), ["eos.json", "devices.batteries[0].capacity_wh must be positive"], esdl, ("eos.json", Eos.Replace("10000", "-5", StringComparison.Ordinal)));
        yield return BadInputCase.Of("run --eos-config", "two batteries for one home", Run("--eos-config", "{dir}/eos.json"), ["eos.json", "its EMS dispatches at most one"], esdl, ("eos.json", """{"devices": {"batteries": [{"device_id": "a"}, {"device_id": "b"}]}}"""));

        string[] Ask(params string[] extra) => ["resource", "query", "{dir}/q.json", .. extra];
        yield return BadInputCase.Of("resource query", "JSON cut short", Ask(), ["q.json:1", "malformed JSON"], ("q.json", Query[..40]));
        yield return BadInputCase.Of("resource query", "no instruction", Ask(), ["q.json", "the query has no instruction"], ("q.json", """{"battery": {"capacity_wh": 1000}}"""));
        yield return BadInputCase.Of("resource query", "unknown mode", Ask(), ["q.json", "'TURBO' is not an operation mode of 'b'", "FORCED_CHARGE"], ("q.json", Query.Replace("\"FORCED_DISCHARGE\"", "\"TURBO\"", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "both a battery and a device", Ask(), ["q.json", "exactly one of battery", "or device"], ("q.json", Query.Replace("\"history\"", "\"device\": {\"control_type\": \"OMBC\"}, \"history\"", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "history after the instruction", Ask(), ["q.json", "history[0].time 2025-06-01T11:00:00Z must come after", "before the instruction"], ("q.json", Query.Replace("10:00:00Z", "11:00:00Z", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "instruction time is a word", Ask(), ["q.json", "instruction.time 'soon' is not a date-time"], ("q.json", Query.Replace("2025-06-01T10:30:00Z", "soon", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "a history instruction the resource refuses", Ask(), ["q.json", "history[1] would have been refused", "MIN_DWELL"], ("q.json", Query.Replace("\"mode\": \"FORCED_CHARGE\"}]", "\"mode\": \"FORCED_CHARGE\"}, {\"time\": \"2025-06-01T10:15:00Z\", \"mode\": \"IDLE\"}]", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "horizon shorter than a step", Ask(), ["q.json", "horizon_hours 0.1 is shorter than one step of 900 s"], ("q.json", Query.Replace("\"horizon_hours\": 2", "\"horizon_hours\": 0.1", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "fill level of 2", Ask(), ["q.json", "'state.fill_level' = 2"], ("q.json", Query.Replace("\"history\"", "\"state\": {\"fill_level\": 2}, \"history\"", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "unknown member", Ask(), ["q.json", "colour: unknown member"], ("q.json", Query.Replace("\"horizon_hours\": 2", "\"horizon_hours\": 2, \"colour\": \"red\"", StringComparison.Ordinal)));
        yield return BadInputCase.Of("resource query", "an S2 device of an unknown control type", Ask(), ["q.json", "S2 device 'd': control_type 'XYZ'"], ("q.json", """{"id": "d", "device": {"control_type": "XYZ"}, "instruction": {"time": "2025-06-01T10:00:00Z", "mode": "ON"}}"""));
        yield return BadInputCase.Of("resource query", "an OMBC transition to an unknown mode", Ask(), ["q.json", "S2 device 'd'", "BOOST"], ("q.json", """{"id": "d", "device": {"control_type": "OMBC", "operation_modes": [{"id": "OFF", "power": [0, 0]}], "transitions": [{"id": "t", "from": "OFF", "to": "BOOST"}]}, "instruction": {"time": "2025-06-01T10:00:00Z", "mode": "OFF"}}"""));
        yield return BadInputCase.Of("resource query", "query file missing", Ask(), ["q.json", "not found"]);
    }
}
