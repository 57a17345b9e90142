using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Quartier.Server;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier serve</c>: the HTTP server (DOTS's orchestrator API, the native API, OpenAPI at /docs).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "addresses to listen on, ';'-separated; anything but loopback requires a token (SECRET_KEY, OAUTH_PASSWORD)", DefaultValueFactory = _ => "http://127.0.0.1:8001" };
        var store = new Option<string?>("--store") { Description = "result store: sqlite:PATH (default the workspace's .quartier/quartier.db, or QUARTIER_DB) or postgres://user:password@host:port/database" };
        var influx = new Option<string?>("--influx") { Description = "InfluxDB 1.x to write series to while runs go, in DOTS's schema: http://127.0.0.1:8086/DATABASE" };
        var concurrency = new Option<int>("--concurrency") { Description = "runs executed at once; the rest wait in a FIFO queue", DefaultValueFactory = _ => 2 };
        var queue = new Option<int>("--queue-limit") { Description = "most runs waiting; beyond it a submission gets 503", DefaultValueFactory = _ => 1000 };
        var maxBody = new Option<int>("--max-request-mb") { Description = "largest request body in MB", DefaultValueFactory = _ => 128 };
        var eosUrls = new Option<string>("--eos-urls") { Description = "addresses of the EOS-compatible API (Akkudoktor-EOS's /v1/… and /optimize), ';'-separated, or off", DefaultValueFactory = _ => "http://127.0.0.1:8503" };
        var eosConfig = new Option<string?>("--eos-config") { Description = "the EOS configuration file (EOS.config.json), read at start and written by PUT /v1/config/file (default .quartier/EOS.config.json)" };
        var s2Speed = new Option<double>("--s2-speed") { Description = "the S2 CEM's simulated clock: simulated seconds per second (resource managers at /s2/ws follow it)", DefaultValueFactory = _ => 1 };
        var s2Start = new Option<DateTimeOffset?>("--s2-start") { Description = "simulated time when the first resource manager connects, e.g. 2026-06-01T06:00:00Z (default now)" };
        var s2Log = new Option<string?>("--s2-log") { Description = "write every S2 message sent and received to this JSON-lines file" };
        var s2Export = new Option<double?>("--s2-export-limit") { Description = "grid export limit (W) of the home the S2 CEM plans" };
        var services = new Option<string?>("--services") { Description = "services file for every run (as quartier run --services): a DOTS request's calc_service_name defined there as external runs that process" };
        var cluster = new Option<string?>("--cluster") { Description = "join an Orleans cluster through this PostgreSQL (postgres://user:password@host:port/database; its tables are created from scripts/cluster-schema.sql) and execute runs on its silos" };
        var siloPort = new Option<int>("--silo-port") { Description = "with --cluster: the port silos talk to each other on", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "with --cluster: the port Orleans clients connect to", DefaultValueFactory = _ => 30000 };
        var advertise = new Option<string>("--advertise") { Description = "with --cluster: the IP address other silos reach this one at", DefaultValueFactory = _ => "127.0.0.1" };
        var slots = new Option<int>("--cluster-slots") { Description = "with --cluster: runs this silo executes at once (default: its cores)", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var probe = new Option<double>("--probe-timeout") { Description = "with --cluster: seconds a silo may take to answer a probe; two missed probes and the others' votes declare it dead", DefaultValueFactory = _ => 5 };
        var command = new Command("serve", "Serve DOTS's simulation API, Quartier's API and the EOS-compatible API over HTTP, and S2 over WebSocket at /s2/ws") { urls, store, influx, concurrency, queue, maxBody, eosUrls, eosConfig, s2Speed, s2Start, s2Log, s2Export, services, cluster, siloPort, gatewayPort, advertise, slots, probe };
        command.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(() =>
        {
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                Store = parse.GetValue(store) ?? "sqlite:" + Workspace.DatabasePath(null),
                Influx = parse.GetValue(influx),
                // on a cluster, the runs in flight are spread over the silos, each of which runs --cluster-slots at once
                Concurrency = parse.GetValue(cluster) is not null && parse.GetResult(concurrency) is null or { Implicit: true } ? 64 : parse.GetValue(concurrency),
                QueueLimit = parse.GetValue(queue),
                MaxRequestBytes = (long)Math.Clamp(parse.GetValue(maxBody), 1, 4096) * 1024 * 1024,
                EosUrls = DefaultEosAddressFree(parse.GetResult(eosUrls) is null or { Implicit: true }, parse.GetValue(eosUrls)!),
                EosConfigFile = parse.GetValue(eosConfig) ?? Path.Combine(".quartier", "EOS.config.json"),
                S2 = S2Options(parse.GetValue(s2Speed), parse.GetValue(s2Start), parse.GetValue(s2Log), parse.GetValue(s2Export)),
                ServicesFile = parse.GetValue(services) is { } file ? Checked(file) : null,
                Cluster = parse.GetValue(cluster) is { } url ? ClusterOf(url, parse.GetValue(siloPort), parse.GetValue(gatewayPort), parse.GetValue(advertise)!, parse.GetValue(slots), parse.GetValue(probe)) : null,
            };
            var app = ServerApp.Build(options);
            app.StartAsync(cancellation).GetAwaiter().GetResult();
            Console.Error.WriteLine($"quartier serve: listening on {options.Urls}{(options.EosEnabled ? $", EOS API on {options.EosUrls}" : string.Empty)}; API docs at /docs; results in {options.Store}");
            app.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>
    /// The EOS API's addresses. When they are the default (not given) and its port is taken — by EOS itself, or by
    /// another Quartier server — the server starts without the EOS API and says so, rather than failing to start: the
    /// EOS API is one of several front doors, and an address the user did not ask for should not stop the others. An
    /// address given with <c>--eos-urls</c> that cannot be bound still stops the server.
    /// </summary>
    private static string DefaultEosAddressFree(bool implicitDefault, string urls)
    {
        if (!implicitDefault || !Uri.TryCreate(urls, UriKind.Absolute, out var uri) || !System.Net.IPAddress.TryParse(uri.Host, out var address))
        {
            return urls;
        }

        try
        {
            var probe = new System.Net.Sockets.TcpListener(address, uri.Port);
            probe.Start();
            probe.Stop();
            return urls;
        }
        catch (System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"quartier serve: {urls}, the EOS API's default address, is in use; serving without the EOS API (choose one with --eos-urls, or --eos-urls off)");
            return "off";
        }
    }

    private static Quartier.Server.Cluster.ClusterSettings ClusterOf(string url, int siloPort, int gatewayPort, string advertise, int slots, double probe)
    {
        if (!(probe >= 0.2 && probe <= 600))
        {
            throw new Quartier.Core.Errors.InputException(FormattableString.Invariant($"--probe-timeout {probe} must be 0.2 … 600 s"), field: "--probe-timeout");
        }

        return new Quartier.Server.Cluster.ClusterSettings { Url = url, SiloPort = siloPort, GatewayPort = gatewayPort, Advertise = advertise, Slots = slots, ProbeTimeout = TimeSpan.FromSeconds(probe) }.Validated();
    }

    /// <summary>The services file's full path, read once so that a bad one stops the server from starting.</summary>
    private static string Checked(string file)
    {
        _ = Quartier.Simulation.External.ServiceDefinition.Load(file);
        return Path.GetFullPath(file);
    }

    private static Quartier.Server.S2.S2CemOptions S2Options(double speed, DateTimeOffset? start, string? log, double? exportLimit)
    {
        if (!(speed >= 0.001 && speed <= 1_000_000))
        {
            throw new Quartier.Core.Errors.InputException(FormattableString.Invariant($"--s2-speed {speed} must be 0.001 … 1,000,000"), field: "--s2-speed");
        }

        if (exportLimit is { } e && !(e >= 0))
        {
            throw new Quartier.Core.Errors.InputException(FormattableString.Invariant($"--s2-export-limit {e} must be >= 0 W"), field: "--s2-export-limit");
        }

        return new Quartier.Server.S2.S2CemOptions { Speed = speed, Start = start?.ToUniversalTime(), LogPath = log, ExportLimitW = exportLimit ?? double.PositiveInfinity };
    }
}
