using Orleans;

namespace Quartier.Server.Cluster;

/// <summary>
/// One work item of a run — (run id, partition) — executed on whichever silo Orleans placed it: the silo with the fewest
/// work items active (<see cref="Orleans.Runtime.ActivationCountBasedPlacementAttribute"/>). Requests and answers are
/// JSON (<see cref="WorkItem"/>, <see cref="WorkDone"/>), so that they cross versions of the code unchanged.
/// </summary>
public interface IRunWorkGrain : IGrainWithStringKey
{
    /// <summary>Executes the item; <paramref name="cancellation"/> (the run cancelled on the server that queued it) stops it on the silo.</summary>
    Task<string> Execute(string workItemJson, CancellationToken cancellation);
}
