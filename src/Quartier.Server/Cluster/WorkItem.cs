using Quartier.Application;

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
