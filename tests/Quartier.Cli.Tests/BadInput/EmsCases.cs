using System.IO.Compression;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier run</c>'s EMS options and compressed ESDL inputs.</summary>
[CorpusSection]
internal static class EmsCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Run(params string[] extra) => ["run", "{dir}/test.esdl", "--db", "{db}", .. extra];
        yield return BadInputCase.Of("run --ems", "unknown strategy", Run("--ems", "genetic"), ["--ems", "genetic"], esdl);
        yield return BadInputCase.Of("run --ems", "gap of one and a half", Run("--ems", "dots", "--ems-gap", "1.5"), ["--ems-gap: EMS gap 1.5 must be in [0, 1)"], esdl);
        yield return BadInputCase.Of("run --ems", "negative gap", Run("--ems", "mpc", "--ems-gap", "-0.1"), ["--ems-gap: EMS gap -0.1 must be in [0, 1)"], esdl);
        yield return BadInputCase.Of("run --ems", "gap is a word", Run("--ems", "dots", "--ems-gap", "tight"), ["--ems-gap", "tight"], esdl);
        yield return BadInputCase.Of("run --ems", "horizon of zero", Run("--ems", "dots", "--ems-horizon", "0"), ["--ems-horizon: EMS horizon 0 must be 1 … 2976 steps"], esdl);
        yield return BadInputCase.Of("run --ems", "horizon of a year", Run("--ems", "mpc", "--ems-horizon", "35040"), ["--ems-horizon: EMS horizon 35040 must be 1 … 2976 steps"], esdl);
        yield return BadInputCase.Of("run --ems", "unknown solver", Run("--ems", "dots", "--ems-solver", "gurobi"), ["--ems-solver: 'gurobi' is not a solver"], esdl);
        yield return BadInputCase.Of("run --ems", "unknown rule set", Run("--rules", "pyssmic"), ["--rules: 'pyssmic' is not a rule set"], esdl);
        yield return BadInputCase.Of("run --ems", "gap given to the rule EMS", Run("--ems", "rule", "--ems-gap", "0.1"), ["--ems: the EMS gap and horizon apply to a planning EMS"], esdl);

        var packed = Gzip(System.Text.Encoding.UTF8.GetBytes(CorpusInputs.Esdl));
        yield return BadInputCase.Of("run --ems", "gzip ESDL cut short", ["run", "{dir}/test.esdl.gz", "--db", "{db}"], ["test.esdl.gz", "gzip data"], ("test.esdl.gz", packed[..(packed.Length / 2)]));
        var corrupt = (byte[])packed.Clone();
        for (int i = 20; i < corrupt.Length - 8; i += 7)
        {
            corrupt[i] ^= 0x5A;
        }

        yield return BadInputCase.Of("run --ems", "gzip ESDL corrupt", ["run", "{dir}/test.esdl.gz", "--db", "{db}"], ["test.esdl.gz", "gzip data"], ("test.esdl.gz", corrupt));
        yield return BadInputCase.Of("validate", "gzip of a non-ESDL", ["validate", "{dir}/notes.esdl.gz"], ["notes.esdl.gz"], ("notes.esdl.gz", Gzip("just some notes, not XML"u8.ToArray())));
        yield return new BadInputCase("run --ems", "gzip ESDL beyond the decompressed limit", new Dictionary<string, byte[]> { ["big.esdl.gz"] = Gzip(new byte[3 << 20]) }, ["run", "{dir}/big.esdl.gz", "--db", "{db}"], ["big.esdl.gz", "QUARTIER_MAX_DECOMPRESSED_MB"])
        {
            Environment = new Dictionary<string, string> { ["QUARTIER_MAX_DECOMPRESSED_MB"] = "1" },
        };
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }
}
