using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Simulation.Kpis;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Storage;

namespace Quartier.Application.Partitions;

/// <summary>
/// One independent piece of a run: its position in the plan, a name for progress and messages, and the ids of its
/// non-global assets in document order (the global ones — weather, market — go to every partition).
/// </summary>
public sealed record Partition(int Index, string Name, IReadOnlyList<string> AssetIds);

/// <summary>
/// A run cut into partitions that share only global inputs, run anywhere and merged (<see cref="PartitionOutcome.Merge"/>)
/// into the single run's KPIs. The rule (<see cref="Plan"/>): assets that touch — port to port, or in one building —
/// stay together; with Transformers, one partition per feeder (the transformer with everything its LV side reaches,
/// and the Imports and joints on its MV side, which a feeder's network reads for its source voltage); without, the
/// homes (an EConnection with its building's assets) in document order, cut into the requested number of contiguous
/// groups. Deterministic: the same system and count give the same partitions.
/// </summary>
public static class RunPartitions
{
    /// <summary>Series ids of one partition in a store: partition i writes ids from i × this on (a run records fewer per partition).</summary>
    public const int SeriesPerPartition = 1 << 20;

    /// <summary>
    /// The partitions of <paramref name="system"/>: one per transformer feeder where it has Transformers (then
    /// <paramref name="requested"/> does not apply: feeders are the unit; assets no feeder reaches form one last
    /// partition), else its homes in <paramref name="requested"/> contiguous groups (0 or 1: one partition; never more
    /// than there are homes).
    /// </summary>
    public static IReadOnlyList<Partition> Plan(EnergySystem system, int requested)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfNegative(requested);
        var local = system.Assets.Where(a => !a.IsGlobal).ToList();
        var components = Components(local);
        var component = new Dictionary<Asset, int>();
        for (int c = 0; c < components.Count; c++)
        {
            foreach (var a in components[c])
            {
                component[a] = c;
            }
        }

        var partitions = new List<(string Name, List<int> Components)>();
        var transformers = local.Where(a => a.Kind == AssetKind.Transformer).ToList();
        if (transformers.Count > 0)
        {
            var taken = new HashSet<int>();
            var feeders = new Dictionary<int, (List<string> Names, List<int> Components)>();
            var order = new List<int>();
            foreach (var t in transformers)
            {
                int c = component[t];
                if (!feeders.TryGetValue(c, out var feeder))
                {
                    feeder = ([], [c]);
                    feeders[c] = feeder;
                    order.Add(c);
                    taken.Add(c);
                }

                feeder.Names.Add(t.Name);
            }

            // the MV side (an Import, MV joints) goes with every feeder whose transformer it connects to
            foreach (var t in transformers)
            {
                var feeder = feeders[component[t]];
                foreach (var q in t.Ports.Where(p => p.Direction == PortDirection.In).SelectMany(p => p.ConnectedTo))
                {
                    if (component.TryGetValue(q.Asset, out var mv) && !feeders.ContainsKey(mv) && !feeder.Components.Contains(mv))
                    {
                        feeder.Components.Add(mv);
                        taken.Add(mv);
                    }
                }
            }

            partitions.AddRange(order.Select(c => (string.Join(", ", feeders[c].Names), feeders[c].Components)));
            var rest = Enumerable.Range(0, components.Count).Where(c => !taken.Contains(c)).ToList();
            if (rest.Count > 0)
            {
                partitions.Add(("not fed by a transformer", rest));
            }
        }
        else if (components.Count > 0)
        {
            int groups = Math.Clamp(requested, 1, components.Count);
            for (int g = 0; g < groups; g++)
            {
                int from = (int)((long)g * components.Count / groups), to = (int)((long)(g + 1) * components.Count / groups);
                partitions.Add(($"homes {from + 1}–{to}", [.. Enumerable.Range(from, to - from)]));
            }
        }
        else
        {
            partitions.Add(("global only", []));
        }

        return [.. partitions.Select((p, i) =>
        {
            var members = p.Components.SelectMany(c => components[c]).ToHashSet();
            return new Partition(i, p.Name, [.. local.Where(members.Contains).Select(a => a.Id)]);
        })];
    }

    /// <summary>
    /// The system a partition runs: the global assets and the partition's, the same objects in the same order. Ports keep
    /// their connections; one to an asset outside the partition (only a transformer's MV side can have one) is no
    /// source of anything in it: the engine's routing and the network builder take only assets of the system.
    /// </summary>
    public static EnergySystem Subsystem(EnergySystem system, Partition partition)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(partition);
        var ids = partition.AssetIds.ToHashSet(StringComparer.Ordinal);
        return system.Subset(system.Assets.Where(a => a.IsGlobal || ids.Contains(a.Id)));
    }

    /// <summary>The store's series ids of partition <paramref name="index"/>.</summary>
    public static SeriesRange Series(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, int.MaxValue / SeriesPerPartition);
        return new SeriesRange(index * SeriesPerPartition, SeriesPerPartition);
    }

    /// <summary>Runs one partition of <paramref name="system"/> with the run's options into <paramref name="sink"/>; its series ids start at 0.</summary>
    public static PartitionOutcome Run(EnergySystem system, Partition partition, RunOptions options, IResultSink sink, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        var runner = SimulationRunner.Prepare(Subsystem(system, partition), options);
        var result = runner.Execute(sink, progress, cancellation);
        byte[] flags = [];
        foreach (var feeder in runner.Simulation.Services.OfType<LvNetworkService>())
        {
            var f = feeder.StepViolations;
            if (flags.Length < f.Length)
            {
                Array.Resize(ref flags, f.Length);
            }

            for (int k = 0; k < f.Length; k++)
            {
                flags[k] |= f[k];
            }
        }

        // each addend with its element's place among the whole system's assets, which is the order a single run adds in
        var order = new Dictionary<string, int>(system.Assets.Count, StringComparer.Ordinal);
        for (int i = 0; i < system.Assets.Count; i++)
        {
            order[system.Assets[i].Id] = i;
        }

        var collector = result.Collector ?? throw new InvalidOperationException("the run kept no KPI state");
        var terms = collector.Terms()
            .Concat(runner.Simulation.Services.OfType<IKpiTerms>().SelectMany(s => s.Terms()))
            .Select(t => new OrderedTerm(t.Name, t.Scope, order.TryGetValue(t.AssetId, out int at) ? at : throw new InvalidOperationException($"KPI '{t.Name}' adds '{t.AssetId}', which is not in the system"), t.Value))
            .ToList();
        return new PartitionOutcome(partition.Index, result.Kpis, runner.Grid.StepSeconds / 3600.0, collector.NetUnitsPerStep.ToArray(), flags, collector.ComfortSteps, terms);
    }

    /// <summary>
    /// Runs partition <paramref name="partition"/> of run <paramref name="run"/> into <paramref name="store"/> under the
    /// partition's series ids (<see cref="Series"/>), replacing what an earlier attempt of it wrote, in one transaction:
    /// written twice, the partition's series are there once. The run's row is created by the first partition written;
    /// the caller merges the outcomes and ends the run with <see cref="IRunStore.CompleteRun"/>. A failure rolls the
    /// partition back and goes on to the caller.
    /// </summary>
    public static PartitionOutcome WritePartition(IRunStore store, RunRecord run, EnergySystem system, Partition partition, RunOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(partition);
        var range = Series(partition.Index);
        using var writer = store.BeginPartition(run, range);
        // the global assets' series (weather, market) are the same in every partition: the first keeps them
        HashSet<string> skip = partition.Index == 0 ? [] : system.Assets.Where(a => a.IsGlobal).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var outcome = Run(system, partition, options, new OffsetSink(writer, range.First, skip), progress, cancellation);
        writer.Commit([], 0);
        return outcome;
    }

    /// <summary>The connected groups of <paramref name="assets"/> (ports, except a transformer's MV side; buildings), ordered by their first asset.</summary>
    private static List<List<Asset>> Components(List<Asset> assets)
    {
        var inSystem = assets.ToHashSet();
        var neighbours = assets.ToDictionary(a => a, _ => new List<Asset>());
        void Link(Asset a, Asset b)
        {
            if (a != b && inSystem.Contains(a) && inSystem.Contains(b))
            {
                neighbours[a].Add(b);
                neighbours[b].Add(a);
            }
        }

        static bool MvSide(Port p) => p.Asset.Kind == AssetKind.Transformer && p.Direction == PortDirection.In;
        foreach (var a in assets)
        {
            if (a.Building is { } building)
            {
                Link(a, building);
            }

            foreach (var port in a.Ports.Where(p => !MvSide(p)))
            {
                foreach (var other in port.ConnectedTo.Where(q => !MvSide(q)))
                {
                    Link(a, other.Asset);
                }
            }
        }

        var result = new List<List<Asset>>();
        var seen = new HashSet<Asset>();
        foreach (var start in assets)
        {
            if (!seen.Add(start))
            {
                continue;
            }

            var group = new List<Asset> { start };
            for (int i = 0; i < group.Count; i++)
            {
                foreach (var b in neighbours[group[i]])
                {
                    if (seen.Add(b))
                    {
                        group.Add(b);
                    }
                }
            }

            result.Add(group);
        }

        return result;
    }

    /// <summary>Passes series to a sink with their ids moved by <paramref name="offset"/>, leaving out those of the assets in <paramref name="skip"/>.</summary>
    private sealed class OffsetSink(IResultSink inner, int offset, HashSet<string> skip) : IResultSink
    {
        private readonly HashSet<int> _skipped = [];

        public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
        {
            foreach (var s in series.Where(s => skip.Contains(s.EsdlId)))
            {
                _skipped.Add(s.Id);
            }

            inner.DeclareSeries([.. series.Where(s => !_skipped.Contains(s.Id)).Select(s => s with { Id = s.Id + offset })]);
        }

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
        {
            if (!_skipped.Contains(seriesId))
            {
                inner.WriteBlock(seriesId + offset, firstStep, values);
            }
        }
    }
}
