using Quartier.Core.Errors;

namespace Quartier.Grid.Network;

/// <summary>
/// A radial low-voltage network: buses, cables, house connections (loads) and the slack (the transformer's
/// LV bus). The constructor checks that the cables form a tree rooted at the slack — a loop (meshed) or a bus
/// not reachable from the slack (island) is an <see cref="InputException"/> naming the elements — and
/// precomputes the sweep order and each bus's parent cable.
/// </summary>
public sealed class LvNetwork
{
    /// <summary>Builds and checks the network; <paramref name="sourcePhaseVoltage"/> is the no-load phase-to-neutral voltage (V) at the slack.</summary>
    public LvNetwork(
        IReadOnlyList<LvBus> buses,
        IReadOnlyList<LvBranch> branches,
        IReadOnlyList<LvLoad> loads,
        int slackBus,
        double sourcePhaseVoltage,
        LvTransformer? transformer = null,
        IReadOnlyList<string>? notes = null,
        string? file = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slackBus);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slackBus, buses.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourcePhaseVoltage);
        Buses = buses;
        Branches = branches;
        Loads = loads;
        SlackBus = slackBus;
        SourcePhaseVoltage = sourcePhaseVoltage;
        Transformer = transformer;
        Notes = notes ?? [];
        SourceFile = file;
        for (int i = 0; i < buses.Count; i++)
        {
            if (buses[i].Index != i)
            {
                throw new ArgumentException($"bus '{buses[i].Name}' has index {buses[i].Index}, expected {i}");
            }
        }

        for (int i = 0; i < branches.Count; i++)
        {
            if (branches[i].Index != i || branches[i].Z.Length != 16)
            {
                throw new ArgumentException($"cable '{branches[i].Name}' has index {branches[i].Index} (expected {i}) or no 4×4 impedance");
            }
        }

        (Order, ParentBranch, ParentBus) = Tree(file);
    }

    /// <summary>The ESDL file the network was read from, for error messages.</summary>
    public string? SourceFile { get; }

    public IReadOnlyList<LvBus> Buses { get; }

    public IReadOnlyList<LvBranch> Branches { get; }

    public IReadOnlyList<LvLoad> Loads { get; }

    public int SlackBus { get; }

    /// <summary>No-load phase-to-neutral voltage of the source behind the transformer impedance (V).</summary>
    public double SourcePhaseVoltage { get; }

    public LvTransformer? Transformer { get; }

    /// <summary>What the builder assumed or converted (units, defaults, skipped elements).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Buses in breadth-first order from the slack (the slack first).</summary>
    public int[] Order { get; }

    /// <summary>For each bus the cable feeding it from the slack side (−1 for the slack).</summary>
    public int[] ParentBranch { get; }

    /// <summary>For each bus its upstream bus (−1 for the slack).</summary>
    public int[] ParentBus { get; }

    /// <summary>One line: the source (transformer or slack bus), buses, cables with their total length, connections.</summary>
    public string Summary =>
        $"{Transformer?.Name ?? Buses[SlackBus].Name}: {Buses.Count} buses, {Branches.Count} cables ({Branches.Sum(b => b.LengthM).ToString("0", System.Globalization.CultureInfo.InvariantCulture)} m), {Loads.Count} connections";

    public LvBus Bus(string name) =>
        Buses.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"no bus '{name}'");

    public LvBranch Branch(string name) =>
        Branches.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"no cable '{name}'");

    private (int[] Order, int[] ParentBranch, int[] ParentBus) Tree(string? file)
    {
        int n = Buses.Count;
        var adjacency = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            adjacency[i] = [];
        }

        foreach (var b in Branches)
        {
            if (b.FromBus == b.ToBus)
            {
                throw new InputException($"network is meshed: cable '{b.Name}' connects bus '{Buses[b.FromBus].Name}' to itself", file, null, b.AssetId);
            }

            adjacency[b.FromBus].Add(b.Index);
            adjacency[b.ToBus].Add(b.Index);
        }

        var parentBranch = new int[n];
        var parentBus = new int[n];
        var depth = new int[n];
        Array.Fill(parentBranch, -2);
        Array.Fill(parentBus, -1);
        var order = new List<int>(n) { SlackBus };
        parentBranch[SlackBus] = -1;
        for (int head = 0; head < order.Count; head++)
        {
            int u = order[head];
            foreach (var e in adjacency[u])
            {
                if (e == parentBranch[u])
                {
                    continue;
                }

                var branch = Branches[e];
                int v = branch.FromBus == u ? branch.ToBus : branch.FromBus;
                if (parentBranch[v] != -2)
                {
                    throw new InputException(
                        $"network is meshed (not radial): cable '{branch.Name}' closes the loop {LoopPath(u, v, parentBus, parentBranch, depth, branch.Name)}; open one of these cables",
                        file,
                        null,
                        branch.AssetId);
                }

                parentBranch[v] = e;
                parentBus[v] = u;
                depth[v] = depth[u] + 1;
                order.Add(v);
            }
        }

        if (order.Count < n)
        {
            var unreached = Enumerable.Range(0, n).Where(i => parentBranch[i] == -2).ToList();
            var cables = Branches.Where(b => parentBranch[b.FromBus] == -2 && parentBranch[b.ToBus] == -2).Select(b => b.Name).ToList();
            var busList = string.Join(", ", unreached.Take(10).Select(i => $"'{Buses[i].Name}'{(Buses[i].AssetId is { } id ? $" ({id})" : string.Empty)}"));
            var more = unreached.Count > 10 ? $" and {unreached.Count - 10} more" : string.Empty;
            var cableText = cables.Count > 0 ? $"; cables in the island(s): {string.Join(", ", cables.Take(10))}{(cables.Count > 10 ? $" and {cables.Count - 10} more" : string.Empty)}" : string.Empty;
            throw new InputException(
                $"network is disconnected: {unreached.Count} bus(es) are not reachable from the source bus '{Buses[SlackBus].Name}': {busList}{more}{cableText}",
                file,
                null,
                Buses[unreached[0]].AssetId);
        }

        return ([.. order], parentBranch, parentBus);
    }

    private string LoopPath(int u, int v, int[] parentBus, int[] parentBranch, int[] depth, string closing)
    {
        // Walk both ends up to their common ancestor; the loop is v … ancestor … u + the closing cable.
        var fromU = new List<string>();
        var fromV = new List<string>();
        int a = u, b = v;
        while (depth[a] > depth[b])
        {
            fromU.Add($"{Buses[a].Name} -[{Branches[parentBranch[a]].Name}]-");
            a = parentBus[a];
        }

        while (depth[b] > depth[a])
        {
            fromV.Add($"-[{Branches[parentBranch[b]].Name}]- {Buses[b].Name}");
            b = parentBus[b];
        }

        while (a != b)
        {
            fromU.Add($"{Buses[a].Name} -[{Branches[parentBranch[a]].Name}]-");
            fromV.Add($"-[{Branches[parentBranch[b]].Name}]- {Buses[b].Name}");
            a = parentBus[a];
            b = parentBus[b];
        }

        fromV.Reverse();
        return $"{Buses[v].Name} -[{closing}]- {string.Join(" ", fromU)} {Buses[a].Name} {string.Join(" ", fromV)}".Trim();
    }
}
