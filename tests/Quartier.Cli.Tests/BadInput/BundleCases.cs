namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier results import</c> of broken, hostile and tampered CoSSMic result bundles — not gzip, cut
/// short, corrupt, a gzip bomb, malformed or foreign JSON, and well-formed bundles whose figures are impossible or
/// disagree with each other — each refused naming the bundle and the field before anything is stored.
/// </summary>
[CorpusSection]
internal static class BundleCases
{
    private const string Command = "results import";

    public static IEnumerable<BadInputCase> Cases()
    {
        var good = CorpusInputs.Gzip(CorpusInputs.CossmicBundleJson);

        // the container
        yield return Import("gzip bomb at the default limit", CorpusInputs.GzipBomb(300), ["b.qcb", "exceeds the limit of 256 MiB", "QUARTIER_MAX_DECOMPRESSED_MB"]);
        yield return Import("gzip bomb at a lowered limit", CorpusInputs.GzipBomb(24), ["b.qcb", "exceeds the limit of 8 MiB"]) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_DECOMPRESSED_MB"] = "8" } };
        yield return Import("bundle larger than the file limit", new byte[2 << 20], ["b.qcb", "exceeds the limit of 1 MiB", "QUARTIER_MAX_FILE_MB"]) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_FILE_MB"] = "1" } };
        yield return Import("plain JSON instead of gzip", CorpusInputs.Bytes(CorpusInputs.CossmicBundleJson), ["b.qcb", "not gzip-compressed", "0x7B"]);
        yield return Import("empty file", [], ["b.qcb", "it is empty"]);
        yield return Import("cut in half", good[..(good.Length / 2)], ["b.qcb", "gzip data", "cut short"]);
        yield return Import("bytes flipped inside", Flip(good, 40, 80), ["b.qcb", "corrupt"]);
        yield return Import("compression method byte changed", Flip(good, 2, 3), ["b.qcb", "corrupt"]);
        yield return Import("gzip of text", CorpusInputs.Gzip("these are not the results you are looking for"), ["b.qcb:1", "malformed JSON"]);
        yield return Import("gzip of a JSON array", CorpusInputs.Gzip("[1, 2, 3]"), ["b.qcb", "no \"format\": \"quartier-cossmic-bundle\""]);
        yield return Import("gzip of GeoJSON", CorpusInputs.Gzip("{\"type\":\"FeatureCollection\",\"features\":[]}"), ["b.qcb", "no \"format\""]);
        yield return Import("newer format version", CorpusInputs.Gzip("{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":2,\"runSet\":{}}"), ["b.qcb", "format version 2", "update Quartier"]);
        yield return Import("format version is a word", CorpusInputs.Gzip("{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":\"one\",\"runSet\":{}}"), ["b.qcb", "formatVersion"]);
        yield return Import("JSON nested 10000 deep", CorpusInputs.Gzip("{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":1,\"x\":" + new string('[', 10000) + new string(']', 10000) + "}"), ["b.qcb", "exceeds the limit of 64 levels", "QUARTIER_MAX_JSON_DEPTH"]);
        yield return Import("run set missing", CorpusInputs.Gzip("{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":1}"), ["b.qcb", "lacks the required field(s) 'runSet'"]);
        yield return Import("run set is a number", CorpusInputs.Gzip("{\"format\":\"quartier-cossmic-bundle\",\"formatVersion\":1,\"runSet\":5}"), ["b.qcb", "$.runSet"]);
        yield return Import("input is null", CorpusInputs.CossmicBundleWith("input", "null"), ["b.qcb", "$.runSet.input"]);
        yield return Import("PV share is a word", CorpusInputs.CossmicBundleWith("runs[0].kpis.pvShare", "\"high\""), ["b.qcb", "$.runSet.runs[0].kpis.pvShare"]);
        yield return Import("job count is a fraction", CorpusInputs.CossmicBundleWith("input.jobs", "11.5"), ["b.qcb", "$.runSet.input.jobs"]);
        yield return Import("file missing", null, ["none.qcb", "not found"], "{dir}/none.qcb");
        yield return Import("file is a folder", null, ["is a folder"], "{dir}");

        // well-formed but impossible or tampered
        yield return Tampered("PV share of 1.7", "runs[0].kpis.pvShare", "1.7", ["'$.runSet.runs[0].kpis.pvShare' = 1.7", "[0 … 1]"]);
        yield return Tampered("negative demand", "runs[1].kpis.demandWh", "-5", ["'$.runSet.runs[1].kpis.demandWh' = -5", "physical range"]);
        yield return Tampered("negative job energy", "runs[0].jobs[3].energyWh", "-1", ["'$.runSet.runs[0].jobs[3].energyWh' = -1"]);
        yield return Tampered("fairness of 2", "runs[2].kpis.fairness", "2", ["'$.runSet.runs[2].kpis.fairness' = 2", "[0 … 1]"]);
        yield return Tampered("house self-sufficiency of 1.5", "runs[0].houses[0].selfSufficiency", "1.5", ["'$.runSet.runs[0].houses[0].selfSufficiency' = 1.5"]);
        yield return Tampered("statistics disagree with the runs", "statistics.pvShare.mean", "0.999", ["field '$.runSet.statistics.pvShare.mean'", "disagrees with the mean recomputed from the runs"]);
        yield return Tampered("statistics count wrong", "statistics.demandWh.count", "7", ["$.runSet.statistics.demandWh.count", "disagrees with the 3 runs"]);
        yield return Tampered("house statistics disagree", "statistics.houses[0].pvWh.max", "1e6", ["$.runSet.statistics.houses[0].pvWh.max", "recomputed from the runs"]);
        yield return Tampered("job window reversed", "runs[0].jobs[5].latestStartUnix", "1460278800", ["$.runSet.runs[0].jobs[5].latestStartUnix", "before the earliest start"]);
        yield return Tampered("job started after its window", "runs[0].jobs[5].startUnix", "1460311300", ["$.runSet.runs[0].jobs[5].startUnix", "outside its window"]);
        yield return Tampered("job start in 1970", "runs[0].jobs[5].startUnix", "60", ["'$.runSet.runs[0].jobs[5].startUnix' = 60", "physical range"]);
        yield return Tampered("job PV above its energy", "runs[1].jobs[5].pvWh", "1e6", ["'$.runSet.runs[1].jobs[5].pvWh' = 1000000", "physical range"]);
        yield return Tampered("job grid energy inconsistent", "runs[1].jobs[6].gridWh", "12345", ["$.runSet.runs[1].jobs[6].gridWh", "disagrees with energy minus PV energy"]);
        yield return Tampered("demand differs from the jobs", "runs[0].kpis.demandWh", "3000", ["$.runSet.runs[0].kpis.pvWh", "exceeds the demand 3000 Wh"]);
        yield return Tampered("grid energy inconsistent", "runs[0].kpis.gridWh", "0", ["$.runSet.runs[0].kpis.gridWh", "disagrees with demand minus PV energy used"]);
        yield return Tampered("jobs on grid miscounted", "runs[0].kpis.jobsOnGrid", "0", ["$.runSet.runs[0].kpis.jobsOnGrid", "jobs on grid, but"]);
        yield return Tampered("scheduled and skipped jobs miscounted", "runs[0].kpis.skippedJobs", "4", ["$.runSet.runs[0].kpis.scheduledJobs", "should be the input's 11"]);
        yield return Tampered("background jobs above all jobs", "input.backgroundJobs", "1000", ["'$.runSet.input.backgroundJobs' = 1000", "[0 … 11]"]);
        yield return Tampered("fewer runs than the options", "options.runs", "2", ["$.runSet.runs", "holds 3 runs but the options say 2"]);
        yield return Tampered("unknown algorithm", "options.algorithm", "\"slsqp\"", ["$.runSet.options", "unknown algorithm 'slsqp'"]);
        yield return Tampered("negative prediction error", "options.predictionError", "-1", ["$.runSet.options", "prediction error -1"]);
        yield return Tampered("seed not the base seed plus the run", "runs[2].seed", "1", ["$.runSet.runs[2].seed", "base seed plus the run index"]);
        yield return Tampered("negative MILP solves", "runs[0].solver.milpSolves", "-3", ["'$.runSet.runs[0].solver.milpSolves' = -3"]);
        yield return Tampered("a run without houses", "runs[1].houses", "[]", ["$.runSet.runs[1].houses", "lists 0 houses but the input has"]);
        yield return Tampered("no runs", "runs", "[]", ["$.runSet.runs", "holds 0 runs"]);
        yield return Tampered("a null job", "runs[0].jobs[0]", "null", ["$.runSet.runs[0].jobs", "a job is null"]);
        yield return Tampered("time zero in the year 3000", "input.timeZeroUnix", "32503680000", ["'$.runSet.input.timeZeroUnix' = 3.25e10"]);
    }

    private static BadInputCase Import(string name, byte[]? bundle, string[] expect, string path = "{dir}/b.qcb")
    {
        var files = bundle is null ? new Dictionary<string, byte[]>() : new Dictionary<string, byte[]> { ["b.qcb"] = bundle };
        return new BadInputCase(Command, name, files, ["results", "import", path, "--db", "{db}"], expect);
    }

    private static BadInputCase Tampered(string name, string path, string rawValue, string[] expect) =>
        Import(name, CorpusInputs.CossmicBundleWith(path, rawValue), ["b.qcb", .. expect]);

    private static byte[] Flip(byte[] bytes, int from, int to)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = from; i < to && i < copy.Length; i++)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }
}
