namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: what the command-line parser refuses (types, missing arguments, unknown commands), in plain words.</summary>
[CorpusSection]
internal static class ArgumentCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        yield return BadInputCase.Of("arguments", "unknown command", ["simulate", "{dir}/test.esdl"], ["simulate"], esdl);
        yield return BadInputCase.Of("arguments", "run without a file", ["run"], ["Required argument 'file' missing"]);
        yield return BadInputCase.Of("arguments", "cossmic runs a word", ["cossmic", "run", "{ref}/pyssmic/best_case", "--runs", "abc"], ["'abc'", "--runs", "as a whole number"]);
        yield return BadInputCase.Of("arguments", "cossmic seed a fraction", ["cossmic", "run", "{ref}/pyssmic/best_case", "--seed", "1.5"], ["'1.5'", "--seed", "as a whole number"]);
        yield return BadInputCase.Of("arguments", "cossmic prediction error a word", ["cossmic", "run", "{ref}/pyssmic/best_case", "--prediction-error", "high"], ["'high'", "--prediction-error", "as a number"]);
        yield return BadInputCase.Of("arguments", "pv latitude a word", ["pv", "estimate", "--lat", "north", "--lon", "8", "--kwp", "1", "--weather", "{ref}/weather/tmy_45.000_8.000_2005_2023.csv"], ["'north'", "--lat", "as a number"]);
        yield return BadInputCase.Of("arguments", "eos start hour a word", ["eos", "simulate", "--input", "{ref}/eos/optimize_input_1.json", "--controls", "{ref}/eos/optimize_result_1.json", "--start-hour", "ten"], ["'ten'", "--start-hour", "as a whole number"]);
        yield return BadInputCase.Of("arguments", "weather year a word", ["weather", "show", "{ref}/weather/tmy_45.000_8.000_2005_2023.csv", "--year", "next"], ["'next'", "--year", "as a whole number"]);
        yield return BadInputCase.Of("arguments", "grid load a word", ["grid", "check", "{dir}/test.esdl", "--load-per-phase", "lots"], ["'lots'", "--load-per-phase", "as a number"], esdl);
        yield return BadInputCase.Of("arguments", "grid load not a number", ["grid", "check", "{dir}/test.esdl", "--load-per-phase", "NaN"], ["--load-per-phase"], esdl);
        yield return BadInputCase.Of("arguments", "grid load infinite", ["grid", "check", "{dir}/test.esdl", "--load-per-phase", "Infinity"], ["--load-per-phase"], esdl);
        yield return BadInputCase.Of("arguments", "grid load of a gigawatt", ["grid", "check", "{dir}/test.esdl", "--load-per-phase", "1e9"], ["--load-per-phase"], esdl);
        yield return BadInputCase.Of("arguments", "grid reactive power not a number", ["grid", "check", "{dir}/test.esdl", "--q-per-phase", "NaN"], ["--q-per-phase"], esdl);
        yield return BadInputCase.Of("arguments", "weather UTC offset of 30 h", ["weather", "show", "{ref}/weather/tmy_45.000_8.000_2005_2023.csv", "--utc-offset", "30"], ["--utc-offset"]);
        yield return BadInputCase.Of("arguments", "weather year 99999", ["weather", "show", "{ref}/weather/tmy_45.000_8.000_2005_2023.csv", "--year", "99999"], ["--year"]);
        yield return BadInputCase.Of("arguments", "results export with two formats", ["results", "export", "latest", "--format", "csv", "bundle", "--out", "{dir}/out"], ["bundle"]);
        yield return BadInputCase.Of("arguments", "results export of an unknown format", ["results", "export", "latest", "--format", "xlsx", "--out", "{dir}/out"], ["xlsx"]);
    }
}
