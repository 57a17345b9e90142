using System.Diagnostics;

namespace Quartier.Cli.Tests;

/// <summary>Runs the real <c>quartier</c> program in a child process and captures its output and exit code.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string?>(), args);

    /// <summary>Runs with <paramref name="environment"/> set on top of this process's (a null value removes the variable).</summary>
    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quartier.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["COLUMNS"] = "160";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"quartier {string.Join(' ', args)} did not finish in 120 s");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Reference(string relative) => Find(Path.Combine("..", "shared", "reference", relative));

    public static string Example(string relative) => Find(Path.Combine("examples", relative));

    /// <summary>A file or folder of the repository (found above the test binaries).</summary>
    public static string Repo(string relative) => Find(relative);

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
