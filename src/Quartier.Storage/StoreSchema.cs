using Microsoft.Data.Sqlite;
using Quartier.Core.Errors;

namespace Quartier.Storage;

/// <summary>Creates the result-store tables in a new file and refuses files it cannot read.</summary>
internal static class StoreSchema
{
    public const int Version = 4;

    /// <summary>
    /// The page size of new files (existing ones keep theirs): the largest, so that compressed blocks (about 10 KB for a
    /// month of a series) pack several to a page; at 16 KiB most pages held one block and a third of the file was
    /// slack (measured on a 1,000-home year: 307 MiB for 232 MiB of blocks, against 12 % slack at 64 KiB).
    /// </summary>
    private const int PageSize = 65536;

    private const string CreateTables = """
        CREATE TABLE runs (
            id           TEXT PRIMARY KEY NOT NULL,
            name         TEXT NOT NULL,
            input_file   TEXT NOT NULL,
            input_hash   TEXT NOT NULL,
            parameters   TEXT NOT NULL,
            status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
            error        TEXT,
            created_utc  TEXT NOT NULL,
            finished_utc TEXT,
            wall_seconds REAL,
            grid_start   TEXT NOT NULL,
            step_seconds INTEGER NOT NULL,
            step_count   INTEGER NOT NULL
        );
        CREATE INDEX runs_by_created ON runs (created_utc);
        CREATE TABLE kpis (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name   TEXT NOT NULL,
            scope  TEXT NOT NULL,
            value  REAL,
            unit   TEXT NOT NULL,
            PRIMARY KEY (run_id, scope, name)
        );
        CREATE TABLE series (
            run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            series_id INTEGER NOT NULL,
            esdl_type TEXT NOT NULL,
            esdl_id   TEXT NOT NULL,
            esdl_name TEXT NOT NULL,
            output    TEXT NOT NULL,
            unit      TEXT NOT NULL,
            PRIMARY KEY (run_id, series_id)
        );
        CREATE TABLE blocks (
            run_id     TEXT NOT NULL,
            series_id  INTEGER NOT NULL,
            first_step INTEGER NOT NULL,
            step_count INTEGER NOT NULL,
            data       BLOB NOT NULL,
            PRIMARY KEY (run_id, series_id, first_step),
            FOREIGN KEY (run_id, series_id) REFERENCES series (run_id, series_id) ON DELETE CASCADE
        );
        """ + AttachmentsTable;

    /// <summary>Schema 2: files kept with a run (e.g. a CoSSMic result bundle), written in the run's transaction.</summary>
    private const string AttachmentsTable = """
        CREATE TABLE attachments (
            run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name    TEXT NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        """;

    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>Rejects an existing non-empty file that does not start with the SQLite header, before SQLite touches it.</summary>
    public static void CheckHeader(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (file.Length == 0)
            {
                return;
            }

            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw NotAStore(path);
        }
    }

    public static void Ensure(SqliteConnection connection, string path)
    {
        var version = ReadVersion(connection, path);
        if (version == Version)
        {
            EnsureRollbackJournal(connection);
            return;
        }

        if (Db.Scalar<long>(connection, null, "PRAGMA page_count") == 0)
        {
            Db.Execute(connection, null, $"PRAGMA page_size = {PageSize}");
        }

        EnsureRollbackJournal(connection);
        using var transaction = connection.BeginTransaction();
        version = ReadVersion(connection, path, transaction);
        if (version == Version)
        {
            transaction.Commit();
            return;
        }

        if (version == 0)
        {
            if (Db.Scalar<long>(connection, transaction, "SELECT count(*) FROM sqlite_master") != 0)
            {
                throw new InputException("is a SQLite database but not a Quartier result store", file: path);
            }

            Db.Execute(connection, transaction, CreateTables);
        }
        else if (version == 1)
        {
            // schema 1 → 2: one new table, nothing else changes
            Db.Execute(connection, transaction, AttachmentsTable);
        }

        // schema 2 → 3: blocks may be compressed (BlockCodec format 1, shorter than 8 bytes a value); no table changes,
        // but a reader of schema 2 would take such a block for a corrupt one.
        // schema 3 → 4: a block may refer to another series' identical block (BlockCodec's 5-byte reference), which a
        // reader of schema 3 would take for a corrupt one
        Db.Execute(connection, transaction, $"PRAGMA user_version = {Version}");
        transaction.Commit();
    }

    public static InputException NotAStore(string path, Exception? inner = null) =>
        new("is not a Quartier result store (not a SQLite database)", file: path, inner: inner);

    private static long ReadVersion(SqliteConnection connection, string path, SqliteTransaction? transaction = null)
    {
        var version = Db.Scalar<long>(connection, transaction, "PRAGMA user_version");
        if (version > Version)
        {
            throw new InputException(
                $"was written by a newer Quartier (result store schema {version}; this version reads up to {Version})",
                file: path);
        }

        return version;
    }

    /// <summary>TRUNCATE journal: bulk appends of new pages are written once (see <see cref="SqliteResultStore"/>).</summary>
    private static void EnsureRollbackJournal(SqliteConnection connection)
    {
        if (!string.Equals(Db.Scalar<string>(connection, null, "PRAGMA journal_mode"), "truncate", StringComparison.OrdinalIgnoreCase))
        {
            Db.Execute(connection, null, "PRAGMA journal_mode = TRUNCATE");
        }
    }

}
