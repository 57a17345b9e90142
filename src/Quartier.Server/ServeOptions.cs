using System.Net;
using Quartier.Server.S2;

namespace Quartier.Server;

/// <summary>How <c>quartier serve</c> runs: where it listens, where results go, how many runs at once, who may call.</summary>
public sealed record ServeOptions
{
    /// <summary>Addresses to listen on, ';'-separated (DOTS's orchestrator listens on port 8001).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8001";

    /// <summary>Addresses of the EOS-compatible API (Akkudoktor-EOS listens on port 8503), ';'-separated; <c>off</c> = none.</summary>
    public string EosUrls { get; init; } = "http://127.0.0.1:8503";

    /// <summary>The EOS configuration file (<c>EOS.config.json</c>): read at start, written by <c>PUT /v1/config/file</c>.</summary>
    public string EosConfigFile { get; init; } = Path.Combine(".quartier", "EOS.config.json");

    /// <summary>A services file for every run (<c>--services</c>): a DOTS request's <c>calc_service_name</c> it defines as external runs that process.</summary>
    public string? ServicesFile { get; init; }

    /// <summary>Whether the EOS-compatible API is served.</summary>
    public bool EosEnabled => !string.IsNullOrWhiteSpace(EosUrls) && !EosUrls.Trim().Equals("off", StringComparison.OrdinalIgnoreCase);

    /// <summary>The result store: <c>sqlite:PATH</c> (default <c>.quartier/quartier.db</c>) or <c>postgres://user:pass@host:port/db</c>.</summary>
    public string Store { get; init; } = "sqlite:" + Path.Combine(".quartier", "quartier.db");

    /// <summary>InfluxDB 1.x to write series to while runs go, <c>http://127.0.0.1:8086/DB</c>; null = none.</summary>
    public string? Influx { get; init; }

    /// <summary>Runs executed at once; the rest wait in the FIFO queue.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Most runs waiting in the queue; a submission beyond it is refused with 503.</summary>
    public int QueueLimit { get; init; } = 1000;

    /// <summary>Largest request body in bytes (a 31 MB ESDL is 42 MB in base64).</summary>
    public long MaxRequestBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Whether the API needs a bearer token; null = DOTS's <c>USE_AUTH</c> if set, else off on loopback and on elsewhere.</summary>
    public bool? UseAuth { get; init; }

    /// <summary>The password of DOTS's one user <c>DotsUser</c> (DOTS's <c>OAUTH_PASSWORD</c>).</summary>
    public string? OAuthPassword { get; init; }

    /// <summary>The key that signs tokens (DOTS's <c>SECRET_KEY</c>).</summary>
    public string? SecretKey { get; init; }

    /// <summary>The S2 CEM at <c>/s2/ws</c>: its clock, message log and home.</summary>
    public S2CemOptions S2 { get; init; } = new();

    /// <summary>Join an Orleans cluster on this PostgreSQL and execute runs on its silos (<c>--cluster</c>); null: everything in this process.</summary>
    public Cluster.ClusterSettings? Cluster { get; init; }

    /// <summary>Options with DOTS's environment variables (<c>USE_AUTH</c>, <c>OAUTH_PASSWORD</c>, <c>SECRET_KEY</c>) where not given.</summary>
    public ServeOptions WithEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        bool? useAuth = UseAuth;
        if (useAuth is null && env("USE_AUTH") is { Length: > 0 } flag)
        {
            useAuth = flag.Trim().ToLowerInvariant() switch
            {
                "false" or "0" or "no" or "off" => false,
                _ => true,
            };
        }

        return this with { UseAuth = useAuth, OAuthPassword = OAuthPassword ?? env("OAUTH_PASSWORD"), SecretKey = SecretKey ?? env("SECRET_KEY") };
    }

    /// <summary>Whether every address in <see cref="Urls"/> is a loopback address.</summary>
    public bool LoopbackOnly => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback);

    /// <summary>Whether the API needs a token: as configured, else only when bound beyond loopback.</summary>
    public bool AuthRequired => UseAuth ?? !LoopbackOnly;

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
