using System.IO.Compression;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Tests;

public sealed class RunSetAndBundleTests
{
    [Fact]
    public void SeveralRunsVaryWithTheSeedAndGiveStatisticsAndProgress()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("less_producers_test"));
        var progress = new Recorder();

        var set = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "random", Runs = 6, Seed = 11 }, progress);

        // Several runs switch the variation on: 10 % hourly prediction error, ±900 s arrival jitter.
        Assert.Equal(0.10, set.Options.PredictionError);
        Assert.Equal(900, set.Options.ArrivalJitterSeconds);
        Assert.Equal([11, 12, 13, 14, 15, 16], set.Runs.Select(r => r.Seed));
        Assert.Equal([1, 2, 3, 4, 5, 6], progress.Reports.Select(p => p.Completed).Order());
        Assert.All(progress.Reports, p => Assert.Equal(6, p.Total));

        var shares = set.Runs.Select(r => r.Kpis.PvShare).ToList();
        var mean = shares.Average();
        var std = Math.Sqrt(shares.Sum(x => (x - mean) * (x - mean)) / 5);
        Assert.Equal(mean, set.Statistics.PvShare.Mean, 1e-12);
        Assert.Equal(std, set.Statistics.PvShare.StdDev, 1e-12);
        Assert.Equal(shares.Min(), set.Statistics.PvShare.Min);
        Assert.Equal(shares.Max(), set.Statistics.PvShare.Max);
        Assert.True(set.Statistics.PvShare.StdDev > 0);
        Assert.Equal(6, set.Statistics.PvShare.Count);
        Assert.True(set.Runs.Select(r => r.Kpis.ProductionWh).Distinct().Count() == 6, "the prediction error differs per run");

        foreach (var run in set.Runs)
        {
            foreach (var job in run.Jobs)
            {
                var input = scenario.Jobs.First(j => j.Key == job.Key);
                Assert.InRange(job.RegisteredUnix, input.RegisteredUnix - 900, input.RegisteredUnix + 900);
                Assert.InRange(job.StartUnix, Math.Max(job.EarliestStartUnix, job.RegisteredUnix), job.LatestStartUnix);
            }
        }

        // Same options, same results (runs in parallel or not).
        var again = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "random", Runs = 6, Seed = 11, MaxParallelism = 1 });
        Assert.Equal(set.Runs.SelectMany(r => r.Jobs.Select(j => (j.StartUnix, j.Producer, j.PvWh))), again.Runs.SelectMany(r => r.Jobs.Select(j => (j.StartUnix, j.Producer, j.PvWh))));
        Assert.Equal(set.Runs.Select(r => r.Kpis), again.Runs.Select(r => r.Kpis));
    }

    [Fact]
    public void ASingleRunIsNominalAndDaysExtendTheHorizon()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test"));

        var one = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive" });
        var two = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive", Days = 2 });

        Assert.Equal(0, one.Options.PredictionError);
        Assert.Equal(0, one.Options.ArrivalJitterSeconds);
        // Three producers × the final merged curve at 24:00 (67,474.5847 Wh each, see CurveAndProfileTests).
        Assert.Equal(3 * 67474.5847, one.Input.PredictedProductionWh, 1e-6);
        // Day 2 adds the last prediction's second day (0 → 67,801.8768 Wh by 16:00) for each producer.
        Assert.Equal(3 * (67474.5847 + 67801.8768), two.Input.PredictedProductionWh, 1e-6);
        Assert.Equal(one.Runs[0].Kpis.PvWh, two.Runs[0].Kpis.PvWh, 1e-9);
    }

    [Fact]
    public void BundleRoundTripsExactly()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("small_test"));
        var set = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "exact", Runs = 3, Seed = 5 });
        using var folder = new TestScenarios.TempFolder();
        var path = Path.Combine(folder.Path, "run.qcb");

        CossmicBundle.Write(path, set);
        var back = CossmicBundle.Read(path);

        Assert.Equal(CossmicBundle.ToJson(set), CossmicBundle.ToJson(back));
        Assert.Equal(set.Input, back.Input);
        Assert.Equal(set.Options with { MaxParallelism = 0 }, back.Options);
        Assert.Equal(set.Statistics.PvShare, back.Statistics.PvShare);
        for (var r = 0; r < set.Runs.Count; r++)
        {
            Assert.Equal(set.Runs[r].Kpis, back.Runs[r].Kpis);
            Assert.Equal(set.Runs[r].Solver, back.Runs[r].Solver);
            Assert.Equal(set.Runs[r].Jobs, back.Runs[r].Jobs);
            Assert.Equal(set.Runs[r].Houses, back.Runs[r].Houses);
            Assert.Equal(set.Runs[r].WallSeconds, back.Runs[r].WallSeconds);
        }

        var raw = File.ReadAllBytes(path);
        Assert.Equal(0x1F, raw[0]);
        Assert.Equal(0x8B, raw[1]);
        Assert.Contains("\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":1", CossmicBundle.ToJson(set), StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptOrForeignFilesAreRefusedClearly()
    {
        using var folder = new TestScenarios.TempFolder();
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("small_test"));
        var good = Path.Combine(folder.Path, "good.qcb");
        CossmicBundle.Write(good, CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive" }));

        var text = folder.Write("plain.json", "{\"format\":\"quartier-cossmic-bundle\"}");
        var e = Assert.Throws<InputException>(() => CossmicBundle.Read(text));
        Assert.Equal(text, e.File);
        Assert.Contains("not gzip-compressed", e.Message);

        var empty = folder.Write("empty.qcb", string.Empty);
        Assert.Contains("it is empty", Assert.Throws<InputException>(() => CossmicBundle.Read(empty)).Message);

        var truncated = Path.Combine(folder.Path, "truncated.qcb");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<InputException>(() => CossmicBundle.Read(truncated));
        Assert.Contains("cut short", e.Message);
        Assert.Equal(truncated, e.File);

        var corrupt = Path.Combine(folder.Path, "corrupt.qcb");
        var flipped = (byte[])bytes.Clone();
        for (var i = 20; i < 60; i++)
        {
            flipped[i] ^= 0x5A;
        }

        File.WriteAllBytes(corrupt, flipped);
        Assert.Contains("corrupt", Assert.Throws<InputException>(() => CossmicBundle.Read(corrupt)).Message);

        Assert.Contains("no \"format\": \"quartier-cossmic-bundle\"", Assert.Throws<InputException>(() => CossmicBundle.Read(Gzip(folder, "foreign.qcb", "{\"type\":\"FeatureCollection\"}"))).Message);
        Assert.Contains("format version 2", Assert.Throws<InputException>(() => CossmicBundle.Read(Gzip(folder, "newer.qcb", "{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":2,\"runSet\":{}}"))).Message);
        e = Assert.Throws<InputException>(() => CossmicBundle.Read(Gzip(folder, "missing.qcb", "{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":1,\"runSet\":{\"input\":null}}")));
        Assert.Contains("$.runSet", e.Message);
        Assert.DoesNotContain("Quartier.", e.Message);
        Assert.DoesNotContain("+Envelope", e.Message);
        e = Assert.Throws<InputException>(() => CossmicBundle.Read(Gzip(folder, "broken.qcb", "{\"format\":\"quartier-cossmic-bundle\",\n\"formatVersion\":1,\n\"runSet\":{\"input\":")));
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("runs[0].kpis.pvShare", "1.7", "'$.runSet.runs[0].kpis.pvShare' = 1.7 is outside its physical range [0 … 1]")]
    [InlineData("runs[1].kpis.demandWh", "-5", "'$.runSet.runs[1].kpis.demandWh' = -5 is outside its physical range")]
    [InlineData("runs[0].jobs[0].startUnix", "1", "'$.runSet.runs[0].jobs[0].startUnix' = 1 is outside its physical range")]
    [InlineData("runs[0].jobs[0].pvWh", "0.5e9", "runs[0].jobs[0].pvWh")]
    [InlineData("runs[2].kpis.jobsOnGrid", "99", "jobs on grid")]
    [InlineData("runs[0].houses[0].gridWh", "12345", "disagrees with demand minus PV energy used")]
    [InlineData("runs[0].kpis.skippedJobs", "3", "should be the input's 11")]
    [InlineData("input.backgroundJobs", "1000", "'$.runSet.input.backgroundJobs' = 1000 is outside its physical range [0 … 11]")]
    [InlineData("options.runs", "2", "holds 3 runs but the options say 2")]
    [InlineData("options.predictionError", "-1", "prediction error -1")]
    [InlineData("statistics.pvShare.mean", "0.123", "disagrees with the mean recomputed from the runs")]
    [InlineData("statistics.demandWh.max", "1e9", "field '$.runSet.statistics.demandWh.max'")]
    [InlineData("runs[1].seed", "77", "seed 77 should be the base seed plus the run index")]
    public void TamperedOrImpossibleBundlesAreRefusedNamingTheField(string path, string value, string expected)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(CossmicBundle.ToJson(ThreeNaiveRuns.Value))!;
        var parent = node["runSet"]!;
        var steps = path.Split('.');
        foreach (var step in steps[..^1])
        {
            parent = Step(parent, step);
        }

        parent[steps[^1]] = System.Text.Json.Nodes.JsonNode.Parse(value);
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(node.ToJsonString()));
        }

        stream.Position = 0;
        var e = Assert.Throws<InputException>(() => CossmicBundle.Read(stream, "tampered.qcb"));
        Assert.Contains(expected, e.Located);
        Assert.StartsWith("tampered.qcb: ", e.Located);

        static System.Text.Json.Nodes.JsonNode Step(System.Text.Json.Nodes.JsonNode n, string step)
        {
            var open = step.IndexOf('[', StringComparison.Ordinal);
            return open < 0 ? n[step]! : n[step[..open]]![int.Parse(step[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }
    }

    [Fact]
    public void AnUntamperedBundlePassesItsInvariants()
    {
        using var stream = new MemoryStream();
        CossmicBundle.Write(stream, ThreeNaiveRuns.Value);
        stream.Position = 0;
        Assert.Equal(CossmicBundle.ToJson(ThreeNaiveRuns.Value), CossmicBundle.ToJson(CossmicBundle.Read(stream)));
    }

    private static readonly Lazy<CossmicRunSet> ThreeNaiveRuns = new(() =>
        CossmicSimulator.Run(CossmicImport.ReadFolder(ReferenceImportTests.Folder("small_test")), new CossmicRunOptions { Algorithm = "naive", Runs = 3, Seed = 4 }));

    [Fact]
    public void AlgorithmNamesAndOptionsAreValidated()
    {
        Assert.Equal("fifty-fifty", CossmicAlgorithms.Canonical("FIFTY_FIFTY"));
        Assert.Equal("exact", CossmicAlgorithms.Canonical(" milp "));
        var e = Assert.Throws<InputException>(() => new CossmicRunOptions { Algorithm = "slsqp" }.Resolve());
        Assert.Contains("unknown algorithm 'slsqp'; allowed: naive, random, fifty-fifty, exact", e.Message);
        Assert.Contains("runs 0 must be", Assert.Throws<InputException>(() => new CossmicRunOptions { Runs = 0 }.Resolve()).Message);
        Assert.Contains("days 0 must be", Assert.Throws<InputException>(() => new CossmicRunOptions { Days = 0 }.Resolve()).Message);
        Assert.Contains("start grid 90 s", Assert.Throws<InputException>(() => new CossmicRunOptions { StartGridSeconds = 90 }.Resolve()).Message);
        Assert.Contains("MILP slot 420 s", Assert.Throws<InputException>(() => new CossmicRunOptions { MilpSlotSeconds = 420 }.Resolve()).Message);
        Assert.Contains("solver 'gurobi'", Assert.Throws<InputException>(() => new CossmicRunOptions { Solver = "gurobi" }.Resolve()).Message);
    }

    [Fact]
    public void ReportTablesStartWithThePvShareAndListEveryHouseAndJob()
    {
        var set = CossmicSimulator.Run(SchedulingTests.HandCase(), new CossmicRunOptions { Algorithm = "exact", Runs = 2 });

        var kpis = CossmicReport.KpiTable(set).Split('\n');
        Assert.Matches(@"^PV share: [01]\.\d{4}$", kpis[0]);
        Assert.Contains(kpis, l => l.StartsWith("PV share (PySSMic contracts)", StringComparison.Ordinal));
        var exact = set.Runs.Sum(r => r.Solver.MilpSolves);
        Assert.Contains(kpis, l => l.StartsWith($"Exact: {exact} MILP solves, {exact} proven optimal, 0 stopped at the node/time limit", StringComparison.Ordinal));
        Assert.Equal(1 + 3, CossmicReport.HouseTable(set).TrimEnd('\n').Split('\n').Length);
        Assert.Equal(1 + 2, CossmicReport.JobTable(set).TrimEnd('\n').Split('\n').Length);
    }

    private static string Gzip(TestScenarios.TempFolder folder, string name, string json)
    {
        var path = Path.Combine(folder.Path, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(json));
        return path;
    }

    private sealed class Recorder : IProgress<CossmicProgress>
    {
        private readonly Lock _gate = new();

        public List<CossmicProgress> Reports { get; } = [];

        public void Report(CossmicProgress value)
        {
            lock (_gate)
            {
                Reports.Add(value);
            }
        }
    }
}
