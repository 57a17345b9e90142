namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: the workspace database (<c>--db</c>, <c>QUARTIER_DB</c>) and the input limits' environment variables.</summary>
[CorpusSection]
internal static class WorkspaceCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        yield return BadInputCase.Of("workspace", "run into a text file as database", ["run", "{dir}/test.esdl", "--db", "{dir}/notes.txt"], ["notes.txt", "is not a Quartier result store"], esdl, ("notes.txt", "shopping list\n"));
        yield return BadInputCase.Of("workspace", "list a text file as database", ["results", "list", "--db", "{dir}/notes.txt"], ["notes.txt", "is not a Quartier result store"], ("notes.txt", "shopping list\n"));
        yield return BadInputCase.Of("workspace", "show from an ESDL file as database", ["results", "show", "latest", "--db", "{dir}/test.esdl"], ["test.esdl", "is not a Quartier result store"], esdl);
        yield return BadInputCase.Of("workspace", "list a folder as database", ["results", "list", "--db", "{dir}"], ["{dir}"], esdl);
        yield return new BadInputCase("workspace", "file limit lowered below the input", new Dictionary<string, byte[]>(), ["validate", "{ref}/dots/arch72-bandwidth/arch72-bandwidth.esdl"], ["arch72-bandwidth.esdl", "exceeds the limit of 1 MiB", "QUARTIER_MAX_FILE_MB"])
        {
            Environment = new Dictionary<string, string> { ["QUARTIER_MAX_FILE_MB"] = "1" },
        };
        yield return new BadInputCase("workspace", "file limit not a number", new Dictionary<string, byte[]> { ["test.esdl"] = CorpusInputs.Bytes(CorpusInputs.Esdl) }, ["validate", "{dir}/test.esdl"], ["QUARTIER_MAX_FILE_MB='lots'", "not a positive whole number"])
        {
            Environment = new Dictionary<string, string> { ["QUARTIER_MAX_FILE_MB"] = "lots" },
        };
        yield return new BadInputCase("workspace", "XML depth limit lowered below the input", new Dictionary<string, byte[]> { ["test.esdl"] = CorpusInputs.Bytes(CorpusInputs.Esdl) }, ["validate", "{dir}/test.esdl"], ["test.esdl:", "exceeds the limit of 3 levels", "QUARTIER_MAX_XML_DEPTH"])
        {
            Environment = new Dictionary<string, string> { ["QUARTIER_MAX_XML_DEPTH"] = "3" },
        };
    }
}
