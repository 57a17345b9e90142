using Quartier.Core.Errors;
using Quartier.Server.Jobs;
using Quartier.Storage;
using Quartier.Storage.Postgres;

namespace Quartier.Server;

/// <summary>Opens the result store the job, scenario and neighbourhood tables named by <c>--store</c>: <c>sqlite:PATH</c> (or a bare path) or <c>postgres://…</c>.</summary>
public static class Stores
{
    public static (IRunStore Store, IJobStore Jobs, IScenarioStore Scenarios, INeighbourhoodStore Neighbourhoods) Open(ServeOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = options.Store.Trim();
        if (spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            // PostgreSQL takes concurrent readers and writers itself: no serialising wrapper, runs write as they go
            return (PostgresResultStore.Open(spec, clock), new PostgresJobStore(spec), new PostgresScenarioStore(spec), new PostgresNeighbourhoodStore(spec));
        }

        var path = spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputException("give the SQLite file, e.g. sqlite:.quartier/quartier.db", field: "store");
        }

        var store = SqliteResultStore.Open(path, clock);
        return (new SerializedStore(store), new SqliteJobStore(store.Path), new SqliteScenarioStore(store.Path), new SqliteNeighbourhoodStore(store.Path));
    }
}
