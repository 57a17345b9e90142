using System.Diagnostics;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The real services integration tests talk to, started by the project's own <c>scripts/services</c> (installed if
/// missing, bound to loopback, data under the workspace); <c>scripts/test</c> stops them at the end.
/// </summary>
internal static class Services
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Urls = [];

    /// <summary>The service's URL (<c>http://127.0.0.1:18086</c>, <c>postgres://…</c>), starting it if needed.</summary>
    public static string Start(string name)
    {
        lock (Gate)
        {
            if (Urls.TryGetValue(name, out var url))
            {
                return url;
            }

            var script = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Cli.Example("dots-small-test"))!)!, "scripts", "services");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add("start");
            start.ArgumentList.Add(name);
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(600_000))
            {
                p.Kill(true);
                throw new TimeoutException($"scripts/services start {name} did not finish in 10 min: {stderr.Result}");
            }

            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/services start {name} failed ({p.ExitCode}): {stderr.Result}");
            }

            url = stdout.Result.Trim().Split('\n')[^1].Trim();
            Urls[name] = url;
            return url;
        }
    }
}
