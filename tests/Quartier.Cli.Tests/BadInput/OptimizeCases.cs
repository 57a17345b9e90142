namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier optimize --eos</c> — the same bad EOS requests as <c>eos simulate</c>, and its own options.</summary>
[CorpusSection]
internal static class OptimizeCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        const string cmd = "optimize --eos";
        string[] Opt(string input = "{dir}/in.json", params string[] extra) => ["optimize", "--eos", input, "--start-hour", "10", .. extra];
        foreach (var (name, json, expect) in EosCases.BadInputs().Where((_, i) => i % 2 == 0))
        {
            yield return BadInputCase.Of(cmd, name, Opt(), ["in.json", .. expect], ("in.json", json));
        }

        yield return BadInputCase.Of(cmd, "top level is an array", Opt(), ["in.json", "must be a JSON object"], ("in.json", "[]"));
        yield return BadInputCase.Of(cmd, "missing file", Opt("{dir}/none.json"), ["none.json", "not found"]);
        yield return BadInputCase.Of(cmd, "start hour 99", ["optimize", "--eos", "{ref}/eos/optimize_input_1.json", "--start-hour", "99"], ["start hour 99 is outside 0…47"]);
        yield return BadInputCase.Of(cmd, "EV charge rate of 3", Opt("{ref}/eos/optimize_input_1.json", "--ev-charge-rates", "0,3"), ["--ev-charge-rates", "'3'", "0…1"]);
        yield return BadInputCase.Of(cmd, "EV charge rates empty", Opt("{ref}/eos/optimize_input_1.json", "--ev-charge-rates", ","), ["--ev-charge-rates"]);
        yield return BadInputCase.Of(cmd, "date is not a date", Opt("{ref}/eos/optimize_input_1.json", "--date", "tomorrow"), ["--date 'tomorrow'"]);
    }
}
