using Microsoft.Data.Sqlite;
using Quartier.Core.Errors;
using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>Reads and writes rows of the <c>runs</c> table.</summary>
internal static class RunRows
{
    public const string Columns =
        "id, name, input_file, input_hash, parameters, status, error, created_utc, finished_utc, wall_seconds, grid_start, step_seconds, step_count";

    public static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown run status"),
    };

    public static RunStatus ParseStatus(string text) => text switch
    {
        "running" => RunStatus.Running,
        "succeeded" => RunStatus.Succeeded,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw new InvalidDataException($"unknown run status '{text}' in the result store"),
    };

    public static void RequireFailureStatus(RunStatus status)
    {
        if (status is not (RunStatus.Failed or RunStatus.Cancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a run can only be marked Failed or Cancelled");
        }
    }

    public static RunRecord Read(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        InputFile: reader.GetString(2),
        InputHash: reader.GetString(3),
        Parameters: reader.GetString(4),
        Status: ParseStatus(reader.GetString(5)),
        Error: reader.IsDBNull(6) ? null : reader.GetString(6),
        CreatedUtc: Db.Utc(reader.GetString(7)),
        FinishedUtc: reader.IsDBNull(8) ? null : Db.Utc(reader.GetString(8)),
        WallSeconds: Db.Real(reader, 9),
        GridStart: Db.Utc(reader.GetString(10)),
        StepSeconds: reader.GetInt32(11),
        StepCount: reader.GetInt32(12));

    public static List<RunRecord> Query(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Db.Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(Read(reader));
        }

        return runs;
    }

    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, RunRecord run)
    {
        using var command = Db.Command(
            connection,
            transaction,
            $"""
            INSERT INTO runs ({Columns})
            VALUES ($id, $name, $input_file, $input_hash, $parameters, $status, $error, $created_utc, $finished_utc,
                    $wall_seconds, $grid_start, $step_seconds, $step_count)
            """);
        var p = command.Parameters;
        p.AddWithValue("$id", run.Id);
        p.AddWithValue("$name", run.Name);
        p.AddWithValue("$input_file", run.InputFile);
        p.AddWithValue("$input_hash", run.InputHash);
        p.AddWithValue("$parameters", run.Parameters);
        p.AddWithValue("$status", StatusText(run.Status));
        p.AddWithValue("$error", (object?)run.Error ?? DBNull.Value);
        p.AddWithValue("$created_utc", Db.Utc(run.CreatedUtc));
        p.AddWithValue("$finished_utc", run.FinishedUtc is { } finished ? Db.Utc(finished) : DBNull.Value);
        p.AddWithValue("$wall_seconds", Db.Real(run.WallSeconds));
        p.AddWithValue("$grid_start", Db.Utc(run.GridStart));
        p.AddWithValue("$step_seconds", run.StepSeconds);
        p.AddWithValue("$step_count", run.StepCount);
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes the run's results and records the failure, in one transaction; false if there is no such run.</summary>
    public static bool MarkFailed(SqliteConnection connection, string runId, string error, RunStatus status, TimeProvider clock)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var table in (ReadOnlySpan<string>)["blocks", "series", "kpis"])
        {
            using var delete = Db.Command(connection, transaction, $"DELETE FROM {table} WHERE run_id = $id");
            delete.Parameters.AddWithValue("$id", runId);
            delete.ExecuteNonQuery();
        }

        using var update = Db.Command(
            connection,
            transaction,
            "UPDATE runs SET status = $status, error = $error, finished_utc = $finished WHERE id = $id");
        update.Parameters.AddWithValue("$status", StatusText(status));
        update.Parameters.AddWithValue("$error", error);
        update.Parameters.AddWithValue("$finished", Db.Utc(clock.GetUtcNow().UtcDateTime));
        update.Parameters.AddWithValue("$id", runId);
        var found = update.ExecuteNonQuery() == 1;
        transaction.Commit();
        return found;
    }

    public static InputException NoSuchRun(string runId, string path) => new($"no run '{runId}'", file: path);
}
