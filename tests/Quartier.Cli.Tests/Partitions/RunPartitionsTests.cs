using Microsoft.Data.Sqlite;
using Quartier.Application;
using Quartier.Application.Partitions;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Esdl;
using Quartier.Simulation.Runs;
using Quartier.Storage;
using Quartier.Tests.Shared;

namespace Quartier.Cli.Tests.Partitions;

/// <summary>
/// Issue 18's partitioned runs: the 600-house system (ten Arch72 copies, <see cref="EsdlCopies"/>) planned into its ten
/// feeders, each run on its own and merged, gives the single run's KPIs to the bit, system sums included (their addends
/// are merged in the single run's order, net power in exact fixed point); outcomes survive JSON; a partition written
/// twice is stored once.
/// </summary>
public sealed class RunPartitionsTests
{
    private const int Copies = 10; // feeders of 60 houses

    [Fact]
    public void Ten_copies_plan_into_ten_feeders_of_sixty_houses_and_every_asset_is_in_one()
    {
        var system = TenCopies.Value.System;
        var plan = RunPartitions.Plan(system, 3);

        Assert.Equal(Copies, plan.Count);
        Assert.Equal(Enumerable.Range(0, Copies), plan.Select(p => p.Index));
        Assert.Equal(Enumerable.Range(1, Copies).Select(c => EsdlCopies.Rename("Transformer1", c)), plan.Select(p => p.Name));
        Assert.All(plan, p => Assert.Equal(60, p.AssetIds.Count(id => system.AssetsById[id].Kind == AssetKind.EConnection)));
        var all = plan.SelectMany(p => p.AssetIds).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(system.Assets.Where(a => !a.IsGlobal).Select(a => a.Id).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(plan, RunPartitions.Plan(system, 3), PartitionComparer.Instance);

        var sub = RunPartitions.Subsystem(system, plan[4]);
        Assert.Equal(system.Assets.Count(a => a.IsGlobal) + plan[4].AssetIds.Count, sub.Assets.Count);
        Assert.All(sub.Assets, a => Assert.Same(system.AssetsById[a.Id], a));
        Assert.All(
            sub.Assets.SelectMany(a => a.Ports).SelectMany(p => p.ConnectedTo),
            q => Assert.True(sub.AssetsById.ContainsKey(q.Asset.Id), $"{q.Asset} is connected from the partition but not in it"));
    }

    [Fact]
    public void Ten_feeders_run_apart_merge_to_the_single_run()
    {
        var (_, single, outcomes) = TenCopies.Value;
        var merged = PartitionOutcome.Merge(outcomes);

        Same(single, merged);
        Assert.Equal(Copies * 60, merged.Count(k => k.Name is "energy_imported" && k.Scope != "system"));
        Assert.True(merged.Single(k => k.Name == "grid_cable_hours_over_limit").Value > 0);
        Assert.True(merged.Single(k => k.Name == "peak_import" && k.Scope == "system").Value > 0);
    }

    [Fact]
    public void Merging_outcomes_after_a_json_round_trip_gives_the_same_kpis_to_the_bit()
    {
        var outcomes = TenCopies.Value.Outcomes;
        var again = outcomes.Select(o => PartitionOutcome.FromJson(o.ToJson())).ToList();

        Assert.Equal(Bits(PartitionOutcome.Merge(outcomes)), Bits(PartitionOutcome.Merge(again)));
        Assert.Throws<ArgumentException>(() => PartitionOutcome.Merge([.. again.Skip(1)]));
    }

    [Fact]
    public void A_partition_written_twice_is_stored_once_and_the_run_completes_with_the_merged_kpis()
    {
        using var dir = new TempDir();
        var system = TenCopies.Value.System;
        var plan = RunPartitions.Plan(system, 0);
        var options = new RunOptions();
        var grid = SimulationRunner.Prepare(RunPartitions.Subsystem(system, plan[0]), options).Grid;
        var run = new RunRecord("partitioned", "x10", "arch72x10.esdl", "hash", "{}", RunStatus.Running, null, DateTime.UtcNow, null, 0, grid.Start, grid.StepSeconds, grid.Count);
        var path = dir.File("runs.db");
        using var store = SqliteResultStore.Open(path);

        var first = RunPartitions.WritePartition(store, run, system, plan[0], options);
        int seriesOfOne = store.GetSeries(run.Id).Count;
        var blocksOfOne = Count(path, "blocks");
        var again = RunPartitions.WritePartition(store, run, system, plan[0], options);
        Assert.Equal((seriesOfOne, blocksOfOne), (store.GetSeries(run.Id).Count, Count(path, "blocks")));
        var second = RunPartitions.WritePartition(store, run, system, plan[1], options);
        var afterTwo = (Count(path, "series"), Count(path, "blocks"));
        RunPartitions.WritePartition(store, run, system, plan[1], options);
        Assert.Equal(afterTwo, (Count(path, "series"), Count(path, "blocks")));

        Assert.True(seriesOfOne > 0);
        Assert.Equal(first.ToJson(), again.ToJson());
        var series = store.GetSeries(run.Id);

        // the weather's and market's series are partition 0's only
        var globals = system.Assets.Where(a => a.IsGlobal).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        int globalSeries = series.Count(s => globals.Contains(s.EsdlId));
        Assert.True(globalSeries > 0);
        Assert.All(series.Where(s => globals.Contains(s.EsdlId)), s => Assert.InRange(s.Id, 0, RunPartitions.SeriesPerPartition - 1));
        Assert.Equal((2 * seriesOfOne) - globalSeries, series.Count);
        Assert.Equal(series.Count, Count(path, "series"));
        Assert.All(series.Take(seriesOfOne), s => Assert.InRange(s.Id, 0, RunPartitions.SeriesPerPartition - 1));
        Assert.All(series.Skip(seriesOfOne), s => Assert.InRange(s.Id, RunPartitions.SeriesPerPartition, (2 * RunPartitions.SeriesPerPartition) - 1));
        Assert.Equal(RunStatus.Running, store.FindRun(run.Id)!.Status);

        var kpis = PartitionOutcome.Merge([first, second]);
        store.CompleteRun(run.Id, kpis, 1);
        store.CompleteRun(run.Id, kpis, 1);
        Assert.Equal(RunStatus.Succeeded, store.FindRun(run.Id)!.Status);
        Assert.Equal(kpis.Select(k => (k.Name, k.Scope)), store.GetKpis(run.Id).Select(k => (k.Name, k.Scope)));
    }

    [Fact]
    public void Dots_small_test_in_partitions_merges_to_the_single_run()
    {
        var input = RunInput.Load(Cli.Example("dots-small-test/small-test.post.json"));
        var options = new RunSettings().Resolve(input);

        // one transformer: its feeder is the one partition, whatever is asked
        var plan = RunPartitions.Plan(input.System, 2);
        Assert.Single(plan);
        Same(Run(input.System, options), PartitionOutcome.Merge([.. plan.Select(p => RunPartitions.Run(input.System, p, options, new NullSink()))]));

        // without its network the two homes are independent: two partitions
        var homes = input.System.Subset(input.System.Assets.Where(a => a.Kind is not (AssetKind.Transformer or AssetKind.ElectricityCable or AssetKind.Joint or AssetKind.Import)));
        plan = RunPartitions.Plan(homes, 2);
        Assert.Equal(2, plan.Count);
        Assert.All(plan, p => Assert.Single(p.AssetIds, id => homes.AssetsById[id].Kind == AssetKind.EConnection));
        Assert.Single(RunPartitions.Plan(homes, 1));
        Same(Run(homes, options), PartitionOutcome.Merge([.. plan.Select(p => RunPartitions.Run(homes, p, options, new NullSink()))]));
    }

    [Fact]
    public void A_dots_requests_largest_nr_of_models_is_the_partition_count_asked_for()
    {
        using var dir = new TempDir();
        var example = Cli.Example("dots-small-test/small-test.post.json");
        File.Copy(Path.Combine(Path.GetDirectoryName(example)!, "test.esdl"), dir.File("test.esdl"));
        var request = File.ReadAllText(example);
        Assert.Equal(1, RunJob.Prepare(RunInput.Load(example), new RunSettings()).RequestedPartitions);

        // DOTS's EMS in three model instances, the demand in two: three partitions where there are no feeders to cut along
        int at = request.IndexOf("\"emsservice\"", StringComparison.Ordinal);
        request = string.Concat(request.AsSpan(0, at), request[at..].ReplaceFirst("\"nr_of_models\": 1", "\"nr_of_models\": 3"));
        request = request.ReplaceFirst("\"nr_of_models\": 1", "\"nr_of_models\": 2");
        File.WriteAllText(dir.File("request.json"), request);
        var prepared = RunJob.Prepare(RunInput.Load(dir.File("request.json")), new RunSettings());
        Assert.Equal(3, prepared.RequestedPartitions);
        var homes = prepared.System.Subset(prepared.System.Assets.Where(a => a.Kind is not (AssetKind.Transformer or AssetKind.ElectricityCable or AssetKind.Joint or AssetKind.Import)));
        Assert.Equal(2, RunPartitions.Plan(homes, prepared.RequestedPartitions).Count); // never more than the two homes
        Assert.Single(RunPartitions.Plan(prepared.System, prepared.RequestedPartitions)); // one transformer: one feeder
    }

    /// <summary>The merged KPIs are the single run's: the same keys, every value to the bit (plan times aside).</summary>
    private static void Same(IReadOnlyList<Kpi> single, IReadOnlyList<Kpi> merged)
    {
        static string Key(Kpi k) => k.Name.EndsWith("_at", StringComparison.Ordinal) ? $"{k.Name}@{k.Scope}" : $"{k.Name}|{k.Scope}";
        var expected = single.ToDictionary(Key);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), merged.Select(Key).Order(StringComparer.Ordinal));
        foreach (var k in merged)
        {
            var e = expected[Key(k)];
            Assert.Equal(e.Unit, k.Unit);
            if (k.Name.StartsWith("ems_plan_seconds", StringComparison.Ordinal))
            {
                continue; // wall-clock times of the plans: never the same twice
            }

            Assert.True(BitConverter.DoubleToInt64Bits(e.Value) == BitConverter.DoubleToInt64Bits(k.Value), $"{k.Name} of {k.Scope}: {e.Value:R} vs {k.Value:R}");
        }
    }

    private static IReadOnlyList<Kpi> Run(EnergySystem system, RunOptions options) =>
        SimulationRunner.Prepare(system, options).Execute(new NullSink()).Kpis;

    private static List<(string, string, long, string)> Bits(IReadOnlyList<Kpi> kpis) =>
        [.. kpis.Select(k => (k.Name, k.Scope, BitConverter.DoubleToInt64Bits(k.Value), k.Unit))];

    private static long Count(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The ten copies, their single run's KPIs and their ten partitions' outcomes (computed once for the class).</summary>
    private static readonly Lazy<(EnergySystem System, IReadOnlyList<Kpi> Single, IReadOnlyList<PartitionOutcome> Outcomes)> TenCopies = new(() =>
    {
        var file = Path.Combine(Path.GetTempPath(), $"quartier-partitions-x{Copies}-{Guid.NewGuid():N}.esdl");
        EnergySystem system;
        try
        {
            EsdlCopies.Write(ReferenceData.Path("dots/arch72-bandwidth/arch72-bandwidth.esdl"), file, Copies);
            system = EsdlReader.ReadFile(file);
        }
        finally
        {
            File.Delete(file);
        }

        var options = new RunOptions();
        var outcomes = RunPartitions.Plan(system, 0).Select(p => RunPartitions.Run(system, p, options, new NullSink())).ToList();
        return (system, Run(system, options), outcomes);
    });

    private sealed class NullSink : IResultSink
    {
        public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
        {
        }

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
        {
        }
    }

    private sealed class PartitionComparer : IEqualityComparer<Partition>
    {
        public static readonly PartitionComparer Instance = new();

        public bool Equals(Partition? x, Partition? y) =>
            x is not null && y is not null && x.Index == y.Index && x.Name == y.Name && x.AssetIds.SequenceEqual(y.AssetIds);

        public int GetHashCode(Partition obj) => obj.Index;
    }
}

internal static class StringReplaceFirst
{
    public static string ReplaceFirst(this string text, string find, string with)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not found");
        return string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + find.Length));
    }
}
