using Quartier.Application;
using Quartier.Core.Model;
using Quartier.Server.Jobs;
using Quartier.Simulation.Runs;

namespace Quartier.Server.Cluster;

/// <summary>
/// One partition of a run to execute on some silo: the request as the server received it and its settings. A run cut
/// into several partitions (<see cref="Partitions"/> &gt; 1) also carries the count it was planned with
/// (<see cref="Requested"/>, so that the silo plans the same partitions) and the run's row (<see cref="Record"/>, JSON),
/// which the first partition stored creates.
/// </summary>
public sealed record WorkItem(string RunId, int Partition, int Partitions, string Kind, byte[] Request, string Settings, DateTime CreatedUtc, int Requested = 1, string? Record = null);

/// <summary>
/// What a silo did with a <see cref="WorkItem"/>: where, how long, and — for a run its input makes fail — why, once. A
/// partition also hands back its <see cref="Application.Partitions.PartitionOutcome"/> (JSON), which the server merges.
/// </summary>
public sealed record WorkDone(string Silo, int Steps, double WallSeconds, int Series, IReadOnlyList<WorkNote> Notes, string? Error, string? Outcome = null);

/// <summary>A run's diagnostic carried back to the server that queued it.</summary>
public sealed record WorkNote(string Level, string Message, string? Source)
{
    public static WorkNote Of(Diagnostic d) => new(d.Level == DiagnosticLevel.Warning ? "warning" : "info", d.Message, d.Source);
}

/// <summary>The runs one silo executes at once; work items placed beyond it wait on the silo.</summary>
public sealed class ClusterSlots(int slots)
{
    public SemaphoreSlim Semaphore { get; } = new(slots, slots);

    public int Count { get; } = slots;
}

/// <summary>
/// The systems and options of the runs whose partitions this silo executes, read once per run rather than once per
/// partition (a 600-house ESDL takes most of a second to read; its partitions run in a tenth of that). The last few runs
/// are kept; the system is only read once it is built, so partitions running at once share it safely.
/// </summary>
public sealed class PartitionInputs
{
    private const int Kept = 4;
    private readonly Dictionary<string, Lazy<(EnergySystem System, RunOptions Options)>> _runs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public (EnergySystem System, RunOptions Options) Of(WorkItem item, string? servicesFile)
    {
        ArgumentNullException.ThrowIfNull(item);
        Lazy<(EnergySystem, RunOptions)> entry;
        lock (_runs)
        {
            if (!_runs.TryGetValue(item.RunId, out entry!))
            {
                entry = new(() => JobManager.ResolveRun(item.Request, item.Kind, item.Settings, servicesFile));
                _runs[item.RunId] = entry;
                _order.Enqueue(item.RunId);
                while (_order.Count > Kept)
                {
                    _runs.Remove(_order.Dequeue());
                }
            }
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            lock (_runs)
            {
                _runs.Remove(item.RunId); // an input error is reported by every partition that reads it, not cached
            }

            throw;
        }
    }
}
