namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier run --services</c> — the services file (built-ins' periods and offsets, external services) and what
/// an external service declares or does when it starts.
/// </summary>
[CorpusSection]
internal static class ServiceCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Run(params string[] extra) => ["run", "{dir}/test.esdl", "--db", "{db}", "--ems", "rule", "--duration", "6h", "--services", "{dir}/s.json", .. extra];
        const string Declaration = """{"name": "Svc", "esdl_type": "PVInstallation", "calculations": [{"name": "c", "time_period_in_seconds": 900, "outputs": [{"name": "potential_active_power", "data_type": "DATA"}]}]}""";

        yield return BadInputCase.Of("run --services", "JSON cut short", Run(), ["s.json:1", "the services file is not valid JSON"], esdl, ("s.json", """{"services": [{"esdl_type": """));
        yield return BadInputCase.Of("run --services", "no list", Run(), ["s.json", "expected {\"services\": [ … ]}"], esdl, ("s.json", """{"services": 3}"""));
        yield return BadInputCase.Of("run --services", "an unknown ESDL type", Run(), ["s.json", "services[0].esdl_type 'Windmill' is not an ESDL type"], esdl, ("s.json", """[{"esdl_type": "Windmill"}]"""));
        yield return BadInputCase.Of("run --services", "a period of 0 s", Run(), ["s.json", "services[0].period_in_seconds is 0"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "period_in_seconds": 0}]"""));
        yield return BadInputCase.Of("run --services", "a period off the step grid", Run(), ["period 1000 s / offset 0 s is not a multiple of the 900 s step"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "period_in_seconds": 1000}]"""));
        yield return BadInputCase.Of("run --services", "two entries for one type", Run(), ["s.json", "PVInstallation is served by two entries"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "calc_service_name": "a"}, {"esdl_type": "PVInstallation", "calc_service_name": "b"}]"""));
        yield return BadInputCase.Of("run --services", "a type without a built-in service", Run(), ["service 'Joint': no built-in service simulates Joint"], esdl, ("s.json", """[{"esdl_type": "Joint"}]"""));
        yield return BadInputCase.Of("run --services", "command and connect both", Run(), ["s.json", "services[0] has both command and connect"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "command": "python3 x.py", "connect": "tcp:127.0.0.1:9"}]"""));
        yield return BadInputCase.Of("run --services", "a period for an external service", Run(), ["s.json", "an external service's periods and offsets are its calculations'"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "command": "python3 x.py", "period_in_seconds": 900}]"""));
        yield return BadInputCase.Of("run --services", "connect that is no address", Run(), ["s.json", "services[0].connect 'localhost:9' must be tcp:HOST:PORT or unix:PATH"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "connect": "localhost:9"}]"""));
        yield return BadInputCase.Of("run --services", "a program that does not exist", Run(), ["external service 'pv' (PVInstallation): cannot start no-such-program-q"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "calc_service_name": "pv", "command": ["no-such-program-q"]}]"""));
        yield return BadInputCase.Of("run --services", "a service that exits before connecting", Run(), ["external service 'pv' (PVInstallation) exited with code 4 before connecting", "bye from the service"], esdl, ("s.json", """[{"esdl_type": "PVInstallation", "calc_service_name": "pv", "command": ["python3", "-c", "import sys; print('bye from the service'); sys.exit(4)"]}]"""));
        yield return BadInputCase.Of("run --services", "a declaration with an unknown data type", Run(), ["external service 'pv'", "calculations[0].outputs[0].data_type 'DATA' is not a DOTS data type"], esdl,
            ("s.json", """[{"esdl_type": "PVInstallation", "calc_service_name": "pv", "command": ["python3", "svc.py"]}]"""),
            ("svc.py", "import os, socket, struct\nd = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'input.json'), 'rb').read()\ns = socket.socket(socket.AF_UNIX)\ns.connect(os.environ['QUARTIER_SERVICE_ADDRESS'][5:])\ns.sendall(struct.pack('<IB', len(d) + 1, 1) + d)\ns.recv(1)\n"),
            ("input.json", Declaration));
        yield return BadInputCase.Of("run --services", "services file missing", Run(), ["cannot read services file", "s.json"], esdl);
    }
}
