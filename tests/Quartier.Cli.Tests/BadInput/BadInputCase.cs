using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// One malformed, hostile or impossible input and the command it is given to. <see cref="Files"/> are
/// written into an empty folder (paths relative to it, sub-folders allowed); in <see cref="Args"/>,
/// <c>{dir}</c> is that folder, <c>{db}</c> the workspace database (a copy of a seeded one), <c>{ref}</c>
/// <c>../shared/reference</c> and <c>{examples}</c> the project's examples. The refusal must be one
/// line on stderr containing every fragment of <see cref="Expect"/>. Plain data, so the server's API
/// tests can post the same files.
/// </summary>
public sealed record BadInputCase(string Command, string Name, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<string> Args, IReadOnlyList<string> Expect)
{
    /// <summary>The exit code the command must give: 2 for bad input, 1 for a missing prerequisite.</summary>
    public int ExitCode { get; init; } = 2;

    /// <summary>Extra environment variables for the process (e.g. a lowered limit).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => $"{Command}: {Name}";

    public static BadInputCase Of(string command, string name, string[] args, string[] expect) =>
        new(command, name, new Dictionary<string, byte[]>(), args, expect);

    public static BadInputCase Of(string command, string name, string[] args, string[] expect, params (string Name, byte[] Content)[] files) =>
        new(command, name, files.ToDictionary(f => f.Name, f => f.Content), args, expect);

    public static BadInputCase Of(string command, string name, string[] args, string[] expect, params (string Name, string Content)[] files) =>
        new(command, name, files.ToDictionary(f => f.Name, f => Encoding.UTF8.GetBytes(f.Content)), args, expect);
}
