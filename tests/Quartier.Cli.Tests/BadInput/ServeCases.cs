namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier serve</c>'s options, refused before it listens (its request bodies are posted by the server tests).</summary>
[CorpusSection]
internal static class ServeCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        string[] Serve(params string[] args) => ["serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:{db}", .. args];
        yield return BadInputCase.Of("serve", "no workers", Serve("--concurrency", "0"), ["--concurrency", "concurrency 0 must be 1 … 256"]);
        yield return BadInputCase.Of("serve", "concurrency a word", Serve("--concurrency", "many"), ["'many'", "--concurrency"]);
        yield return BadInputCase.Of("serve", "store of an unknown kind", ["serve", "--urls", "http://127.0.0.1:0", "--store", "postgres://"], ["store"]);
        yield return BadInputCase.Of("serve", "store SQLite without a path", ["serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:"], ["--store", "give the SQLite file"]);
        yield return BadInputCase.Of("serve", "InfluxDB not over HTTP", Serve("--influx", "ftp://127.0.0.1/dots"), ["--influx", "is not an InfluxDB address"]);
        yield return BadInputCase.Of("serve", "InfluxDB without a database", Serve("--influx", "http://127.0.0.1:18086"), ["--influx", "names no database"]);
        yield return BadInputCase.Of("serve", "cluster not a PostgreSQL URL", Serve("--cluster", "mysql://u:p@127.0.0.1/db"), ["--cluster", "postgres://user:password@host:port/database"]);
        yield return BadInputCase.Of("serve", "cluster PostgreSQL unreachable", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db"), ["--cluster", "cannot reach"]);
        yield return BadInputCase.Of("serve", "cluster silo port out of range", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db", "--silo-port", "70000"), ["--silo-port 70000 must be 1 … 65535"]);
        yield return BadInputCase.Of("serve", "cluster silo and gateway on one port", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db", "--silo-port", "30000"), ["--silo-port and --gateway-port are both 30000"]);
        yield return BadInputCase.Of("serve", "cluster address not an IP", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db", "--advertise", "silo.local"), ["--advertise 'silo.local' is not an IP address"]);
        yield return BadInputCase.Of("serve", "cluster without slots", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db", "--cluster-slots", "0"), ["--cluster-slots 0 must be 1 … 256"]);
        yield return BadInputCase.Of("serve", "cluster probe too short", Serve("--cluster", "postgres://u:p@127.0.0.1:9/db", "--probe-timeout", "0"), ["--probe-timeout 0 must be 0.2 … 600 s"]);
        yield return BadInputCase.Of("serve", "InfluxDB unreachable", Serve("--influx", "http://127.0.0.1:9/dots"), ["--influx", "InfluxDB at http://127.0.0.1:9/ cannot be reached"]);
    }
}
