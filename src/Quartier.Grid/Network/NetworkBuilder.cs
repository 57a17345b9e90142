using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Grid.Network;

/// <summary>
/// Builds the radial <see cref="LvNetwork"/> from an ESDL energy system the way DOTS's LV service reads it:
/// buses are Joints, EConnections (their In port side) and the transformer's LV terminal (assets connected port
/// to port share a bus); cables are branches with length from the <c>length</c> attribute (m) or the geometry and
/// the line code named by the cable's <c>assetType</c>; each EConnection is a three-phase load; the transformer
/// (XFMR code named by its <c>assetType</c>, voltages from the ESDL) is the slack. Everything on the transformer's
/// MV side (Import, MV joints and cables) is left out.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Default short-circuit reactance (%), OpenDSS's XHL default, when the transformer has no code.</summary>
    public const double DefaultPercentX = 7.0;

    /// <summary>
    /// One network per transformer (feeder): each transformer with everything reached from its LV side through
    /// ports, not passing other transformers. Cables that no transformer feeds are an error naming them. With one
    /// transformer (or none, an Import as the source) this is <see cref="FromEsdl"/>.
    /// </summary>
    public static IReadOnlyList<LvNetwork> FeedersFromEsdl(
        EnergySystem system,
        IReadOnlyDictionary<string, LineCode> lineCodes,
        IReadOnlyDictionary<string, TransformerCode> transformerCodes)
    {
        var transformers = system.OfKind(AssetKind.Transformer).ToList();
        if (transformers.Count <= 1)
        {
            return [FromEsdl(system, lineCodes, transformerCodes)];
        }

        var fed = new HashSet<Asset>();
        var networks = new List<LvNetwork>(transformers.Count);
        foreach (var t in transformers)
        {
            var reached = new List<Asset> { t };
            var seen = new HashSet<Asset> { t };
            var queue = new Queue<Asset>();
            queue.Enqueue(t);
            while (queue.Count > 0)
            {
                var a = queue.Dequeue();
                foreach (var port in a.Ports)
                {
                    if (a == t && port.Direction == PortDirection.In)
                    {
                        continue; // the MV side
                    }

                    foreach (var q in port.ConnectedTo)
                    {
                        if (q.Asset.Kind != AssetKind.Transformer && seen.Add(q.Asset))
                        {
                            reached.Add(q.Asset);
                            queue.Enqueue(q.Asset);
                        }
                    }
                }
            }

            // The MV side as far as joints and imports go directly (no cables): the import's voltage sets the source.
            var mv = new Queue<Asset>();
            foreach (var port in t.Ports.Where(p => p.Direction == PortDirection.In))
            {
                foreach (var q in port.ConnectedTo)
                {
                    mv.Enqueue(q.Asset);
                }
            }

            while (mv.Count > 0)
            {
                var a = mv.Dequeue();
                if (a.Kind is not (AssetKind.Joint or AssetKind.Import) || !seen.Add(a))
                {
                    continue;
                }

                reached.Add(a);
                foreach (var q in a.Ports.SelectMany(p => p.ConnectedTo))
                {
                    mv.Enqueue(q.Asset);
                }
            }

            fed.UnionWith(reached);
            var feeder = system.Subset(reached);
            networks.Add(FromEsdl(feeder, lineCodes, transformerCodes));
        }

        var orphans = system.OfKind(AssetKind.ElectricityCable).Where(c => !fed.Contains(c)).ToList();
        if (orphans.Count > 0)
        {
            throw new InputException(
                $"{orphans.Count} cable(s) fed by no transformer: {string.Join(", ", orphans.Take(5).Select(c => $"'{c.Name}'"))}{(orphans.Count > 5 ? ", …" : string.Empty)}",
                system.SourceFile,
                orphans[0].Line,
                orphans[0].Id);
        }

        return networks;
    }

    public static LvNetwork FromEsdl(
        EnergySystem system,
        IReadOnlyDictionary<string, LineCode> lineCodes,
        IReadOnlyDictionary<string, TransformerCode> transformerCodes)
    {
        var file = system.SourceFile;
        var notes = new List<string>();
        var transformers = system.OfKind(AssetKind.Transformer).ToList();
        var imports = system.OfKind(AssetKind.Import).ToList();
        if (transformers.Count > 1)
        {
            throw new InputException(
                $"{transformers.Count} transformers ({string.Join(", ", transformers.Select(t => $"'{t.Name}'"))}); an LV network here has one transformer — split the ESDL per feeder",
                file,
                transformers[1].Line,
                transformers[1].Id);
        }

        var transformer = transformers.FirstOrDefault();
        if (transformer is null && imports.Count == 0)
        {
            throw new InputException("no Transformer and no Import: the LV network has no source (slack)", file);
        }

        // Terminals: every network-side connection point of a joint, connection, transformer side or import.
        var terminalIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var terminalAsset = new List<Asset>();
        int Terminal(string key, Asset asset)
        {
            if (!terminalIndex.TryGetValue(key, out var t))
            {
                t = terminalAsset.Count;
                terminalIndex[key] = t;
                terminalAsset.Add(asset);
            }

            return t;
        }

        // Ports of assets outside this system (a feeder cut out of a larger one) are not terminals of it.
        int? TerminalOf(Port port) => !system.AssetsById.ContainsKey(port.Asset.Id) ? null : port.Asset.Kind switch
        {
            AssetKind.Joint => Terminal(port.Asset.Id, port.Asset),
            AssetKind.EConnection when port.Direction == PortDirection.In => Terminal(port.Asset.Id, port.Asset),
            AssetKind.Transformer => Terminal(port.Asset.Id + (port.Direction == PortDirection.In ? "#mv" : "#lv"), port.Asset),
            AssetKind.Import => Terminal(port.Asset.Id, port.Asset),
            _ => null,
        };

        var nodeAssets = system.Assets.Where(a => a.Kind is AssetKind.Joint or AssetKind.EConnection or AssetKind.Transformer or AssetKind.Import).ToList();
        foreach (var a in nodeAssets)
        {
            foreach (var p in a.Ports)
            {
                TerminalOf(p);
            }

            if (a.Kind is AssetKind.Joint or AssetKind.EConnection)
            {
                Terminal(a.Id, a);
            }
        }

        if (transformer is not null)
        {
            Terminal(transformer.Id + "#lv", transformer);
            Terminal(transformer.Id + "#mv", transformer);
        }

        var direct = new UnionFind(terminalAsset.Count);
        foreach (var a in nodeAssets)
        {
            foreach (var p in a.Ports)
            {
                if (TerminalOf(p) is not { } t)
                {
                    continue;
                }

                foreach (var q in p.ConnectedTo)
                {
                    if (TerminalOf(q) is { } u)
                    {
                        direct.Union(t, u);
                    }
                }
            }
        }

        // Cable ends.
        var cables = system.OfKind(AssetKind.ElectricityCable).ToList();
        var ends = new List<(Asset Cable, int From, int To)>(cables.Count);
        foreach (var cable in cables)
        {
            int? from = null, to = null;
            foreach (var p in cable.Ports)
            {
                foreach (var q in p.ConnectedTo)
                {
                    if (q.Asset.Kind == AssetKind.ElectricityCable)
                    {
                        throw new InputException($"cable '{cable.Name}' is connected directly to cable '{q.Asset.Name}'; put a Joint between them", file, cable.Line, cable.Id);
                    }

                    if (TerminalOf(q) is not { } t)
                    {
                        continue;
                    }

                    ref var end = ref p.Direction == PortDirection.In ? ref from : ref to;
                    if (end is { } existing)
                    {
                        direct.Union(existing, t);
                    }
                    else
                    {
                        end = t;
                    }
                }
            }

            if (from is null || to is null)
            {
                throw new InputException(
                    $"network is disconnected: cable '{cable.Name}' has no joint, connection or transformer on its {(from is null ? "In" : "Out")} port",
                    file,
                    cable.Line,
                    cable.Id);
            }

            ends.Add((cable, from.Value, to.Value));
        }

        var component = direct.Clone();
        foreach (var (_, from, to) in ends)
        {
            component.Union(from, to);
        }

        int mvComponent = -1;
        int slackTerminal;
        if (transformer is not null)
        {
            int lv = terminalIndex[transformer.Id + "#lv"], mv = terminalIndex[transformer.Id + "#mv"];
            mvComponent = component.Find(mv);
            if (component.Find(lv) == mvComponent)
            {
                throw new InputException($"transformer '{transformer.Name}': its LV side is connected to its MV side through the network", file, transformer.Line, transformer.Id);
            }

            slackTerminal = lv;
        }
        else
        {
            if (imports.Count > 1)
            {
                throw new InputException($"{imports.Count} Imports and no transformer: the LV network needs exactly one source", file, imports[1].Line, imports[1].Id);
            }

            slackTerminal = terminalIndex.TryGetValue(imports[0].Id, out var it) ? it : Terminal(imports[0].Id, imports[0]);
        }

        // Buses in document order of the assets that form them.
        var busOfRoot = new Dictionary<int, int>();
        var buses = new List<LvBus>();
        var loads = new List<LvLoad>();
        var rootMembers = new Dictionary<int, List<Asset>>();
        for (int t = 0; t < terminalAsset.Count; t++)
        {
            var root = direct.Find(t);
            if (!rootMembers.TryGetValue(root, out var list))
            {
                rootMembers[root] = list = [];
            }

            if (!list.Contains(terminalAsset[t]))
            {
                list.Add(terminalAsset[t]);
            }
        }

        var documentOrder = new Dictionary<Asset, int>();
        for (int i = 0; i < system.Assets.Count; i++)
        {
            documentOrder[system.Assets[i]] = i;
        }

        int mvAssets = 0;
        foreach (var pair in rootMembers.OrderBy(kv => kv.Value.Min(a => documentOrder[a])))
        {
            var (root, members) = (pair.Key, pair.Value);
            bool isSlack = root == direct.Find(slackTerminal);
            if (mvComponent >= 0 && component.Find(root) == mvComponent)
            {
                mvAssets += members.Count(a => a.Kind is AssetKind.Joint);
                continue;
            }

            var connection = members.FirstOrDefault(a => a.Kind == AssetKind.EConnection);
            var joint = members.FirstOrDefault(a => a.Kind == AssetKind.Joint);
            LvBus bus;
            if (connection is not null)
            {
                bus = new LvBus(buses.Count, connection.Name, connection.Id, LvBusKind.Connection);
            }
            else if (joint is not null)
            {
                bus = new LvBus(buses.Count, joint.Name, joint.Id, LvBusKind.Joint);
            }
            else if (members.FirstOrDefault(a => a.Kind == AssetKind.Transformer) is { } tr)
            {
                bus = new LvBus(buses.Count, tr.Name + "_LV", tr.Id, LvBusKind.TransformerLv);
            }
            else if (members.FirstOrDefault(a => a.Kind == AssetKind.Import) is { } imp && isSlack)
            {
                bus = new LvBus(buses.Count, imp.Name, imp.Id, LvBusKind.Source);
            }
            else
            {
                continue;
            }

            busOfRoot[root] = bus.Index;
            buses.Add(bus);
            foreach (var c in members.Where(a => a.Kind == AssetKind.EConnection))
            {
                loads.Add(new LvLoad(loads.Count, c.Name, c.Id, bus.Index));
            }
        }

        if (mvAssets > 0 || imports.Count > 0 && transformer is not null)
        {
            notes.Add($"MV side left out: the Import(s) and {mvAssets} joint(s) before transformer '{transformer?.Name}' are not part of the LV model.");
        }

        // Branches.
        Dictionary<string, double>? geometry = null;
        var branches = new List<LvBranch>();
        int mvCables = 0;
        foreach (var (cable, from, to) in ends)
        {
            if (mvComponent >= 0 && component.Find(from) == mvComponent)
            {
                mvCables++;
                continue;
            }

            if (!busOfRoot.TryGetValue(direct.Find(from), out var fromBus) || !busOfRoot.TryGetValue(direct.Find(to), out var toBus))
            {
                throw new InputException($"cable '{cable.Name}' ends on an element that is not a joint, connection or transformer", file, cable.Line, cable.Id);
            }

            var length = cable.OptionalDouble("length");
            bool fromGeometry = false;
            if (length is null or <= 0)
            {
                if (system.SourceFile is { } src && File.Exists(src))
                {
                    geometry ??= CableGeometry.LengthsFromFile(src);
                }

                if (geometry is not null && geometry.TryGetValue(cable.Id, out var g))
                {
                    length = g;
                    fromGeometry = true;
                }
                else
                {
                    throw cable.Error(
                        length is null
                            ? $"cable '{cable.Name}' has no 'length' attribute (m) and no geometry to measure"
                            : $"cable '{cable.Name}' has 'length' = {length.Value.ToString(CultureInfo.InvariantCulture)} m and no geometry to measure; a cable needs a positive length",
                        "length");
                }
            }

            var codeName = cable.Attribute("assetType");
            if (string.IsNullOrWhiteSpace(codeName))
            {
                codeName = cable.Name;
            }

            if (!lineCodes.TryGetValue(codeName, out var code))
            {
                throw cable.Error(
                    $"cable '{cable.Name}': line code '{codeName}' (its assetType) is not in the line-code library ({lineCodes.Count} codes); nearest: {string.Join(", ", OpenDssCodes.Nearest(codeName, lineCodes.Keys))}");
            }

            if (code.Phases != 4)
            {
                throw cable.Error($"cable '{cable.Name}': line code '{code.Name}' has nphases={code.Phases}; the LV model needs 4 (a, b, c, neutral)");
            }

            branches.Add(new LvBranch(branches.Count, cable.Name, cable.Id, fromBus, toBus, length.Value, code.Name, code.NormAmps, LvBranch.Impedance(code, length.Value))
            {
                LengthFromGeometry = fromGeometry,
            });
        }

        if (mvCables > 0)
        {
            notes.Add($"{mvCables} MV cable(s) on the transformer's primary side left out.");
        }

        var geometryCount = branches.Count(b => b.LengthFromGeometry);
        if (geometryCount > 0)
        {
            notes.Add($"{geometryCount} cable length(s) measured from the geometry (no 'length' attribute).");
        }

        int slackBus = busOfRoot[direct.Find(slackTerminal)];
        LvTransformer? lvTransformer = null;
        double sourcePhaseVoltage;
        if (transformer is not null)
        {
            lvTransformer = Transformer(transformer, transformerCodes, imports, notes, file, out sourcePhaseVoltage);
        }
        else
        {
            sourcePhaseVoltage = 400.0 / Math.Sqrt(3);
            notes.Add($"No transformer: Import '{imports[0].Name}' is the slack at 400 V line-to-line (230.9 V phase).");
        }

        return new LvNetwork(buses, branches, loads, slackBus, sourcePhaseVoltage, lvTransformer, notes, file);
    }

    private static LvTransformer Transformer(Asset t, IReadOnlyDictionary<string, TransformerCode> codes, List<Asset> imports, List<string> notes, string? file, out double sourcePhaseVoltage)
    {
        var codeName = t.Attribute("assetType");
        TransformerCode? code = null;
        if (!string.IsNullOrWhiteSpace(codeName) && !codes.TryGetValue(codeName, out code))
        {
            code = null;
        }

        double? esdlPrimary = Kv(t, "voltagePrimary", notes);
        double? esdlSecondary = Kv(t, "voltageSecundary", notes) ?? Kv(t, "voltageSecondary", notes);
        double ratedKva;
        double loadLoss, noLoadLoss, percentX;
        if (code is not null)
        {
            ratedKva = code.RatedKva;
            loadLoss = code.PercentLoadLoss;
            noLoadLoss = code.PercentNoLoadLoss;
            percentX = code.PercentX;
        }
        else if (t.OptionalDouble("power") is { } powerVa && powerVa > 0)
        {
            ratedKva = powerVa / 1000.0;
            loadLoss = 1.0;
            noLoadLoss = 0.0;
            percentX = DefaultPercentX;
            notes.Add($"Transformer '{t.Name}': no XFMR code '{codeName}'; rating {ratedKva:0.#} kVA from its 'power' attribute, 1 % load loss and {DefaultPercentX} % X assumed.");
        }
        else
        {
            var nearest = codeName is null ? string.Empty : $"; nearest: {string.Join(", ", OpenDssCodes.Nearest(codeName, codes.Keys))}";
            throw t.Error($"transformer '{t.Name}': XFMR code '{codeName ?? "(no assetType)"}' is not in the transformer-code library ({codes.Count} codes) and there is no 'power' attribute{nearest}");
        }

        var primaryKv = esdlPrimary ?? code?.PrimaryKv ?? throw t.Error($"transformer '{t.Name}' has no voltagePrimary and no code");
        var secondaryKv = esdlSecondary ?? code?.SecondaryKv ?? throw t.Error($"transformer '{t.Name}' has no voltageSecundary and no code");
        if (code is not null && esdlSecondary is { } s && Math.Abs(s - code.SecondaryKv) > 1e-9)
        {
            notes.Add($"Transformer '{t.Name}': ESDL secondary {s} kV differs from code '{code.Name}' ({code.SecondaryKv} kV); the ESDL value is used, as DOTS passes kVs from the ESDL.");
        }

        // DOTS's source: the Import's assetType is the MV base kV (pu 1.0); the no-load LV voltage follows the ratio.
        double lineKv = secondaryKv;
        var import = imports.FirstOrDefault();
        if (import?.Attribute("assetType") is { } mv
            && double.TryParse(mv, NumberStyles.Float, CultureInfo.InvariantCulture, out var mvKv) && mvKv > 0)
        {
            mvKv = mvKv >= 1000 ? mvKv / 1000.0 : mvKv;
            lineKv = secondaryKv * mvKv / primaryKv;
            notes.Add($"Source: Import '{import.Name}' at {mvKv} kV on a {primaryKv}/{secondaryKv} kV transformer gives {lineKv * 1000:0.0} V line-to-line at no load.");
        }

        sourcePhaseVoltage = lineKv * 1000.0 / Math.Sqrt(3);
        var z = LvTransformer.Impedance(secondaryKv, ratedKva, loadLoss, percentX);
        return new LvTransformer(t.Name, t.Id, code?.Name, ratedKva, primaryKv, secondaryKv, loadLoss, noLoadLoss, percentX, z);
    }

    /// <summary>An ESDL transformer voltage in kV: values ≥ 1000 are V, values 100–999 are read as V too (no LV winding has that many kV), smaller values are kV.</summary>
    private static double? Kv(Asset t, string attribute, List<string> notes)
    {
        if (t.OptionalDouble(attribute) is not { } v)
        {
            return null;
        }

        if (v >= 100)
        {
            notes.Add($"Transformer '{t.Name}': {attribute}={v.ToString(CultureInfo.InvariantCulture)} read as V ({v / 1000.0} kV); ESDL voltages below 100 are read as kV.");
            return v / 1000.0;
        }

        notes.Add($"Transformer '{t.Name}': {attribute}={v.ToString(CultureInfo.InvariantCulture)} read as kV (values below 100 are kV, larger ones V).");
        return v;
    }
}
