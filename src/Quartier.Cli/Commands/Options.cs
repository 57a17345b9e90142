using System.CommandLine;

namespace Quartier.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class SharedOptions
{
    public static Option<string?> Db() => new("--db") { Description = "SQLite result database (default: $QUARTIER_DB or .quartier/quartier.db)" };
}
