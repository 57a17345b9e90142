namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier run</c>'s arguments on a valid ESDL — each found before anything is written.</summary>
[CorpusSection]
internal static class RunArgumentCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Run(params string[] extra) => ["run", "{dir}/test.esdl", "--db", "{db}", .. extra];
        yield return BadInputCase.Of("run", "record pattern of brackets", Run("--record", "]]][[["), ["--record: pattern ']]][[['", "matches no signal", "Transformer/cable*_ph*"], esdl);
        yield return BadInputCase.Of("run", "record pattern of an unknown type", Run("--record", "Windmill/power"), ["--record: pattern 'Windmill/power'", "matches no signal"], esdl);
        yield return BadInputCase.Of("run", "start before the profiles", Run("--start", "2019-01-01T00:00:00Z", "--duration", "1h"), ["test.esdl", "before the profiles begin at 2020-08-11 00:00"], esdl);
        yield return BadInputCase.Of("run", "start is a word", Run("--start", "yesterday"), ["--start: 'yesterday' is not a date-time"], esdl);
        yield return BadInputCase.Of("run", "duration is a word", Run("--duration", "long"), ["--duration: 'long' is not a duration"], esdl);
        yield return BadInputCase.Of("run", "step of zero", Run("--step", "0"), ["--step: '0' is not a duration"], esdl);
        yield return BadInputCase.Of("run", "step of two days", Run("--step", "2d"), ["--step", "between 1 s and 1 day"], esdl);
        yield return BadInputCase.Of("run", "duration past the profiles", Run("--duration", "400d"), ["test.esdl", "profiles end at"], esdl);
        yield return BadInputCase.Of("run", "missing file", ["run", "{dir}/nothing.esdl", "--db", "{db}"], ["nothing.esdl", "not found"]);
        yield return BadInputCase.Of("run", "a folder instead of a file", ["run", "{dir}", "--db", "{db}"], ["is a folder"], esdl);
        yield return BadInputCase.Of("run", "unknown option", Run("--speed", "fast"), ["--speed"], esdl);
        yield return BadInputCase.Of("run", "weather file missing", Run("--weather", "{dir}/none.epw"), ["none.epw", "not found"], esdl);
        yield return BadInputCase.Of("run", "line codes missing", Run("--line-codes", "{dir}/none.dss"), ["none.dss", "does not exist"], esdl);
    }
}
