using Npgsql;
using Quartier.Core.Errors;

namespace Quartier.Storage.Postgres;

/// <summary>
/// The result store's tables in a PostgreSQL database, created and upgraded at open by an ordered list of migrations.
/// Table <c>quartier_schema</c> holds the version reached; the migrations run in one transaction under a
/// transaction-scoped advisory lock, so servers that start together take turns and the second finds nothing to do.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory-lock key of schema migrations ("Quartier" in ASCII).</summary>
    private const long MigrationLock = 0x5175617274696572;

    private const string DuplicateTable = "42P07";

    /// <summary>Migration <c>i</c> takes the schema from version <c>i</c> to <c>i + 1</c>. Append only; never edit one.</summary>
    private static readonly string[] Migrations =
    [
        // 1: runs, their KPIs, series and blocks. seq orders runs created in the same microsecond and ordinal keeps
        // KPIs in written order (SQLite uses its rowid for both). Block payloads (raw float64, BlockCodec) are TOASTed
        // with lz4 where the server has it: runs of equal values (a battery at its bounds) shrink and, measured on a
        // 1,000-home year, ingestion is faster than without compression (less WAL) and than pglz (less CPU).
        """
        CREATE TABLE runs (
            id           text PRIMARY KEY,
            name         text NOT NULL,
            input_file   text NOT NULL,
            input_hash   text NOT NULL,
            parameters   text NOT NULL,
            status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
            error        text,
            created_utc  timestamptz NOT NULL,
            finished_utc timestamptz,
            wall_seconds double precision,
            grid_start   timestamptz NOT NULL,
            step_seconds integer NOT NULL,
            step_count   integer NOT NULL,
            seq          bigint GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX runs_by_created ON runs (created_utc DESC, seq DESC);
        CREATE TABLE kpis (
            run_id  text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            name    text NOT NULL,
            scope   text NOT NULL,
            value   double precision,
            unit    text NOT NULL,
            PRIMARY KEY (run_id, scope, name)
        );
        CREATE TABLE series (
            run_id    text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            series_id integer NOT NULL,
            esdl_type text NOT NULL,
            esdl_id   text NOT NULL,
            esdl_name text NOT NULL,
            output    text NOT NULL,
            unit      text NOT NULL,
            PRIMARY KEY (run_id, series_id)
        );
        CREATE TABLE blocks (
            run_id     text NOT NULL,
            series_id  integer NOT NULL,
            first_step integer NOT NULL,
            step_count integer NOT NULL,
            data       bytea NOT NULL,
            PRIMARY KEY (run_id, series_id, first_step),
            FOREIGN KEY (run_id, series_id) REFERENCES series (run_id, series_id) ON DELETE CASCADE
        );
        DO $$
        BEGIN
            EXECUTE 'ALTER TABLE blocks ALTER COLUMN data SET COMPRESSION lz4';
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN
            NULL; -- a server built without lz4 (or before PostgreSQL 14) keeps its default, pglz
        END $$;
        """,

        // 2: files kept with a run, written in the run's transaction
        """
        CREATE TABLE attachments (
            run_id  text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name    text NOT NULL,
            content bytea NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        """,

        // 3: a server's job queue and history; seq keeps insertion order among jobs created at the same instant
        """
        CREATE TABLE jobs (
            id              text PRIMARY KEY,
            kind            text NOT NULL,
            name            text NOT NULL,
            request         bytea NOT NULL,
            settings        text NOT NULL,
            state           text NOT NULL,
            error           text,
            notes           text NOT NULL,
            created_utc     timestamptz NOT NULL,
            started_utc     timestamptz,
            ended_utc       timestamptz,
            deleted         boolean NOT NULL,
            logs_expire_utc timestamptz NOT NULL,
            log             text NOT NULL,
            seq             bigint GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX jobs_by_created ON jobs (created_utc, seq);
        """,

        // 4: a server's uploaded scenarios
        """
        CREATE TABLE scenarios (
            id          text PRIMARY KEY,
            name        text NOT NULL,
            kind        text NOT NULL,
            content     bytea NOT NULL,
            summary     text NOT NULL,
            created_utc timestamptz NOT NULL,
            seq         bigint GENERATED ALWAYS AS IDENTITY
        );
        """,

        // 5: block payloads may be compressed (BlockCodec format 1, shorter than 8 bytes a value; lz4 TOAST then finds
        // nothing to gain and stores them as they are); no table changes, but a server of schema 4 would take such a
        // block for a corrupt one
        """
        COMMENT ON COLUMN blocks.data IS 'BlockCodec payload: raw little-endian float64 (8 bytes a value) or format 1 (shorter)';
        """,

        // 6: a block may refer to another series' identical block of the same steps (BlockCodec's 5-byte reference);
        // no table changes, but a server of schema 5 would take such a block for a corrupt one
        """
        COMMENT ON COLUMN blocks.data IS 'BlockCodec payload: raw little-endian float64 (8 bytes a value), format 1 (shorter) or a 5-byte reference to another series'' block of the same steps';
        """,

        // 7: neighbourhoods built in the dashboard's editor, every saved version kept (the document as JSON)
        """
        CREATE TABLE neighbourhoods (
            id        text NOT NULL,
            version   integer NOT NULL,
            name      text NOT NULL,
            document  text NOT NULL,
            saved_utc timestamptz NOT NULL,
            seq       bigint GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (id, version)
        );
        """,
    ];

    public static int Version => Migrations.Length;

    /// <summary>
    /// Connects to the server named by <paramref name="url"/> and brings its schema to <see cref="Version"/>; the
    /// returned pool belongs to the caller.
    /// </summary>
    /// <exception cref="InputException">Bad URL, unreachable server, refused login, or a database that is not a store.</exception>
    public static NpgsqlDataSource Open(PostgresUrl url)
    {
        var dataSource = NpgsqlDataSource.Create(url.ConnectionString());
        try
        {
            Migrate(dataSource, url);
            return dataSource;
        }
        catch (NpgsqlException ex)
        {
            dataSource.Dispose();
            throw new InputException($"cannot open the PostgreSQL store at {url.Endpoint}: {ex.Message}", url.Display, inner: ex, field: "store");
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    private static void Migrate(NpgsqlDataSource dataSource, PostgresUrl url)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Pg.Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})");
        Pg.Execute(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS quartier_schema (single boolean PRIMARY KEY DEFAULT true CHECK (single), version integer NOT NULL)");
        int version;
        using (var read = Pg.Command(connection, transaction, "SELECT version FROM quartier_schema"))
        {
            version = read.ExecuteScalar() is int v ? v : 0;
        }

        if (version > Version)
        {
            throw new InputException(
                $"was written by a newer Quartier (result store schema {version}; this version reads up to {Version})",
                file: url.Display,
                field: "store");
        }

        if (version == Version)
        {
            transaction.Commit();
            return;
        }

        for (var step = version; step < Version; step++)
        {
            try
            {
                Pg.Execute(connection, transaction, Migrations[step]);
            }
            catch (PostgresException ex) when (ex.SqlState == DuplicateTable)
            {
                throw new InputException(
                    $"is not a Quartier result store at schema {step} (database {url.Database} already has a table the schema creates: {ex.MessageText})",
                    file: url.Display,
                    inner: ex,
                    field: "store");
            }
        }

        using (var write = Pg.Command(
            connection,
            transaction,
            "INSERT INTO quartier_schema (single, version) VALUES (true, $1) ON CONFLICT (single) DO UPDATE SET version = EXCLUDED.version"))
        {
            write.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Version });
            write.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
