namespace Quartier.Simulation.Engine;

/// <summary>The plan of a time tile: which values are kept, copied and read from where (see <see cref="CoSimulation"/>'s time tiles).</summary>
public sealed partial class CoSimulation
{
    /// <summary>How a run is stepped in time tiles: what is kept, what is copied, which inputs are read from where.</summary>
    private sealed class Tile
    {
        private readonly List<(InputBinding Binding, double[] Data, int[] Sources)> _saved = [];
        private readonly List<(InputBinding Binding, int[] Sources, bool Global)> _remapped = [];
        private readonly List<InputBinding> _direct = [];
        private readonly double[] _values;
        private Tile(ChunkPlan plan, double[] values)
        {
            Plan = plan;
            _values = values;
        }

        public ChunkPlan Plan { get; }

        /// <summary>Steps per tile.</summary>
        public int Steps { get; private set; }

        /// <summary>The signals of the services before the chunked ones, and where each is kept in a row of <see cref="Frame.PreRows"/>.</summary>
        public (int Base, int Length, int Offset)[] PreSignals { get; private set; } = [];

        public int PreLength { get; private set; }

        /// <summary>A row of <see cref="Frame.PreRows"/> per chunk: what the chunked services read of the services before them.</summary>
        public double[] Globals { get; private set; } = [];

        public bool PlanReadsPre { get; private set; }

        /// <summary>Delayed ranges produced by services before the chunks, copied to the previous values in the first pass.</summary>
        public (int Base, int Length)[] PreDelayed { get; private set; } = [];

        /// <summary>Delayed ranges produced by chunked services (base, service within the plan), copied per chunk and step.</summary>
        public (int Base, int Service)[] PlanDelayed { get; private set; } = [];

        /// <summary>Delayed ranges produced by services after the chunks, copied in the last pass.</summary>
        public (int Base, int Length)[] PostDelayed { get; private set; } = [];

        /// <summary>Chunked services' signals read after them: base, service within the plan, offset in a row of <see cref="Frame.Rows"/>.</summary>
        public (int Base, int Service, int Offset)[] Exports { get; private set; } = [];

        /// <summary>By signal id: offset in a row of <see cref="Frame.Rows"/>, or −1.</summary>
        public int[] ExportOffset { get; private set; } = [];

        /// <summary>Two tiles' kept values: one observed while the other's chunks are stepped.</summary>
        public Frame[] Frames { get; private set; } = [];

        /// <summary>The tile whose chunks are being stepped.</summary>
        public Frame? Chunking { get; set; }

        /// <summary>The observers that observe inside the chunks (<see cref="IChunkObserver"/>).</summary>
        public IChunkObserver[] ChunkObservers { get; private set; } = [];

        /// <summary>Per signal id: the index in the plan of the chunked service that makes it, or −1.</summary>
        public int[] ServiceOf { get; private set; } = [];

        /// <summary>Later services' inputs from chunked services, read from <see cref="Frame.Rows"/> during the last pass.</summary>
        public (InputBinding Binding, bool Delayed)[] PostBindings { get; private set; } = [];

        public CancellationToken Cancellation { get; set; }

        /// <summary>Points the remapped bindings at the tile's arrays.</summary>
        public void Bind()
        {
            foreach (var (binding, sources, global) in _remapped)
            {
                sources.CopyTo(binding.Sources, 0);
                binding.Reindex();
                if (global)
                {
                    binding.Data = Globals;
                }
            }

            foreach (var binding in _direct)
            {
                binding.Data = _values;
            }
        }

        /// <summary>Puts every remapped binding back as it was.</summary>
        public void Unbind()
        {
            foreach (var (binding, data, sources) in _saved)
            {
                sources.CopyTo(binding.Sources, 0);
                binding.Reindex();
                binding.Data = data;
            }
        }

        /// <summary>A tile plan for <paramref name="sim"/>, or null when its services or observers do not allow one.</summary>
        public static Tile? TryBuild(CoSimulation sim, IStepObserver[] observers)
        {
            var plans = sim._plans.Where(p => p is not null).ToList();
            if (plans.Count != 1 || plans[0] is not { } plan)
            {
                return null;
            }

            var slots = sim._slots;
            int first = plan.First, end = plan.First + plan.Services;
            var slotOf = new Dictionary<CalculationService, int>(ReferenceEqualityComparer.Instance);
            for (int s = 0; s < slots.Length; s++)
            {
                slotOf[slots[s].Service] = s;
            }

            // which part of the step a slot is in: 0 before the chunked services, 1 chunked, 2 after
            int Part(int s) => s < first ? 0 : s < end ? 1 : 2;
            int Where(CalculationService? service) => service is null || !slotOf.TryGetValue(service, out int s) ? -1 : Part(s);

            var serviceOf = new int[sim.Signals.Count];
            foreach (var g in sim.Signals)
            {
                serviceOf[g.Id] = Where(g.Service) == 1 ? slotOf[g.Service!] - first : -1;
            }

            var reads = new List<Signal>();
            var chunkObservers = new List<IChunkObserver>();
            foreach (var o in observers)
            {
                if (o is IChunkObserver co && co.ChunkReads.All(g => serviceOf[g.Id] >= 0))
                {
                    chunkObservers.Add(co);
                    continue;
                }

                if (o.Reads is not { } r)
                {
                    return null;
                }

                reads.AddRange(r);
            }

            for (int s = first; s < end; s++)
            {
                if (slots[s].Period != sim.Grid.StepSeconds || slots[s].Offset != 0)
                {
                    return null;
                }
            }

            var tile = new Tile(plan, sim.Values);
            var chunkOf = new int[plan.Services][];
            for (int s = 0; s < plan.Services; s++)
            {
                chunkOf[s] = new int[slots[first + s].Assets];
                for (int c = 0; c < plan.Chunks; c++)
                {
                    for (int i = plan.From(c, s); i < plan.To(c, s); i++)
                    {
                        chunkOf[s][i] = c;
                    }
                }
            }

            // the signals of the services before the chunks
            var preSignals = sim.Signals.Where(g => Where(g.Service) == 0).ToList();
            var preOffset = new Dictionary<int, int>();
            int preLength = 0;
            foreach (var g in preSignals)
            {
                preOffset[g.Base] = preLength;
                preLength += g.Assets.Count;
            }

            if (preLength > MaxPreValues)
            {
                return null;
            }

            var signalAt = sim.Signals.ToDictionary(g => g.Base);
            var exported = new HashSet<Signal>();
            var postBindings = new List<(InputBinding, bool)>();
            var preBound = new List<(InputBinding Binding, int Consumer)>();
            var planDelayedReads = new HashSet<int>();
            var delayedBindings = new List<(InputBinding Binding, int Signal, bool Before)>();
            for (int s = 0; s < slots.Length; s++)
            {
                int here = Part(s);
                foreach (var binding in slots[s].Inputs)
                {
                    if (binding.Producer is null || binding.Entries == 0)
                    {
                        continue;
                    }

                    int from = Where(binding.Producer);
                    if (from < 0 || from > here || (from == 2 && here != 2))
                    {
                        return null;   // an input from later in the step (delayed): the later services run after the tile
                    }

                    if (here == 0 || (from == 2 && here == 2))
                    {
                        continue;      // stepped as before
                    }

                    if (from == 0)
                    {
                        if (binding.IsDelayed)
                        {
                            return null;
                        }

                        if (here == 1)
                        {
                            preBound.Add((binding, s - first));
                        }

                        continue;
                    }

                    // from the chunked services
                    var signal = signalAt[binding.Sources[0] - binding.SourceAssetIndex[0]];
                    if (here == 2)
                    {
                        exported.Add(signal);
                        postBindings.Add((binding, binding.IsDelayed));
                        continue;
                    }

                    if (binding.IsDelayed)
                    {
                        // read the step before: only within the chunk
                        int consumer = s - first, producer = slotOf[binding.Producer] - first;
                        for (int i = 0; i < slots[s].Assets; i++)
                        {
                            for (int j = binding.Start(i); j < binding.End(i); j++)
                            {
                                if (chunkOf[producer][binding.SourceAssetIndex[j]] != chunkOf[consumer][i])
                                {
                                    return null;
                                }
                            }
                        }

                        planDelayedReads.Add(signal.Base);
                        delayedBindings.Add((binding, signal.Base, consumer < producer));
                    }
                }
            }

            foreach (var g in reads)
            {
                if (Where(g.Service) == 1)
                {
                    exported.Add(g);
                }
            }

            // a signal read the step after only by chunked services that step before its producer: they read it where it is,
            // still the step before's value when they step, instead of from a copy made at the start of every chunk's step
            var copied = delayedBindings.Where(d => !d.Before).Select(d => d.Signal).ToHashSet();
            foreach (var (binding, signal, _) in delayedBindings)
            {
                if (!copied.Contains(signal) && !tile._direct.Contains(binding))
                {
                    tile._saved.Add((binding, binding.Data, (int[])binding.Sources.Clone()));
                    tile._direct.Add(binding);
                }
            }

            planDelayedReads.ExceptWith(planDelayedReads.Where(b => !copied.Contains(b)).ToList());

            // delayed ranges by who produces them
            var preDelayed = new List<(int, int)>();
            var postDelayed = new List<(int, int)>();
            var planDelayed = new List<(int, int)>();
            foreach (var (b, len) in sim._delayedRanges)
            {
                var g = signalAt[b];
                switch (Where(g.Service))
                {
                    case 0: preDelayed.Add((b, len)); break;
                    case 2: postDelayed.Add((b, len)); break;
                    default:
                        if (planDelayedReads.Contains(b))
                        {
                            planDelayed.Add((b, serviceOf[g.Id]));
                        }

                        break;
                }
            }

            var exports = new List<(int, int, int)>();
            var exportOffset = new int[sim.Signals.Count];
            Array.Fill(exportOffset, -1);
            int rowLength = 0;
            foreach (var g in exported.OrderBy(g => g.Base))
            {
                exports.Add((g.Base, serviceOf[g.Id], rowLength));
                exportOffset[g.Id] = rowLength;
                rowLength += g.Assets.Count;
            }

            int steps = (int)Math.Clamp(TileBudgetBytes / (8L * Math.Max(1, rowLength + preLength)), 1, Math.Max(1, sim.MaxTileSteps));
            steps = Math.Min(steps, sim.Grid.Count);

            tile.Steps = steps;
            tile.ChunkObservers = [.. chunkObservers];
            tile.ServiceOf = serviceOf;
            tile.PreSignals = [.. preSignals.Select(g => (g.Base, g.Assets.Count, preOffset[g.Base]))];
            tile.PreLength = preLength;
            tile.PlanReadsPre = preBound.Count > 0 && preLength > 0;
            tile.Globals = tile.PlanReadsPre ? new double[plan.Chunks * preLength] : [];
            tile.PreDelayed = [.. preDelayed];
            tile.PostDelayed = [.. postDelayed];
            tile.PlanDelayed = [.. planDelayed];
            tile.Exports = [.. exports];
            tile.ExportOffset = exportOffset;
            tile.Frames = [new Frame(steps, preLength, rowLength), new Frame(steps, preLength, rowLength)];
            tile.PostBindings = [.. postBindings];

            // chunked services read the global inputs from their chunk's row of Globals
            foreach (var (binding, consumer) in preBound)
            {
                var sources = new int[binding.Sources.Length];
                for (int i = 0; i < slots[first + consumer].Assets; i++)
                {
                    int c = chunkOf[consumer][i];
                    for (int j = binding.Start(i); j < binding.End(i); j++)
                    {
                        int index = binding.Sources[j];
                        var g = preSignals.Last(p => p.Base <= index);
                        sources[j] = (c * preLength) + preOffset[g.Base] + (index - g.Base);
                    }
                }

                tile._saved.Add((binding, binding.Data, (int[])binding.Sources.Clone()));
                tile._remapped.Add((binding, sources, true));
            }

            // later services read the chunked services' values from a row
            foreach (var (binding, _) in postBindings)
            {
                var signal = signalAt[binding.Sources[0] - binding.SourceAssetIndex[0]];
                var sources = new int[binding.Sources.Length];
                for (int j = 0; j < sources.Length; j++)
                {
                    sources[j] = exportOffset[signal.Id] + binding.SourceAssetIndex[j];
                }

                tile._saved.Add((binding, binding.Data, (int[])binding.Sources.Clone()));
                tile._remapped.Add((binding, sources, false));
            }

            return tile;
        }
    }
}
