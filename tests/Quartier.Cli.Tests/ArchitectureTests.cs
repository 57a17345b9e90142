using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Quartier.Cli.Tests;

/// <summary>
/// The project references are what <c>docs/architecture.md</c>'s project table says each project knows — no more
/// (a dependency nobody decided on) and no less (a stale table).
/// </summary>
public sealed partial class ArchitectureTests
{
    [Fact]
    public void Every_project_reference_is_in_the_architecture_table_and_every_table_entry_is_a_reference()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Cli.Example("dots-small-test"))!)!;
        var table = Table(File.ReadAllText(Path.Combine(root, "docs", "architecture.md")));
        var projects = Directory.GetDirectories(Path.Combine(root, "src"), "Quartier.*")
            .Select(d => Path.GetFileName(d)["Quartier.".Length..])
            .Where(n => File.Exists(Path.Combine(root, "src", "Quartier." + n, $"Quartier.{n}.csproj")))
            .ToList();
        Assert.True(projects.Count >= 12, $"found only {projects.Count} projects under src/");
        var problems = new List<string>();
        foreach (var project in projects)
        {
            if (!table.TryGetValue(project, out var knows))
            {
                problems.Add($"Quartier.{project} is not in the table");
                continue;
            }

            var declared = References(Path.Combine(root, "src", "Quartier." + project, $"Quartier.{project}.csproj"));
            var expected = knows is ["all"] ? projects.Where(p => p != project).ToHashSet() : knows.ToHashSet();
            problems.AddRange(declared.Except(expected).Select(r => $"Quartier.{project} references {r}, which the table does not list"));
            problems.AddRange(expected.Except(declared).Select(r => $"the table says Quartier.{project} knows {r}, but its project file has no such reference"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static HashSet<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/'))["Quartier.".Length..])
            .ToHashSet();

    private static Dictionary<string, string[]> Table(string markdown)
    {
        var rows = new Dictionary<string, string[]>();
        foreach (Match m in Row().Matches(markdown))
        {
            var knows = m.Groups[2].Value.Trim();
            var names = knows is "—" or "-" ? [] : ParenthesisedNote().Replace(knows, string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            rows[m.Groups[1].Value] = names;
        }

        return rows;
    }

    [GeneratedRegex(@"^\| `Quartier\.([A-Za-z.]+)` \| ([^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex ParenthesisedNote();
}
