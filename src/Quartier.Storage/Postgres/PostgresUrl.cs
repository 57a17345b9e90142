using System.Globalization;
using Npgsql;
using Quartier.Core.Errors;

namespace Quartier.Storage.Postgres;

/// <summary>
/// A store URL <c>postgres://user[:password]@host[:port]/database</c> (also <c>postgresql://</c>; user, password and
/// database percent-decoded; port 5432 unless given; query parameters ignored), as an Npgsql connection string.
/// </summary>
public sealed record PostgresUrl(string Scheme, string User, string? Password, string Host, int Port, string Database)
{
    public const int DefaultPort = 5432;
    private const string Form = "postgres://user[:password]@host[:port]/database";

    /// <summary>The URL without its password, for messages.</summary>
    public string Display
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Scheme}://{Uri.EscapeDataString(User)}@{host}:{Port}/{Uri.EscapeDataString(Database)}");
        }
    }

    /// <summary>Where the server is, <c>host:port</c>, for messages.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <exception cref="InputException">The URL is malformed (field "store").</exception>
    public static PostgresUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : text[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("postgres" or "postgresql"))
        {
            throw Bad("is not a PostgreSQL URL: it must start with postgres:// or postgresql://");
        }

        var rest = text[(schemeEnd + 3)..];
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            rest = rest[..end];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var database = slash < 0 ? string.Empty : Decode(rest[(slash + 1)..]);
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            throw Bad("names no user (user@ before the host)");
        }

        var userInfo = authority[..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Decode(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? null : Decode(userInfo[(colon + 1)..]);
        if (user.Length == 0)
        {
            throw Bad("names no user (user@ before the host)");
        }

        var (host, port) = HostAndPort(authority[(at + 1)..]);
        if (database.Length == 0)
        {
            throw Bad("names no database (/database after the host)");
        }

        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw Bad($"has a database name with a '/' ('{database}')");
        }

        return new PostgresUrl(scheme, user, password, host, port, database);
    }

    /// <summary>The Npgsql connection string: pooled, UTF-8, named "quartier" in pg_stat_activity.</summary>
    public string ConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = User,
            Password = Password,
            Database = Database,
            ApplicationName = "quartier",
            Pooling = true,
            Timeout = 15,
            CommandTimeout = 300,
            // a block of 2,976 steps is 23,808 bytes: a buffer that holds a few blocks sends COPY data in large writes
            WriteBufferSize = 128 * 1024,
            ReadBufferSize = 64 * 1024,
        };
        return builder.ConnectionString;
    }

    private static (string Host, int Port) HostAndPort(string hostPort)
    {
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Bad($"has an IPv6 host without its closing ']' ('{hostPort}')");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw Bad($"has text after the IPv6 host ('{after}')");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Bad("names no host (after user@)");
        }

        if (host.Contains(',', StringComparison.Ordinal))
        {
            throw Bad($"names several hosts ('{host}'); give one");
        }

        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw Bad($"has port '{portText}', which is not a number from 1 to 65535");
        }

        return (host, port);
    }

    /// <summary>Percent-decodes a URL part (an invalid escape is kept as written, as <see cref="Uri.UnescapeDataString(string)"/> does).</summary>
    private static string Decode(string text) => Uri.UnescapeDataString(text);

    private static InputException Bad(string problem) =>
        new($"the store URL {problem}; expected {Form}", field: "store");
}
