using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Quartier.Core.Errors;

namespace Quartier.Cli.Tests.Properties;

/// <summary>
/// The property every reader must have on a mutated valid input: it returns a valid result, or it throws an
/// <see cref="InputException"/> whose <see cref="InputException.Located"/> is one line naming the file (no .NET type
/// names) — never another exception, never a hang. Runs are deterministic: a fixed seed and a bounded number of cases.
/// </summary>
internal static partial class ReaderProperty
{
    /// <summary>How long one case may take (parsing plus, where the command does it, a short run): a hang, not a slow case on a loaded machine (a CI run at load 20 once took over 30 s for a weather file read in milliseconds).</summary>
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Checks <paramref name="maxTest"/> mutations of one of <paramref name="subject"/>'s files; the reader is called on
    /// <see cref="Subject.Target"/> inside a fresh copy of the files.
    /// </summary>
    public static void Check(Subject subject, int maxTest, ulong seed)
    {
        // CI runs the fixed seeds; a deeper sweep: QUARTIER_PROPERTY_SCALE=10 QUARTIER_PROPERTY_SEED=1000 dotnet test …
        maxTest *= EnvironmentNumber("QUARTIER_PROPERTY_SCALE", 1);
        seed += (ulong)EnvironmentNumber("QUARTIER_PROPERTY_SEED", 0);
        using var tmp = new TempDir();
        var target = subject.Write(tmp.Path);
        var valid = Outcome(subject, target);
        Assert.True(valid is null, $"{subject.Name}: the valid input must read: {valid}");

        var property = Prop.ForAll(Mutation.Arbitrary, mutation =>
        {
            var (file, bytes) = subject.Files[mutation.Value % subject.Files.Count];
            File.WriteAllBytes(Path.Combine(tmp.Path, file), mutation.Apply(bytes, Subject.ShapeOf(file)));
            var problem = Outcome(subject, target);
            File.WriteAllBytes(Path.Combine(tmp.Path, file), bytes);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{subject.Name}: {file} mutated by {mutation}: {problem}");
            }
        });
        var replay = new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None);
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(FSharpOption<Replay>.Some(replay)).WithName(subject.Name).WithQuietOnSuccess(true), property);
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    /// <summary>Null when the reader returned a valid result or refused cleanly; otherwise what went wrong.</summary>
    public static string? Outcome(Subject subject, string target)
    {
        // A thread of its own, not the thread pool: under the parallel corpus the pool is starved and a queued read
        // would look like a hang.
        Exception? error = null;
        var worker = new Thread(() =>
        {
            try
            {
                subject.Read(target);
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        { IsBackground = true, Name = "property case" };
        worker.Start();
        if (!worker.Join(PerCase))
        {
            return $"no answer within {PerCase.TotalSeconds:0} s";
        }

        if (error is null)
        {
            return null;
        }

        if (error is InputException input)
        {
            var located = input.Located;
            if (located.Contains('\n', StringComparison.Ordinal) || located.Contains('\r', StringComparison.Ordinal))
            {
                return $"a refusal of more than one line: {located}";
            }

            if (TypeName().IsMatch(located))
            {
                return $"a refusal naming a .NET type: {located}";
            }

            var names = subject.Files.Select(f => Path.GetFileName(f.Path)).Append(Path.GetFileName(target));
            if (!names.Any(n => located.Contains(n!, StringComparison.Ordinal)))
            {
                return $"a refusal naming no file: {located}";
            }

            return null;
        }

        var at = error.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Quartier.", StringComparison.Ordinal)) ?? error.StackTrace?.Split('\n')[0].Trim();
        return $"{error.GetType().FullName}: {error.Message.ReplaceLineEndings(" ")} ({at})";
    }

    [GeneratedRegex(@"\bSystem\.[A-Z]|`\d+\[|\b[A-Z]\w+\+[A-Z]\w+\b|Exception\b")]
    private static partial Regex TypeName();
}
