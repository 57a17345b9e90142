using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Simulation.Engine;
using Quartier.Simulation.External;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.External;

/// <summary>
/// External calculation services as processes: the Python SDK's example PV service on DOTS's small test equals the same
/// formula in C#, feeds the EMS and records what it chose to; calculations run at DOTS's times for their periods and
/// offsets; a service that dies or hangs fails the run naming it, with its last log lines.
/// </summary>
public sealed class ExternalServiceTests
{
    private static readonly string Repository = FindRepository();

    [Fact]
    public void The_python_pv_service_equals_its_CSharp_reference_and_feeds_the_EMS()
    {
        var options = new RunOptions { Record = ["all"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 2 * 86_400 };
        var python = new ServiceDefinition
        {
            EsdlType = AssetKind.PVInstallation,
            Name = "pv-python",
            Command = ["python3", "pv_service.py"],
            WorkingDirectory = Path.Combine(Repository, "examples", "services", "pv-python"),
            Parameters = new Dictionary<string, string> { ["PERFORMANCE_RATIO"] = "0.85" },
        };
        var external = SimulationRunner.Prepare(ReferenceData.SmallTest, options with { Services = [python] });
        var fromPython = new MemorySink();
        external.Execute(fromPython);

        var services = BuiltInServices.Create(ems: options.Ems).Select(s => s is PvService ? new Quartier.Bench.Services.InProcessPv(0.85) : s).ToList();
        var reference = new MemorySink();
        SimulationRunner.Prepare(ReferenceData.SmallTest, options, services).Execute(reference);

        var pvNames = ReferenceData.SmallTest.OfKind(AssetKind.PVInstallation).Select(a => a.Name).ToList();
        Assert.NotEmpty(pvNames);
        foreach (var name in pvNames)
        {
            var got = fromPython.Of(name, PvService.PotentialActivePower);
            var want = reference.Of(name, PvService.PotentialActivePower);
            Assert.Equal(want.Length, got.Length);
            Assert.Contains(want, v => v > 100);
            for (int k = 0; k < want.Length; k++)
            {
                Assert.Equal(want[k], got[k], 1e-9);
            }

            // what it recorded explicitly: the irradiance it was given, step by step
            Assert.Equal(reference.Of("weather", WeatherService.Irradiance), fromPython.Of(name, "irradiance_seen"));
        }

        // the EMS consumed it: every connection's net power equals the reference run's
        foreach (var connection in ReferenceData.SmallTest.OfKind(AssetKind.EConnection))
        {
            var got = fromPython.Of(connection.Name, EmsService.NetPower);
            var want = reference.Of(connection.Name, EmsService.NetPower);
            for (int k = 0; k < want.Length; k++)
            {
                Assert.Equal(want[k], got[k], 1e-9);
            }
        }

        Assert.Contains(external.ServiceLogs["pv-python"], l => l.Contains("PV service ready for", StringComparison.Ordinal));
    }

    [Fact]
    public void The_CSharp_SDK_example_gives_what_the_python_one_gives()
    {
        var folder = Path.Combine(Repository, "examples", "services", "pv-csharp", "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(folder, "pv-service")), $"the C# example service is built with the solution: {folder}");
        var options = new RunOptions { Record = ["PVInstallation/*", "EConnection/net_power"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 86_400 };
        MemorySink Run(ServiceDefinition d)
        {
            var sink = new MemorySink();
            var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, options with { Services = [d] });
            runner.Execute(sink);
            Assert.Contains(runner.ServiceLogs[d.Name], l => l.Contains("PV service ready for 1 installations", StringComparison.Ordinal));
            return sink;
        }

        var csharp = Run(new ServiceDefinition { EsdlType = AssetKind.PVInstallation, Name = "pv-csharp", Command = [Path.Combine(folder, "pv-service")], WorkingDirectory = folder });
        var python = Run(new ServiceDefinition { EsdlType = AssetKind.PVInstallation, Name = "pv-python", Command = ["python3", "pv_service.py"], WorkingDirectory = Path.Combine(Repository, "examples", "services", "pv-python") });
        Assert.Equal(python.Series.Select(x => (x.EsdlName, x.Output)), csharp.Series.Select(x => (x.EsdlName, x.Output)));
        Assert.Equal(python.Bits(), csharp.Bits());
        Assert.Contains(csharp.Of(ReferenceData.SmallTest.OfKind(AssetKind.PVInstallation).First().Name, PvService.PotentialActivePower), v => v > 100);
    }

    /// <summary>An aggregator serving the transformer reads every connection's net power behind it, as DOTS wires inputs through the ports.</summary>
    [Fact]
    public void An_aggregator_reads_every_connections_power_behind_its_transformer()
    {
        using var dir = new ServiceFolder("""
            {"name": "Aggregator", "esdl_type": "Transformer", "calculations": [
              {"name": "aggregate", "time_period_in_seconds": 900,
               "inputs": [{"name": "net_power", "esdl_type": "EConnection", "data_type": "DOUBLE", "unit": "W"}],
               "outputs": [{"name": "total_power", "data_type": "DOUBLE", "unit": "W"}, {"name": "connections", "data_type": "INT", "unit": "-"}]}
            ]}
            """, """
                def aggregate(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    powers = get_vector_param_with_name(param_dict, "net_power")
                    return {"total_power": sum(powers), "connections": len(powers)}
            """);
        var options = new RunOptions { Record = ["Transformer/*", "EConnection/net_power"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 86_400, Services = [dir.Definition(AssetKind.Transformer)] };
        var sink = new MemorySink();
        SimulationRunner.Prepare(ReferenceData.SmallTest, options).Execute(sink);
        var transformer = ReferenceData.SmallTest.OfKind(AssetKind.Transformer).Single().Name;
        var connections = ReferenceData.SmallTest.OfKind(AssetKind.EConnection).Select(c => sink.Of(c.Name, "net_power")).ToList();
        Assert.Equal(2, connections.Count);
        Assert.All(sink.Of(transformer, "connections"), n => Assert.Equal(2, n));
        var total = sink.Of(transformer, "total_power");
        for (int k = 0; k < total.Length; k++)
        {
            Assert.Equal(connections.Sum(c => c[k]), total[k], 1e-9);
        }
    }

    /// <summary>A service started by hand and listening on TCP serves a run whose services file says <c>connect</c>.</summary>
    [Fact]
    public void A_running_service_is_connected_to_over_tcp()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var folder = Path.Combine(Repository, "examples", "services", "pv-python");
        var start = new System.Diagnostics.ProcessStartInfo("python3") { WorkingDirectory = folder, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("pv_service.py");
        start.Environment["QUARTIER_SERVICE_LISTEN"] = $"tcp:127.0.0.1:{port}";
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            var options = new RunOptions { Record = ["PVInstallation/*"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 86_400 };
            var connected = new MemorySink();
            SimulationRunner.Prepare(ReferenceData.SmallTest, options with { Services = [new ServiceDefinition { EsdlType = AssetKind.PVInstallation, Name = "pv-tcp", Connect = $"tcp:127.0.0.1:{port}", TimeoutSeconds = 20 }] }).Execute(connected);
            Assert.True(process.WaitForExit(10_000), "the service ends when the run stops it");
            Assert.Equal(0, process.ExitCode);

            var launched = new MemorySink();
            SimulationRunner.Prepare(ReferenceData.SmallTest, options with { Services = [new ServiceDefinition { EsdlType = AssetKind.PVInstallation, Name = "pv-tcp", Command = ["python3", "pv_service.py"], WorkingDirectory = folder }] }).Execute(launched);
            Assert.Equal(launched.Bits(), connected.Bits());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void Calculations_run_at_DOTS_times_for_their_periods_and_offsets()
    {
        using var dir = new ServiceFolder("""
            {"name": "Clock", "esdl_type": "EVChargingStation", "calculations": [
              {"name": "hourly", "time_period_in_seconds": 3600, "offset_in_seconds": 0, "outputs": [{"name": "hourly_at", "data_type": "DOUBLE", "unit": "s"}]},
              {"name": "shifted", "time_period_in_seconds": 3600, "offset_in_seconds": 1800, "outputs": [{"name": "shifted_at", "data_type": "DOUBLE", "unit": "s"}]},
              {"name": "steps", "time_period_in_seconds": 7200, "offset_in_seconds": 0, "outputs": [{"name": "call", "data_type": "INT", "unit": "-"}, {"name": "calls", "data_type": "INT", "unit": "-"}]}
            ]}
            """, """
                def hourly(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    return {"hourly_at": simulation_time.timestamp()}
                def shifted(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    return {"shifted_at": simulation_time.timestamp()}
                def steps(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    return {"call": time_step_number.current_time_step_number, "calls": time_step_number.max_time_step_number}
            """);
        var options = new RunOptions { Record = ["EVChargingStation/*"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 6 * 3600, Services = [dir.Definition(AssetKind.EVChargingStation)] };
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, options);
        var sink = new MemorySink();
        runner.Execute(sink);
        var start = new DateTimeOffset(runner.Grid.Start, TimeSpan.Zero).ToUnixTimeSeconds();
        var ev = ReferenceData.SmallTest.OfKind(AssetKind.EVChargingStation).First().Name;

        // no offset: first at one period (never at t = 0), then every period; with an offset: at the offset, then every period
        Assert.Equal(new double[] { 3600, 7200, 10800, 14400, 18000, 21600 }, Calls(sink.Of(ev, "hourly_at"), start));
        Assert.Equal(new double[] { 1800, 5400, 9000, 12600, 16200, 19800 }, Calls(sink.Of(ev, "shifted_at"), start));
        Assert.Equal(new double[] { 1, 2, 3 }, sink.Of(ev, "call").Where(v => v > 0).Distinct().ToArray());
        Assert.Equal(3, sink.Of(ev, "calls")[^1]);
    }

    [Fact]
    public void A_killed_service_fails_the_run_naming_it_with_its_last_log_lines()
    {
        using var dir = new ServiceFolder(Clock, """
                def hourly(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    if time_step_number.current_time_step_number == 3:
                        self.logger.warning("about to go at call 3")
                        sys.stderr.flush()
                        os._exit(3)
                    return {"hourly_at": 0.0}
            """);
        var options = new RunOptions { PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 6 * 3600, Services = [dir.Definition(AssetKind.EVChargingStation)] };
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, options);
        var error = Assert.Throws<SimulationException>(() => runner.Execute(new MemorySink()));
        Assert.Contains("external service 'clock' (EVChargingStation) failed in clock/hourly", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("about to go at call 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_that_answers_too_slowly_hits_its_timeout()
    {
        using var dir = new ServiceFolder(Clock, """
                def hourly(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    if time_step_number.current_time_step_number == 2:
                        time.sleep(30)
                    return {"hourly_at": 0.0}
            """);
        var options = new RunOptions { PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 6 * 3600, Services = [dir.Definition(AssetKind.EVChargingStation, timeout: 1)] };
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, options);
        var error = Assert.Throws<SimulationException>(() => runner.Execute(new MemorySink()));
        Assert.Contains("no answer within 1 s (timeout_seconds)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declarations_that_cannot_run_are_refused_naming_the_field()
    {
        Assert.Contains("calculations[0].outputs[0].data_type STRING is not supported", Assert.Throws<InputException>(() => ServiceDeclaration.Parse("""
            {"name": "x", "esdl_type": "Battery", "calculations": [{"name": "c", "time_period_in_seconds": 900, "outputs": [{"name": "o", "data_type": "STRING"}]}]}
            """, "svc")).Message, StringComparison.Ordinal);
        Assert.Contains("esdl_type 'Aggregatorr' is not an ESDL type", Assert.Throws<InputException>(() => ServiceDeclaration.Parse("""{"name": "x", "esdl_type": "Aggregatorr", "calculations": []}""", "svc")).Message, StringComparison.Ordinal);
        Assert.Contains("time_period_in_seconds is 0", Assert.Throws<InputException>(() => ServiceDeclaration.Parse("""{"name": "x", "esdl_type": "Battery", "calculations": [{"name": "c", "time_period_in_seconds": 0}]}""", "svc")).Message, StringComparison.Ordinal);

        // a period longer than the run: refused when the run is prepared
        using var dir = new ServiceFolder(Clock.Replace("3600, \"offset_in_seconds\": 0", "86400, \"offset_in_seconds\": 0", StringComparison.Ordinal), """
                def hourly(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
                    return {"hourly_at": 0.0}
            """);
        var options = new RunOptions { PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, DurationSeconds = 6 * 3600, Services = [dir.Definition(AssetKind.EVChargingStation)] };
        Assert.Contains("first runs at 86400 s", Assert.Throws<InputException>(() => SimulationRunner.Prepare(ReferenceData.SmallTest, options)).Message, StringComparison.Ordinal);
    }

    private const string Clock = """
        {"name": "Clock", "esdl_type": "EVChargingStation", "calculations": [
          {"name": "hourly", "time_period_in_seconds": 3600, "offset_in_seconds": 0, "outputs": [{"name": "hourly_at", "data_type": "DOUBLE", "unit": "s"}]}
        ]}
        """;

    /// <summary>The distinct call times (seconds after the start) in a series that holds each call's own time between calls.</summary>
    private static double[] Calls(double[] series, long start) => [.. series.Where(v => v > 0).Distinct().Select(v => v - start)];

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Quartier.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Quartier.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>A temporary service folder: its input.json and a Python service class with the given methods.</summary>
    private sealed class ServiceFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("quartier-svc-").FullName;

        public ServiceFolder(string declaration, string methods)
        {
            File.WriteAllText(Path.Combine(_path, "input.json"), declaration);
            File.WriteAllText(Path.Combine(_path, "service.py"), $$"""
                import os, sys, time
                sys.path.insert(0, {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(Repository, "sdk", "python"))}})
                from quartier_service import CalculationServiceBase, get_vector_param_with_name

                class TestService(CalculationServiceBase):
                {{methods}}

                if __name__ == "__main__":
                    service = TestService()
                    service.start_simulation()
                    service.stop_simulation()
                """);
        }

        public ServiceDefinition Definition(AssetKind kind, double timeout = 30) => new()
        {
            EsdlType = kind,
            Name = "clock",
            Command = ["python3", "service.py"],
            WorkingDirectory = _path,
            TimeoutSeconds = timeout,
        };

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
