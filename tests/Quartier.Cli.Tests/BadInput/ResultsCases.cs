namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier results list/show/export</c> with unknown run ids, bad formats, output paths that cannot be
/// written, and databases that are not result stores — refused before anything is written.
/// </summary>
[CorpusSection]
internal static class ResultsCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        var text = ("f.txt", "not a database\n");
        yield return BadInputCase.Of("results logs", "a service the run did not have", ["results", "logs", "latest", "--db", "{db}", "--service", "ghost"], ["--service", "has no log of service 'ghost'", "logs: none"]);
        yield return BadInputCase.Of("results logs", "unknown run id", ["results", "logs", "ffffffff", "--db", "{db}"], ["workspace.db", "no run 'ffffffff'"]);
        yield return BadInputCase.Of("results show", "unknown run id", ["results", "show", "ffffffff", "--db", "{db}"], ["workspace.db", "no run 'ffffffff'", "results list"]);
        yield return BadInputCase.Of("results show", "empty run id", ["results", "show", " ", "--db", "{db}"], ["workspace.db", "no run id given"]);
        yield return BadInputCase.Of("results show", "run id of 5000 characters", ["results", "show", new string('a', 5000), "--db", "{db}"], ["workspace.db", "no run 'aaaaaaaaaa"]);
        yield return BadInputCase.Of("results show", "database missing", ["results", "show", "latest", "--db", "{dir}/none.db"], ["none.db", "no result database here yet"]);
        yield return BadInputCase.Of("results show", "database is a text file", ["results", "show", "latest", "--db", "{dir}/f.txt"], ["f.txt", "is not a Quartier result store"], text);
        yield return BadInputCase.Of("results list", "database is a text file", ["results", "list", "--db", "{dir}/f.txt"], ["f.txt", "is not a Quartier result store"], text);
        yield return BadInputCase.Of("results list", "database of random bytes", ["results", "list", "--db", "{dir}/r.db"], ["r.db", "is not a Quartier result store"], ("r.db", Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 256)).ToArray()));
        yield return BadInputCase.Of("results export", "unknown run id", ["results", "export", "nope", "--db", "{db}", "--out", "{dir}/out"], ["workspace.db", "no run 'nope'"]);
        yield return BadInputCase.Of("results export", "unknown format", ["results", "export", "latest", "--db", "{db}", "--format", "xlsx"], ["xlsx"]);
        yield return BadInputCase.Of("results export", "bundle of a run that has none", ["results", "export", "latest", "--db", "{db}", "--format", "bundle", "--out", "{dir}/b.qcb"], ["workspace.db", "has no result bundle"]);
        yield return BadInputCase.Of("results export", "output folder is a file", ["results", "export", "latest", "--db", "{db}", "--out", "{dir}/f.txt"], ["f.txt", "--out is a file; give a folder"], text);
        yield return BadInputCase.Of("results export", "output folder under a file", ["results", "export", "latest", "--db", "{db}", "--out", "{dir}/f.txt/csv"], ["--out", "f.txt' is a file, not a folder"], text);
        yield return BadInputCase.Of("results export", "output folder in /proc", ["results", "export", "latest", "--db", "{db}", "--out", "/proc/quartier-corpus"], ["/proc/quartier-corpus", "--out cannot be written"]);
        yield return BadInputCase.Of("results export", "database is a text file", ["results", "export", "latest", "--db", "{dir}/f.txt", "--out", "{dir}/out"], ["f.txt", "is not a Quartier result store"], text);
    }
}
