using System.Text.Json;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Quartier.Application;
using Quartier.Application.Partitions;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Cluster;

/// <summary>
/// Executes a <see cref="WorkItem"/> on this silo into the shared store. Idempotent per (run, partition): whatever an
/// earlier attempt of the same run left (a silo lost mid-run) is deleted first, and the run's results are written in one
/// transaction at its end, so a run is stored once and whole, or not at all. A run its input makes fail is answered as
/// such (<see cref="WorkDone.Error"/>), not thrown, so that the server does not try it again elsewhere.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed class RunWorkGrain(IRunStore store, ServeOptions options, ClusterSlots slots, PartitionInputs inputs, ILocalSiloDetails silo) : Grain, IRunWorkGrain
{
    private static readonly Lock WriteLock = new();

    public async Task<string> Execute(string workItemJson, CancellationToken cancellation)
    {
        var item = JsonSerializer.Deserialize<WorkItem>(workItemJson) ?? throw new ArgumentException("empty work item", nameof(workItemJson));
        await slots.Semaphore.WaitAsync(cancellation).ConfigureAwait(true);
        try
        {
            var done = await Task.Run(() => Run(item, cancellation), cancellation).ConfigureAwait(true);
            return JsonSerializer.Serialize(done);
        }
        finally
        {
            slots.Semaphore.Release();
            DeactivateOnIdle();
        }
    }

    private WorkDone Run(WorkItem item, CancellationToken cancellation)
    {
        string name = silo.Name;
        try
        {
            if (item.Partitions > 1)
            {
                return RunPartition(item, name, cancellation);
            }

            var prepared = JobManager.PrepareRun(item.Request, item.Kind, item.Settings, options.ServicesFile);
            try
            {
                if (store.FindRun(item.RunId) is { Id: var id } && id == item.RunId)
                {
                    store.DeleteRun(item.RunId);
                }

                using var writer = new BufferedRunWriter(store, prepared.Record(item.RunId, item.CreatedUtc), WriteLock);
                var outcome = RunJob.Execute(prepared, writer, cancellation: cancellation);
                return new WorkDone(name, outcome.Result.Steps, outcome.Result.WallSeconds, outcome.Result.Series.Count, [.. outcome.Diagnostics.Select(WorkNote.Of)], null);
            }
            finally
            {
                foreach (var external in prepared.Runner.External)
                {
                    external.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is InputException or SimulationException or IOException)
        {
            return new WorkDone(name, 0, 0, 0, [], ex is InputException ie ? ie.Located : ex.Message);
        }
    }

    /// <summary>
    /// One partition of a run cut into several: the silo plans the run's partitions as the server did (the same input
    /// and count give the same plan) and writes its own under its series ids, replacing what an earlier attempt wrote.
    /// </summary>
    private WorkDone RunPartition(WorkItem item, string name, CancellationToken cancellation)
    {
        var record = JsonSerializer.Deserialize<RunRecord>(item.Record ?? throw new ArgumentException("a partition without its run's record", nameof(item)))!;
        var (system, runOptions) = inputs.Of(item, options.ServicesFile);
        var plan = RunPartitions.Plan(system, item.Requested);
        if (plan.Count != item.Partitions)
        {
            throw new InvalidOperationException($"run {item.RunId}: this silo plans {plan.Count} partitions where the server planned {item.Partitions} (different versions of Quartier?)");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = RunPartitions.WritePartition(store, record, system, plan[item.Partition], runOptions, cancellation: cancellation);
        return new WorkDone(name, outcome.NetUnits.Length - 1, watch.Elapsed.TotalSeconds, 0, [], null, outcome.ToJson());
    }
}
