using System.Globalization;
using Quartier.Storage;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: <c>quartier cossmic run</c> on PySSMic's reference folders, the bundle round trip through <c>results import/export</c>, and bad inputs.</summary>
public sealed class CossmicCommandTests
{
    private static double PvShare(string stdout)
    {
        var first = stdout.Split('\n')[0].Trim();
        Assert.StartsWith("PV share: ", first, StringComparison.Ordinal);
        var v = double.Parse(first["PV share: ".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(v, 0, 1);
        return v;
    }

    [Fact]
    public void Test_neighbourhood_runs_prints_pv_share_first_and_stores_the_run_with_its_bundle()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var bundle = tmp.File("out/test.qcb");
        var (code, stdout, stderr) = Cli.Run("cossmic", "run", Cli.Reference("pyssmic/test"), "--db", db, "--bundle", bundle, "--jobs");
        Assert.True(code == 0, stderr);
        double share = PvShare(stdout);
        Assert.Contains("22 jobs (9 background), 3 producers, 6 houses", stdout, StringComparison.Ordinal);
        Assert.Contains("demand 22145.87 Wh", stdout, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(db);
        var run = store.FindRun("latest")!;
        Assert.Equal(share, store.GetKpis(run.Id).Single(k => k.Name == "pv_share" && k.Scope == "system").Value, 4);
        Assert.Equal(6, store.GetKpis(run.Id).Count(k => k.Name == "self_sufficiency"));
        Assert.Equal(File.ReadAllBytes(bundle), store.ReadAttachment(run.Id, "cossmic-bundle.json.gz"));
    }

    [Fact]
    public void A_bundle_sent_to_a_colleague_imports_with_the_same_figures_and_exports_back_bit_for_bit()
    {
        using var tmp = new TempDir();
        var bundle = tmp.File("small.qcb");
        var (code, stdout, stderr) = Cli.Run("cossmic", "run", Cli.Reference("pyssmic/small_test"), "--db", tmp.File("mine.db"), "--bundle", bundle, "--runs", "3", "--seed", "7", "--algorithm", "naive");
        Assert.True(code == 0, stderr);
        double share = PvShare(stdout);
        Assert.Contains("run 3/3", stderr, StringComparison.Ordinal);

        var theirs = tmp.File("theirs.db");
        var (code2, stdout2, stderr2) = Cli.Run("results", "import", bundle, "--db", theirs);
        Assert.True(code2 == 0, stderr2);
        Assert.Equal(share, PvShare(stdout2));
        Assert.Contains("Algorithm naive: 3 runs, seed 7", stdout2, StringComparison.Ordinal);

        var back = tmp.File("back.qcb");
        var (code3, _, stderr3) = Cli.Run("results", "export", "latest", "--format", "bundle", "--out", back, "--db", theirs);
        Assert.True(code3 == 0, stderr3);
        Assert.Equal(File.ReadAllBytes(bundle), File.ReadAllBytes(back));
    }

    [Fact]
    public void Bad_inputs_exit_2_naming_the_file_and_line_and_store_nothing()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");

        var (code, _, stderr) = Cli.Run("cossmic", "run", tmp.File("nowhere"), "--db", db);
        Assert.Equal(2, code);
        Assert.Contains("nowhere", stderr, StringComparison.Ordinal);

        var (code2, _, stderr2) = Cli.Run("cossmic", "run", Cli.Reference("pyssmic/test"), "--algorithm", "magic", "--db", db);
        Assert.Equal(2, code2);
        Assert.Contains("exact", stderr2, StringComparison.Ordinal);

        // a job whose latest start precedes its earliest start
        var folder = Path.Combine(tmp.Path, "swapped");
        CopyFolder(Path.GetDirectoryName(Cli.Reference("pyssmic/small_test/consumer_event.csv"))!, folder);
        var events = File.ReadAllLines(Path.Combine(folder, "consumer_event.csv"));
        int line = Array.FindIndex(events, l => l.Contains("98.csv", StringComparison.Ordinal));
        events[line] = "1460271600;1460311200;1460282400;[57]:[219]:[3];98.csv";
        File.WriteAllLines(Path.Combine(folder, "consumer_event.csv"), events);
        var (code3, _, stderr3) = Cli.Run("cossmic", "run", folder, "--db", db);
        Assert.Equal(2, code3);
        Assert.Contains($"consumer_event.csv:{line + 1}", stderr3, StringComparison.Ordinal);

        var (code4, _, stderr4) = Cli.Run("results", "import", Cli.Reference("pyssmic/test/consumer_event.csv"), "--db", db);
        Assert.Equal(2, code4);
        Assert.Contains("bundle", stderr4, StringComparison.Ordinal);
        Assert.False(File.Exists(db) && SqliteResultStore.Open(db).ListRuns().Count > 0);
    }

    [Fact]
    public void The_web_editors_neighbourhood_and_jobs_xml_run_with_the_folders_profiles_and_predictions()
    {
        using var tmp = new TempDir();
        var folder = Path.Combine(tmp.Path, "xml");
        CopyFolder(Path.GetDirectoryName(Cli.Reference("pyssmic/test/consumer_event.csv"))!, folder);
        File.Delete(Path.Combine(folder, "consumer_event.csv"));
        File.Copy(Path.Combine(folder, "loads", "98.csv"), Path.Combine(folder, "loads", "89.csv")); // device 121's template
        var jobs = Path.Combine(folder, "jobs.xml");
        File.WriteAllText(jobs, """
            <neighborhood id="13" executionId="1">
              <house id="30"><user id="1"><device>
                <id>121</id><est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>
              </device></user></house>
            </neighborhood>
            """);
        var neighbourhood = Cli.Reference("pyssmic/xml-examples/neighborhood.xml");
        var (code, stdout, stderr) = Cli.Run("cossmic", "run", folder, "--neighbourhood-xml", neighbourhood, "--jobs-xml", jobs, "--db", tmp.File("q.db"), "--jobs");
        Assert.True(code == 0, stderr);
        Assert.Equal(1.0, PvShare(stdout), 4);
        Assert.Contains("[30]:[121]:[1]", stdout, StringComparison.Ordinal);
        Assert.Contains("demand 344.73 Wh", stdout, StringComparison.Ordinal);

        // a job on a producer device is refused, naming the jobs file and line
        File.WriteAllText(jobs, File.ReadAllText(jobs).Replace("<id>121</id>", "<id>122</id>", StringComparison.Ordinal));
        var (code2, _, stderr2) = Cli.Run("cossmic", "run", folder, "--neighbourhood-xml", neighbourhood, "--jobs-xml", jobs, "--db", tmp.File("q.db"));
        Assert.Equal(2, code2);
        Assert.Contains("jobs.xml:", stderr2, StringComparison.Ordinal);
        Assert.Contains("only consumers run jobs", stderr2, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
