using System.Net.Http.Headers;
using System.Text;
using Quartier.Core.Errors;

namespace Quartier.Server.Influx;

/// <summary>
/// An InfluxDB 1.x database over HTTP (<c>http://host:port/DATABASE</c>, optionally <c>http://user:password@…</c>):
/// line-protocol writes at second precision and InfluxQL queries. No client library: two HTTP endpoints.
/// </summary>
public sealed class InfluxTarget
{
    private readonly HttpClient _http;

    private InfluxTarget(Uri baseUri, string database, HttpClient http)
    {
        BaseUri = baseUri;
        Database = database;
        _http = http;
    }

    public Uri BaseUri { get; }

    public string Database { get; }

    /// <summary>Parses <c>http://127.0.0.1:8086/DB</c>; refusals name the <c>influx</c> option.</summary>
    public static InfluxTarget Parse(string url, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InputException($"'{url}' is not an InfluxDB address such as http://127.0.0.1:8086/quartier", field: "influx");
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal) || database.Contains('"', StringComparison.Ordinal))
        {
            throw new InputException($"'{url}' names no database; give it as the path, e.g. http://127.0.0.1:8086/quartier", field: "influx");
        }

        http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        if (uri.UserInfo.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        }

        return new InfluxTarget(new Uri($"{uri.Scheme}://{uri.Host}:{uri.Port}/"), database, http);
    }

    /// <summary>Creates the database if missing (as DOTS's orchestrator does at start).</summary>
    public void EnsureDatabase()
    {
        try
        {
            Query($"CREATE DATABASE \"{Database}\"", post: true);
        }
        catch (HttpRequestException e)
        {
            throw new InputException($"InfluxDB at {BaseUri} cannot be reached: {e.Message}", field: "influx", inner: e);
        }
    }

    /// <summary>Writes line-protocol <paramref name="lines"/> (second precision).</summary>
    public void Write(byte[] lines, int length)
    {
        using var content = new ByteArrayContent(lines, 0, length);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, $"write?db={Uri.EscapeDataString(Database)}&precision=s")) { Content = content };
        using var response = _http.Send(request);
        if (!response.IsSuccessStatusCode)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream());
            throw new HttpRequestException($"InfluxDB refused a write of {length:N0} bytes: {(int)response.StatusCode} {reader.ReadToEnd().Trim()}");
        }
    }

    /// <summary>Runs an InfluxQL statement and returns InfluxDB's JSON answer.</summary>
    public string Query(string influxQl, bool post = false)
    {
        ArgumentNullException.ThrowIfNull(influxQl);
        var uri = new Uri(BaseUri, $"query?db={Uri.EscapeDataString(Database)}&epoch=s&q={Uri.EscapeDataString(influxQl)}");
        using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, uri);
        using var response = _http.Send(request);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        var body = reader.ReadToEnd();
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new HttpRequestException($"InfluxDB refused '{influxQl}': {(int)response.StatusCode} {body.Trim()}");
        }

        return body;
    }
}
