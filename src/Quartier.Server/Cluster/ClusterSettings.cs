using System.Net;
using Npgsql;
using Quartier.Core.Errors;
using Quartier.Storage.Postgres;

namespace Quartier.Server.Cluster;

/// <summary>
/// <c>quartier serve --cluster postgres://…</c>: the server also hosts an Orleans silo that joins the other silos of the
/// same PostgreSQL database through Orleans's ADO.NET clustering. Runs are then executed on any silo (placed on the
/// silo with the fewest running), while the server that took the request keeps its queue and answers its API.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The PostgreSQL that holds the membership tables (<c>scripts/cluster-schema.sql</c>).</summary>
    public required string Url { get; init; }

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port Orleans clients connect to (the gateway).</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other silos reach this one at (in Kubernetes the pod's IP).</summary>
    public string Advertise { get; init; } = "127.0.0.1";

    /// <summary>The cluster's name: silos join the silos of the same id in the same database.</summary>
    public string ClusterId { get; init; } = "quartier";

    /// <summary>
    /// How fast a lost silo is declared dead: the time a probe may take; two missed probes and two votes (one where a
    /// cluster has only two silos) declare it. Loopback tests use about a second.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs one silo executes at once; the others wait on it.</summary>
    public int Slots { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public IPAddress AdvertiseAddress => IPAddress.Parse(Advertise);

    /// <summary>Checks every field; errors name the option.</summary>
    public ClusterSettings Validated()
    {
        try
        {
            _ = PostgresUrl.Parse(Url);
        }
        catch (Exception e) when (e is InputException or ArgumentException or FormatException)
        {
            throw new InputException($"--cluster: {e.Message} (expected postgres://user:password@host:port/database)", field: "--cluster");
        }

        foreach (var (name, port) in new[] { ("--silo-port", SiloPort), ("--gateway-port", GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw new InputException($"{name} {port} must be 1 … 65535", field: name);
            }
        }

        if (SiloPort == GatewayPort)
        {
            throw new InputException($"--silo-port and --gateway-port are both {SiloPort}; they must differ", field: "--gateway-port");
        }

        if (!IPAddress.TryParse(Advertise, out _))
        {
            throw new InputException($"--advertise '{Advertise}' is not an IP address", field: "--advertise");
        }

        if (Slots is < 1 or > 256)
        {
            throw new InputException($"--cluster-slots {Slots} must be 1 … 256", field: "--cluster-slots");
        }

        return this;
    }

    public string ConnectionString() => PostgresUrl.Parse(Url).ConnectionString();

    /// <summary>
    /// Creates or updates the cluster's tables and Orleans's queries (<c>scripts/cluster-schema.sql</c>, embedded), under an
    /// advisory lock so that silos starting together do not race.
    /// </summary>
    public void ApplySchema()
    {
        using var stream = typeof(ClusterSettings).Assembly.GetManifestResourceStream("Quartier.Server.Cluster.cluster-schema.sql")
            ?? throw new InvalidOperationException("the cluster schema is not embedded");
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        using var connection = new NpgsqlConnection(ConnectionString());
        try
        {
            connection.Open();
        }
        catch (NpgsqlException e)
        {
            throw new InputException($"--cluster: cannot reach {PostgresUrl.Parse(Url).Display}: {e.Message}", field: "--cluster");
        }

        using var transaction = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7171717171)", connection, transaction))
        {
            lockCommand.ExecuteNonQuery();
        }

        using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
