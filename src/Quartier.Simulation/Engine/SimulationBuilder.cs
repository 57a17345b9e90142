using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;

namespace Quartier.Simulation.Engine;

/// <summary>
/// Wires calculation services over an energy system: gives each service its assets, lays out the value
/// buffer, connects inputs to outputs by DOTS's routing rules, orders services by data flow and turns
/// each remaining cycle into an explicit one-step delay.
/// </summary>
public sealed class SimulationBuilder
{
    private readonly EnergySystem _system;
    private readonly TimeGrid _grid;
    private readonly List<CalculationService> _services = [];

    public SimulationBuilder(EnergySystem system, TimeGrid grid)
    {
        _system = system;
        _grid = grid;
    }

    public SimulationBuilder Add(CalculationService service)
    {
        if (_services.Contains(service))
        {
            throw new InvalidOperationException($"service {service.Name} added twice");
        }

        _services.Add(service);
        return this;
    }

    public SimulationBuilder AddRange(IEnumerable<CalculationService> services)
    {
        foreach (var s in services)
        {
            Add(s);
        }

        return this;
    }

    public CoSimulation Build()
    {
        var notes = new List<string>();
        var sourced = new List<(string? Service, string Note)>();

        // 1. assets per service (an asset goes to the first service that accepts it)
        var taken = new HashSet<Asset>();
        var active = new List<(CalculationService Service, List<Asset> Assets)>();
        var groups = new Dictionary<object, List<Asset>>(ReferenceEqualityComparer.Instance);
        foreach (var service in _services)
        {
            if (service.AssetGroup is { } group && groups.TryGetValue(group, out var shared))
            {
                if (shared.Count > 0)
                {
                    active.Add((service, shared));
                }

                continue;
            }

            var assets = _system.Assets.Where(a => a.Kind == service.Kind && !taken.Contains(a) && service.Accepts(a)).ToList();
            if (service.AssetGroup is { } first)
            {
                groups[first] = assets;
            }

            if (assets.Count == 0)
            {
                continue;
            }

            taken.UnionWith(assets);
            active.Add((service, assets));
        }

        // 2. value buffer layout
        int total = 0;
        var signals = new List<Signal>();
        var outputsPerService = new Dictionary<CalculationService, Dictionary<string, (int, int)>>();
        var assetIndex = new Dictionary<CalculationService, Dictionary<Asset, int>>();
        foreach (var (service, assets) in active)
        {
            var map = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            foreach (var output in service.Outputs)
            {
                if (map.ContainsKey(output.Name))
                {
                    throw new InvalidOperationException($"service {service.Name} declares output '{output.Name}' twice");
                }

                map[output.Name] = (total, assets.Count);
                signals.Add(new Signal(signals.Count, service, output, total, assets));
                total += assets.Count;
            }

            outputsPerService[service] = map;
            var index = new Dictionary<Asset, int>();
            for (int i = 0; i < assets.Count; i++)
            {
                index[assets[i]] = i;
            }

            assetIndex[service] = index;
        }

        var values = new double[total];
        var previous = new double[total];
        var routing = new Router(_system);

        // 3. inputs
        var inputsPerService = new Dictionary<CalculationService, Dictionary<string, InputBinding>>();
        var edges = new List<(CalculationService From, CalculationService To, InputBinding Binding)>();
        foreach (var (service, assets) in active)
        {
            var bindings = new Dictionary<string, InputBinding>(StringComparer.Ordinal);
            foreach (var input in service.Inputs)
            {
                var producer = active.FirstOrDefault(p => p.Service.Kind == input.SourceKind && p.Service.Outputs.Any(o => o.Name == input.SourceOutput));
                var offsets = new int[assets.Count + 1];
                var sources = new List<int>();
                var sourceAssets = new List<int>();
                for (int i = 0; i < assets.Count; i++)
                {
                    offsets[i] = sources.Count;
                    if (producer.Service is null)
                    {
                        continue;
                    }

                    var (outBase, _) = outputsPerService[producer.Service][input.SourceOutput];
                    var index = assetIndex[producer.Service];
                    foreach (var source in routing.Sources(assets[i], input.SourceKind, input.Routing))
                    {
                        if (index.TryGetValue(source, out var si))
                        {
                            sources.Add(outBase + si);
                            sourceAssets.Add(si);
                        }
                    }
                }

                offsets[assets.Count] = sources.Count;
                if (input.Required)
                {
                    for (int i = 0; i < assets.Count; i++)
                    {
                        if (offsets[i + 1] == offsets[i])
                        {
                            throw assets[i].Error($"{assets[i].Type} '{assets[i].Name}' needs a {input.SourceKind} providing '{input.SourceOutput}' for its input '{input.Name}', and none is connected");
                        }
                    }
                }

                var binding = new InputBinding(input, offsets, [.. sources], [.. sourceAssets]) { Data = values, SourceAssets = producer.Assets ?? [], Producer = producer.Service };
                bindings[input.Name] = binding;
                if (producer.Service is not null && sources.Count > 0)
                {
                    edges.Add((producer.Service, service, binding));
                }
            }

            inputsPerService[service] = bindings;
        }

        // 4. order by data flow; delays break cycles
        var order = Order(active.Select(a => a.Service).ToList(), edges, notes);
        var delayed = new List<(int, int)>();
        foreach (var (from, _, binding) in edges)
        {
            if (binding.IsDelayed)
            {
                binding.Data = previous;
                var (b, len) = outputsPerService[from][binding.Declaration.SourceOutput];
                if (!delayed.Contains((b, len)))
                {
                    delayed.Add((b, len));
                }
            }
        }

        // 5. initialise in order
        var slots = new List<CoSimulation.ServiceSlot>();
        var sampled = new Dictionary<Profile, double[]>(ReferenceEqualityComparer.Instance);
        int lookahead = active.Count == 0 ? 0 : active.Max(a => a.Service.LookaheadSteps);
        foreach (var service in order)
        {
            var assets = active.First(a => a.Service == service).Assets;
            int period = service.ScheduledPeriodSeconds ?? (service.PeriodSeconds == 0 ? _grid.StepSeconds : service.PeriodSeconds);
            int offset = service.ScheduledOffsetSeconds ?? service.OffsetSeconds;
            if (period % _grid.StepSeconds != 0 || offset % _grid.StepSeconds != 0)
            {
                throw new InputException($"service {service.Name} period {period} s / offset {offset} s is not a multiple of the {_grid.StepSeconds} s step", field: "period_in_seconds");
            }

            var context = new ServiceContext(_system, assets, _grid, values, outputsPerService[service], inputsPerService[service], sampled, lookahead, notes, sourced, service.Name);
            service.Initialize(context);
            slots.Add(new CoSimulation.ServiceSlot(service, period, offset, assets.Count) { Inputs = [.. inputsPerService[service].Values] });
        }

        var wiring = notes.Where(n => !sourced.Any(s => s.Note == n)).Select(n => ((string?)null, n));
        return new CoSimulation(_system, _grid, [.. slots], values, previous, [.. delayed], signals, notes) { SourcedNotes = [.. wiring, .. sourced] };
    }

    private static List<CalculationService> Order(List<CalculationService> services, List<(CalculationService From, CalculationService To, InputBinding Binding)> edges, List<string> notes)
    {
        foreach (var e in edges)
        {
            e.Binding.IsDelayed = e.Binding.Declaration.Delayed || e.From == e.To;
        }

        var order = new List<CalculationService>();
        var remaining = new List<CalculationService>(services);
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(s => !edges.Any(e => e.To == s && !e.Binding.IsDelayed && remaining.Contains(e.From)));
            if (ready is null)
            {
                // a cycle: the earliest remaining service that lies on a cycle reads its inputs from the cycle one
                // step late (a service merely downstream of a cycle keeps its same-time inputs)
                var breaker = remaining.First(s => OnCycle(s, remaining, edges));
                foreach (var e in edges.Where(e => e.To == breaker && !e.Binding.IsDelayed && remaining.Contains(e.From)))
                {
                    e.Binding.IsDelayed = true;
                    notes.Add($"cycle: {breaker.Name} reads '{e.Binding.Declaration.Name}' from {e.From.Name} with a one-step delay");
                }

                continue;
            }

            order.Add(ready);
            remaining.Remove(ready);
        }

        return order;
    }

    /// <summary>Whether <paramref name="service"/> reaches itself over same-time edges among <paramref name="remaining"/>.</summary>
    private static bool OnCycle(CalculationService service, List<CalculationService> remaining, List<(CalculationService From, CalculationService To, InputBinding Binding)> edges)
    {
        var seen = new HashSet<CalculationService>();
        var stack = new Stack<CalculationService>();
        stack.Push(service);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            foreach (var e in edges)
            {
                if (e.From != s || e.Binding.IsDelayed || !remaining.Contains(e.To))
                {
                    continue;
                }

                if (e.To == service)
                {
                    return true;
                }

                if (seen.Add(e.To))
                {
                    stack.Push(e.To);
                }
            }
        }

        return false;
    }
}
