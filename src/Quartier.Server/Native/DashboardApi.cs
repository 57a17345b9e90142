using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Native;

/// <summary>
/// The web dashboard at <c>/</c>: the files of <c>web/src/</c> and the chart library's dist files (uPlot, installed
/// from the npm registry by <c>scripts/web</c>) embedded in this assembly at build time, so <c>quartier serve</c>
/// finds them from any working directory and the page loads nothing from elsewhere.
/// </summary>
public static class DashboardApi
{
    private const string Prefix = "web/";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private static readonly Lazy<Dictionary<string, byte[]>> Files = new(Load);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html")).ExcludeFromDescription();
        app.MapGet("/ui/{**path}", (string path) => Serve(path)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The embedded dashboard files by path (index.html, app.js, vendor/uPlot.iife.min.js, …).</summary>
    internal static IReadOnlyCollection<string> Paths => Files.Value.Keys;

    private static IResult Serve(string path) =>
        Files.Value.TryGetValue(path, out var bytes)
            ? Results.Bytes(bytes, Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"))
            : Problems.NotFound($"no dashboard file '{path}'");

    private static Dictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardApi).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name[Prefix.Length..].Replace('\\', '/')] = buffer.ToArray();
        }

        return files;
    }
}
