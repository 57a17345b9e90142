using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Quartier.Application;
using Quartier.Server;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Cli.Tests.Server;

/// <summary>The job manager in process, on a real SQLite store, with the clock under the test's control.</summary>
public sealed class JobManagerTests
{
    [Fact]
    public async Task Logs_expire_keep_logs_hours_after_the_run_ends()
    {
        using var tmp = new TempDir();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var sqlite = SqliteResultStore.Open(tmp.File("q.db"), clock);
        using var store = new SerializedStore(sqlite);
        var jobs = new SqliteJobStore(sqlite.Path);
        using var manager = new JobManager(store, jobs, new ServeOptions(), clock, NullLogger<JobManager>.Instance);
        await manager.StartAsync(CancellationToken.None);
        try
        {
            var post = System.Text.Encoding.UTF8.GetString(DotsApiTests.Shortened(File.ReadAllBytes(Cli.Reference("dots/small-test/test-post-small-test-file.json")), 3600))
                .Replace("\"keep_logs_hours\": 24", "\"keep_logs_hours\": 2", StringComparison.Ordinal);
            var job = manager.Submit(System.Text.Encoding.UTF8.GetBytes(post), "dots", new RunSettings { Record = ["all"] });
            Assert.Equal(clock.GetUtcNow().UtcDateTime, job.Record.CreatedUtc);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (job.Record.State is JobState.Queued or JobState.Running && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(JobState.Succeeded, job.Record.State);
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(2), job.Record.LogsExpireUtc);
            Assert.Contains("simulation finished", jobs.Find(job.Id)!.Log, StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromMinutes(119));
            await Task.Delay(300);
            Assert.NotEmpty(job.Log.ToString());

            clock.Advance(TimeSpan.FromMinutes(2));
            deadline = DateTime.UtcNow.AddSeconds(10);
            while (job.Log.ToString().Length > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Empty(job.Log.ToString());
            Assert.Empty(jobs.Find(job.Id)!.Log);
            Assert.Equal(JobState.Succeeded, jobs.Find(job.Id)!.State);
            Assert.NotEmpty(store.GetSeries(job.Id));
        }
        finally
        {
            await manager.StopAsync(CancellationToken.None);
        }
    }
}
