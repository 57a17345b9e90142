using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Quartier.Server.Dots;

/// <summary>
/// DOTS's OAuth2 password flow: one user <c>DotsUser</c> whose password is <c>OAUTH_PASSWORD</c>; tokens are HS256
/// JWTs signed with <c>SECRET_KEY</c>, claims <c>sub</c> and <c>exp</c> (30 minutes). Passwords and signatures are
/// compared in constant time.
/// </summary>
public sealed class DotsAuth
{
    public const string User = "DotsUser";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly byte[] _key;
    private readonly byte[] _passwordHash;
    private readonly TimeProvider _clock;

    public DotsAuth(ServeOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        Required = options.AuthRequired;
        _clock = clock;
        if (Required && (string.IsNullOrEmpty(options.SecretKey) || string.IsNullOrEmpty(options.OAuthPassword)))
        {
            throw new InvalidOperationException(
                $"authentication is on ({(options.UseAuth is true ? "USE_AUTH" : "the server listens beyond loopback")}) but SECRET_KEY and OAUTH_PASSWORD are not both set; set them, or USE_AUTH=false on a trusted network");
        }

        _key = Encoding.UTF8.GetBytes(options.SecretKey ?? string.Empty);
        _passwordHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.OAuthPassword ?? string.Empty));
    }

    public bool Required { get; }

    /// <summary>A token for the user, or null when the name or password is wrong.</summary>
    public string? Issue(string? username, string? password)
    {
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(password ?? string.Empty));
        var ok = CryptographicOperations.FixedTimeEquals(given, _passwordHash) & string.Equals(username, User, StringComparison.Ordinal);
        if (!ok)
        {
            return null;
        }

        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var exp = _clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { sub = User, exp }));
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>Whether the request may proceed: auth off, or a valid unexpired bearer token.</summary>
    public bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Required)
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Valid(header["Bearer ".Length..].Trim());
    }

    private bool Valid(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        byte[] given;
        byte[] payload;
        try
        {
            given = FromBase64Url(parts[2]);
            payload = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                && seconds > _clock.GetUtcNow().ToUnixTimeSeconds()
                && doc.RootElement.TryGetProperty("sub", out var sub) && sub.GetString() == User;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Convert.FromBase64String(s);
    }
}
