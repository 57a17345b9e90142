using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Quartier.Server.Cluster;

/// <summary>
/// Sends a server's runs to the cluster and waits for them. A silo lost while it held a work item (killed, its machine
/// gone) is declared dead by Orleans's membership, which fails the call; the item is then sent again — under a new
/// grain key, so Orleans places it afresh on a live silo — and the silo that takes it replaces whatever the lost attempt
/// left. A run that fails for its input comes back as an answer and is not sent again.
/// </summary>
public sealed partial class ClusterDispatcher(IGrainFactory grains, IClusterMembershipService membership, ILogger<ClusterDispatcher> logger)
{
    private readonly Dictionary<SiloAddress, int> _inFlight = [];
    private int _turn;

    /// <summary>Attempts per work item before the run fails (each after a silo was lost under it).</summary>
    public const int MaxAttempts = 8;

    public WorkDone Execute(WorkItem item, Action<string> log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(log);
        var json = JsonSerializer.Serialize(item);
        for (int attempt = 1; ; attempt++)
        {
            var grain = grains.GetGrain<IRunWorkGrain>($"{item.RunId}/{item.Partition}/{attempt}");
            long t0 = Stopwatch.GetTimestamp();
            var silo = Place();
            try
            {
                // the hint places the new activation on the chosen silo (Orleans's placement directors honour it)
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
                Task<string> call;
                try
                {
                    call = grain.Execute(json, cancellation);
                }
                finally
                {
                    RequestContext.Clear();
                }

                var answer = call.WaitAsync(cancellation).GetAwaiter().GetResult();
                return JsonSerializer.Deserialize<WorkDone>(answer) ?? throw new InvalidOperationException("empty answer from a silo");
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException && attempt < MaxAttempts && !cancellation.IsCancellationRequested)
            {
                double lost = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                log($"partition {item.Partition} of run {item.RunId}: the silo running it was lost after {lost:0.0} s ({ex.GetType().Name}: {ex.Message}); sending it again (attempt {attempt + 1})");
                LogLost(item.RunId, item.Partition, attempt, ex.GetType().Name);
                Thread.Sleep(TimeSpan.FromMilliseconds(200 * attempt));
            }
            finally
            {
                Release(silo);
            }
        }
    }

    /// <summary>
    /// The active silo with the fewest work items this server has sent it and not had back (ties in turn), counted as
    /// sent: the least-loaded placement the issue asks for, where this server is the one that queues the runs.
    /// </summary>
    private SiloAddress Place()
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToString(), StringComparer.Ordinal)
            .ToList();
        lock (_inFlight)
        {
            if (active.Count == 0)
            {
                throw new OrleansException("no active silo in the cluster");
            }

            // the first silo with the fewest, looking from a place that moves on each time, so that ties take turns
            int first = (int)((uint)_turn++ % (uint)active.Count);
            var chosen = Enumerable.Range(0, active.Count).Select(k => active[(first + k) % active.Count]).MinBy(a => _inFlight.GetValueOrDefault(a))!;
            _inFlight[chosen] = _inFlight.GetValueOrDefault(chosen) + 1;
            return chosen;
        }
    }

    private void Release(SiloAddress silo)
    {
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue(silo, out int n))
            {
                _inFlight[silo] = n - 1;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId} partition {Partition}: silo lost on attempt {Attempt} ({Error}); sending it again")]
    private partial void LogLost(string runId, int partition, int attempt, string error);
}
