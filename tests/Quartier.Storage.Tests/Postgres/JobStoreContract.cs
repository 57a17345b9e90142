using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>What every <see cref="IJobStore"/> must do, asserted the same way against SQLite and PostgreSQL.</summary>
public abstract class JobStoreContract : IDisposable
{
    private static readonly DateTime Created = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A new job-store object on this test's database (the same data each call).</summary>
    protected abstract IJobStore OpenJobs();

    public abstract void Dispose();

    [Fact]
    public void Jobs_round_trip_through_add_update_list_and_find()
    {
        var jobs = OpenJobs();
        var first = Job("job-b", Created);
        var second = Job("job-a", Created.AddSeconds(1)) with { Kind = "cossmic", Error = "no EMS", Request = [0, 255, 7] };
        var third = Job("job-c", Created); // same instant as the first: insertion order decides
        jobs.Add(first);
        jobs.Add(second);
        jobs.Add(third);

        var updated = first with
        {
            State = JobState.Succeeded,
            Error = "warning kept",
            Notes = "done",
            StartedUtc = Created.AddMinutes(1),
            EndedUtc = Created.AddMinutes(2).AddTicks(10), // one microsecond
            Deleted = true,
            LogsExpireUtc = Created.AddDays(2),
            Log = "line 1\nline 2 ✓",
        };
        jobs.Update(updated);

        var reopened = OpenJobs();
        Assert.Equal(["job-b", "job-c", "job-a"], reopened.List().Select(j => j.Id));
        AssertSame(updated, reopened.Find("job-b"));
        AssertSame(second, reopened.Find("job-a"));
        AssertSame(third, reopened.List()[1]);
        Assert.Null(reopened.Find("job-z"));
        Assert.Throws<InvalidOperationException>(() => reopened.Update(Job("job-z", Created)));
        (reopened as IDisposable)?.Dispose();
        (jobs as IDisposable)?.Dispose();
    }

    [Fact]
    public void Jobs_are_added_and_updated_from_many_threads_at_once()
    {
        var jobs = OpenJobs();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var job = Job($"job-{i:00}", Created.AddSeconds(i));
            jobs.Add(job);
            jobs.Update(job with { State = JobState.Running, StartedUtc = Created.AddSeconds(i + 1) });
            Assert.NotNull(jobs.Find(job.Id));
            Assert.NotEmpty(jobs.List());
        });

        var all = jobs.List();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"job-{i:00}"), all.Select(j => j.Id));
        Assert.All(all, j => Assert.Equal(JobState.Running, j.State));
        (jobs as IDisposable)?.Dispose();
    }

    protected static JobRecord Job(string id, DateTime created) => new(
        Id: id,
        Kind: "dots",
        Name: "simulation " + id,
        Request: "{\"name\":\"x\"}"u8.ToArray(),
        Settings: "{\"step\":900}",
        State: JobState.Queued,
        Error: null,
        Notes: string.Empty,
        CreatedUtc: created,
        StartedUtc: null,
        EndedUtc: null,
        Deleted: false,
        LogsExpireUtc: created.AddDays(1),
        Log: string.Empty);

    private static void AssertSame(JobRecord expected, JobRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Request, actual.Request);
        Assert.Equal(expected with { Request = [] }, actual with { Request = [] });
        Assert.Equal(DateTimeKind.Utc, actual.CreatedUtc.Kind);
        Assert.Equal(DateTimeKind.Utc, actual.LogsExpireUtc.Kind);
    }
}

public sealed class SqliteJobStoreContractTests : JobStoreContract
{
    private readonly TempStore _temp = new();

    public override void Dispose() => _temp.Dispose();

    protected override IJobStore OpenJobs() => new SqliteJobStore(_temp.Path);
}

public sealed class PostgresJobStoreContractTests : JobStoreContract
{
    private readonly PostgresDatabase _database = new();

    public override void Dispose() => _database.Dispose();

    protected override IJobStore OpenJobs() => new PostgresJobStore(_database.Url);
}
