namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier grid check</c> — broken networks in the ESDL and broken OpenDSS line-code and
/// transformer-code libraries (<c>--line-codes</c>, <c>--transformer-codes</c>, also under <c>run</c>), each refused
/// naming the ESDL or library file, its line and the element or code.
/// </summary>
[CorpusSection]
internal static class GridCases
{
    private const string LineCode = "New LineCode.4x150Al_4x6Cu_50CuAs_V_VMvKhsas nphases=4 Units=km\n~ Rmatrix=[0.206 | 0.0 0.206 | 0.0 0.0 0.206 | 0.0 0.0 0.0 0.206]\n~ Xmatrix=[0.08 | 0.0 0.08 | 0.0 0.0 0.08 | 0.0 0.0 0.0 0.08]\n~ Normamps=280\n";

    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Check(params string[] extra) => ["grid", "check", "{dir}/test.esdl", .. extra];
        BadInputCase Lines(string name, string library, params string[] expect) =>
            BadInputCase.Of("grid check", name, Check("--line-codes", "{dir}/lines.dss"), expect, esdl, ("lines.dss", library));
        BadInputCase Xfmr(string name, string library, params string[] expect) =>
            BadInputCase.Of("grid check", name, Check("--transformer-codes", "{dir}/xfmr.dss"), expect, esdl, ("xfmr.dss", library));

        yield return Lines("empty line-code library", string.Empty, "lines.dss", "the line-code library defines no LineCode", "empty");
        yield return Lines("line-code library of comments only", "! nothing here\n// nor here\n", "lines.dss", "defines no LineCode");
        yield return Lines("line-code library holding transformer codes", "New XFMRCode.x phases=3 windings=2\n~ wdg=1 kV=10 kVA=400\n~ wdg=2 kV=0.4 kVA=400\n", "lines.dss", "defines no LineCode");
        yield return Lines("negative ampacity", LineCode.Replace("Normamps=280", "Normamps=-280", StringComparison.Ordinal), "lines.dss:4", "'Normamps' = -280", "[0 … 100000] A");
        yield return Lines("matrix entry a word", LineCode.Replace("0.206 | 0.0 0.206", "0.206 | zero 0.206", StringComparison.Ordinal), "lines.dss:2", "Rmatrix=zero is not a number");
        yield return Lines("matrix entry of 1e300", LineCode.Replace("0.206 | 0.0 0.206", "0.206 | 1e300 0.206", StringComparison.Ordinal), "lines.dss:2", "'Rmatrix' = 1e300", "Ω per length unit");
        yield return Lines("zero self resistance", LineCode.Replace("[0.206 |", "[0 |", StringComparison.Ordinal), "lines.dss:2", "self resistance of conductor 1", "must be positive");
        yield return Lines("matrix with too few rows", LineCode.Replace("Rmatrix=[0.206 | 0.0 0.206 | 0.0 0.0 0.206 | 0.0 0.0 0.0 0.206]", "Rmatrix=[0.206 | 0.0 0.206]", StringComparison.Ordinal), "lines.dss:2", "Rmatrix has 2 rows, expected 4");
        yield return Lines("unknown length unit", LineCode.Replace("Units=km", "Units=furlong", StringComparison.Ordinal), "lines.dss:1", "Units=furlong is not one of");
        yield return Lines("nphases of 12", LineCode.Replace("nphases=4", "nphases=12", StringComparison.Ordinal), "lines.dss:1", "nphases=12 is not 1..8");
        yield return Lines("unclosed bracket", LineCode.Replace("0.0 0.0 0.0 0.206]", "0.0 0.0 0.0 0.206", StringComparison.Ordinal), "lines.dss:2", "never closes it");
        yield return Lines("object without a name", "New LineCode nphases=4\n", "lines.dss:1", "expected Class.Name");
        yield return BadInputCase.Of("grid check", "line-code library not UTF-8", Check("--line-codes", "{dir}/lines.dss"), ["lines.dss:2", "invalid UTF-8"], ("test.esdl", CorpusInputs.Bytes(CorpusInputs.Esdl)), ("lines.dss", [.. CorpusInputs.Bytes("! codes\n! caf"), 0xE9, (byte)'\n']));
        yield return BadInputCase.Of("grid check", "line-code library is a folder", Check("--line-codes", "{dir}/sub"), ["is a folder"], esdl, ("sub/x.dss", "x"));
        yield return Xfmr("empty transformer-code library", "\n\n", "xfmr.dss", "the transformer-code library defines no XFMRCode");
        yield return Xfmr("transformer of negative kVA", "New XFMRCode.t phases=3 windings=2\n~ wdg=1 kV=10 kVA=-400\n~ wdg=2 kV=0.4 kVA=400\n", "xfmr.dss:2", "'kVA' = -400", "kVA");
        yield return Xfmr("transformer of 1e9 kV", "New XFMRCode.t phases=3 windings=2\n~ wdg=1 kV=1e9 kVA=400\n~ wdg=2 kV=0.4 kVA=400\n", "xfmr.dss:2", "'kV' = 1e9", "[0.01 … 1000] kV");
        yield return Xfmr("transformer load loss of 250 %", "New XFMRCode.t phases=3 windings=2 %loadloss=250\n~ wdg=1 kV=10 kVA=400\n~ wdg=2 kV=0.4 kVA=400\n", "xfmr.dss:1", "'%loadloss' = 250", "[0 … 100] %");
        yield return Xfmr("three windings", "New XFMRCode.t phases=3 windings=3\n", "xfmr.dss:1", "only two-winding transformers");
        yield return Xfmr("kVs with one value", "New XFMRCode.t phases=3 windings=2 kVs=[10]\n", "xfmr.dss:1", "needs two values");

        // The network in the ESDL.
        BadInputCase Esdl(string name, string content, params string[] expect) => BadInputCase.Of("grid check", name, Check(), expect, ("test.esdl", content));
        yield return Esdl("negative cable length", CorpusInputs.EsdlWith("length=\"24.5\"", "length=\"-24.5\""), "test.esdl:948", "'length' = -24.5", "[0 … 100000] m");
        yield return Esdl("cable length zero and no geometry", RemoveGeometry(CorpusInputs.EsdlWith("length=\"24.5\"", "length=\"0\"")), "test.esdl:948", "'length' = 0 m and no geometry", "positive length");
        yield return Esdl("unknown line code", CorpusInputs.EsdlWith("length=\"24.5\" id=\"10ef23ed-1d9a-48ce-981e-9b98f220620a\" assetType=\"4x150Al_4x6Cu_50CuAs_V_VMvKhsas\"", "length=\"24.5\" id=\"10ef23ed-1d9a-48ce-981e-9b98f220620a\" assetType=\"4x150Al_NoSuchCode\""), "test.esdl:948", "line code '4x150Al_NoSuchCode'", "nearest");
        yield return Esdl("cable connected to a cable", CorpusInputs.EsdlWith("connectedTo=\"fc6525ce-667b-405d-9919-a3bf2e8403f2\"", "connectedTo=\"e45b2146-3e0a-4bd5-988e-fa56e7a0ecbf\""), "is connected directly to cable");
        yield return Esdl("transformer secondary voltage 1e12", CorpusInputs.EsdlWith("voltageSecundary=\"0.38\"", "voltageSecundary=\"1e12\""), "test.esdl:1004", "'voltageSecundary' = 1e12");
        yield return BadInputCase.Of("grid check", "load per phase of 1e12 W", Check("--load-per-phase", "1e12"), ["'--load-per-phase' = 1e12", "[-1000000 … 1000000] W per phase"], esdl);
        yield return BadInputCase.Of("grid check", "ESDL missing", ["grid", "check", "{dir}/none.esdl"], ["none.esdl", "not found"]);
    }

    private static string RemoveGeometry(string esdl)
    {
        var cable = esdl.IndexOf("name=\"Cable2\"", StringComparison.Ordinal);
        var start = esdl.IndexOf("<geometry", cable, StringComparison.Ordinal);
        var end = esdl.IndexOf("</geometry>", start, StringComparison.Ordinal) + "</geometry>".Length;
        var lines = esdl.AsSpan(start, end - start).Count('\n');
        return string.Concat(esdl.AsSpan(0, start), new string('\n', lines), esdl.AsSpan(end));
    }
}
