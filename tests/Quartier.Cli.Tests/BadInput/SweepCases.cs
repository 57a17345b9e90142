namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier sweep</c>'s sweep file.</summary>
[CorpusSection]
internal static class SweepCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Sweep() => ["sweep", "{dir}/s.json", "--db", "{db}"];
        const string Base = "\"base\": \"test.esdl\", \"settings\": {\"duration\": \"6h\", \"ems\": \"rule\"}";
        yield return BadInputCase.Of("sweep", "JSON cut short", Sweep(), ["s.json:1", "the sweep is not valid JSON"], esdl, ("s.json", "{\"axes\": ["));
        yield return BadInputCase.Of("sweep", "no axes", Sweep(), ["s.json", "'axes' must be a non-empty array"], esdl, ("s.json", "{" + Base + "}"));
        yield return BadInputCase.Of("sweep", "an axis without values", Sweep(), ["s.json", "'axes[0].values' must be a non-empty array"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"ems\", \"values\": []}]}"));
        yield return BadInputCase.Of("sweep", "an axis that is no setting", Sweep(), ["s.json", "axis 'colour' is not a run setting", "give 'set'"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"colour\", \"values\": [1]}]}"));
        yield return BadInputCase.Of("sweep", "an EMS that does not exist", Sweep(), ["'turbo' is not an EMS", "rule, dots, mpc"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"ems\", \"values\": [\"rule\", \"turbo\"]}]}"));
        yield return BadInputCase.Of("sweep", "an override that hits no object", Sweep(), ["s.json", "axis 'size': no ESDL object of type Windmill"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"size\", \"set\": {\"type\": \"Windmill\", \"attribute\": \"power\"}, \"values\": [1]}]}"));
        yield return BadInputCase.Of("sweep", "an override by type and id", Sweep(), ["s.json", "'axes[0].set' names the objects by type or by id"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"size\", \"set\": {\"type\": \"PVInstallation\", \"id\": \"x\", \"attribute\": \"power\"}, \"values\": [1]}]}"));
        yield return BadInputCase.Of("sweep", "a value that is an object", Sweep(), ["s.json", "'axes[0].values[0]' must be a text, number or true/false"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"ems\", \"values\": [{\"x\": 1}]}]}"));
        yield return BadInputCase.Of("sweep", "too many runs", Sweep(), ["s.json", "runs; a sweep runs at most 10,000"], esdl, ("s.json", "{" + Base + ", \"axes\": [" + string.Join(", ", Enumerable.Range(0, 3).Select(i => $"{{\"name\": \"a{i}\", \"set\": {{\"type\": \"PVInstallation\", \"attribute\": \"x{i}\"}}, \"values\": [{string.Join(", ", Enumerable.Range(1, 30))}]}}")) + "]}"));
        yield return BadInputCase.Of("sweep", "base scenario missing", Sweep(), ["s.json", "none.esdl not found"], esdl, ("s.json", "{\"base\": \"none.esdl\", \"axes\": [{\"name\": \"ems\", \"values\": [\"rule\"]}]}"));
        yield return BadInputCase.Of("sweep", "an unknown setting", Sweep(), ["s.json", "'speed' is not a run setting"], esdl, ("s.json", "{\"base\": \"test.esdl\", \"settings\": {\"speed\": 3}, \"axes\": [{\"name\": \"ems\", \"values\": [\"rule\"]}]}"));
        string[] Yaml() => ["sweep", "{dir}/s.yaml", "--db", "{db}"];
        yield return BadInputCase.Of("sweep", "YAML: bad indentation", Yaml(), ["s.yaml:4", "the sweep is not valid YAML", "line 4, column 4"], esdl, ("s.yaml", "base: test.esdl\naxes:\n  - name: ems\n   values: [rule]\n"));
        yield return BadInputCase.Of("sweep", "YAML: an alias", Yaml(), ["s.yaml:4", "anchors and aliases are not used"], esdl, ("s.yaml", "base: test.esdl\naxes:\n  - name: ems\n    values: &v [rule]\n  - name: solver\n    values: *v\n"));
        yield return BadInputCase.Of("sweep", "YAML: two documents", Yaml(), ["s.yaml", "a sweep is one YAML document; this file has 2"], esdl, ("s.yaml", "base: test.esdl\n---\nbase: test.esdl\n"));
        yield return BadInputCase.Of("sweep", "YAML: a key given twice", Yaml(), ["s.yaml:2", "Duplicate key base"], esdl, ("s.yaml", "base: test.esdl\nbase: other.esdl\naxes: []\n"));
        yield return BadInputCase.Of("sweep", "YAML: a list for a value", Yaml(), ["s.yaml", "'axes[0].values[0]' must be a text, number or true/false"], esdl, ("s.yaml", "base: test.esdl\naxes:\n  - name: ems\n    values: [[rule]]\n"));
        var pyssmic = Cli.Reference("pyssmic/small_test").Replace("\\", "/", StringComparison.Ordinal);
        string Cossmic(string rest) => "{\"base\": \"" + pyssmic + "\", " + rest + "}";
        yield return BadInputCase.Of("sweep", "CoSSMic: an ESDL override", Sweep(), ["s.json", "'axes[0].set': the base is a CoSSMic neighbourhood"], esdl, ("s.json", Cossmic("\"axes\": [{\"name\": \"size\", \"set\": {\"type\": \"PVInstallation\", \"attribute\": \"power\"}, \"values\": [1]}]")));
        yield return BadInputCase.Of("sweep", "CoSSMic: an ESDL run setting", Sweep(), ["s.json", "axis 'ems' is not a CoSSMic run option"], esdl, ("s.json", Cossmic("\"axes\": [{\"name\": \"ems\", \"values\": [\"rule\"]}]")));
        yield return BadInputCase.Of("sweep", "CoSSMic: no runs", Sweep(), ["s.json", "runs 0 must be between 1 and 10000"], esdl, ("s.json", Cossmic("\"axes\": [{\"name\": \"runs\", \"values\": [1, 0]}]")));
        yield return BadInputCase.Of("sweep", "CoSSMic: an unknown algorithm", Sweep(), ["s.json", "unknown algorithm 'smart'"], esdl, ("s.json", Cossmic("\"settings\": {\"algorithm\": \"smart\"}, \"axes\": [{\"name\": \"seed\", \"values\": [1]}]")));
        var valid = ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"ems\", \"values\": [\"rule\"]}]}");
        yield return BadInputCase.Of("sweep", "--server not an http address", ["sweep", "{dir}/s.json", "--server", "ftp://127.0.0.1/q"], ["--server 'ftp://127.0.0.1/q' is not a server's address", "http://HOST:PORT"], esdl, valid);
        yield return BadInputCase.Of("sweep", "--server with --db", [.. Sweep(), "--server", "http://127.0.0.1:9"], ["--db and --server exclude each other"], esdl, valid);
        yield return BadInputCase.Of("sweep", "--server where nothing listens", ["sweep", "{dir}/s.json", "--server", "http://127.0.0.1:9"], ["uploading the base scenario: cannot reach the server at http://127.0.0.1:9/"], esdl, valid) with { ExitCode = 1 };
        yield return BadInputCase.Of("sweep", "parallel 0", [.. Sweep(), "--parallel", "0"], ["--parallel 0 must be 1"], esdl, ("s.json", "{" + Base + ", \"axes\": [{\"name\": \"ems\", \"values\": [\"rule\"]}]}"));
    }
}
