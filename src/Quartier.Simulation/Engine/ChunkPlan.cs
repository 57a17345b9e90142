namespace Quartier.Simulation.Engine;

/// <summary>
/// How a run of consecutive partitionable services is stepped chunk by chunk: the assets are cut into chunks — for
/// every service a contiguous range of its assets — such that an asset reads its same-step inputs from the services
/// before it only within its own chunk. Each chunk then goes through all the services at once while its data is in
/// the core's cache, and chunks run on several cores without waiting for each other between services. The chunks are
/// the sites' connected groups (assets linked by same-step inputs), cut where every service's order allows; a run whose
/// groups interleave gets no plan and is stepped service by service.
/// </summary>
internal sealed class ChunkPlan
{
    private ChunkPlan(int first, int services, int[] bounds, int chunks)
    {
        First = first;
        Services = services;
        Bounds = bounds;
        Chunks = chunks;
    }

    /// <summary>Index of the first slot of the run.</summary>
    public int First { get; }

    /// <summary>Number of services in the run.</summary>
    public int Services { get; }

    public int Chunks { get; }

    /// <summary>Chunk c of service s covers its assets <c>Bounds[c·S + s]</c> .. <c>Bounds[(c + 1)·S + s]</c> − 1 (S services): see <see cref="From"/> and <see cref="To"/>.</summary>
    private int[] Bounds { get; }

    public int From(int chunk, int service) => Bounds[(chunk * Services) + service];

    public int To(int chunk, int service) => Bounds[((chunk + 1) * Services) + service];

    /// <summary>
    /// Cuts the services <paramref name="slots"/>[<paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/>)
    /// into chunks of about <paramref name="target"/> assets of the largest service; null when fewer than
    /// <paramref name="minChunks"/> chunks come out.
    /// </summary>
    public static ChunkPlan? Build(CoSimulation.ServiceSlot[] slots, int first, int count, int target, int minChunks)
    {
        var offset = new int[count + 1];
        for (int s = 0; s < count; s++)
        {
            offset[s + 1] = offset[s] + slots[first + s].Assets;
        }

        int nodes = offset[count];
        var parent = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            parent[i] = i;
        }

        for (int s = 0; s < count; s++)
        {
            foreach (var binding in slots[first + s].Inputs)
            {
                if (binding.IsDelayed || binding.Producer is null)
                {
                    continue;
                }

                int producer = IndexOf(slots, first, count, binding.Producer);
                if (producer < 0)
                {
                    continue;   // produced before the run (e.g. the weather): read-only here
                }

                if (producer >= s)
                {
                    return null;
                }

                for (int i = 0; i < slots[first + s].Assets; i++)
                {
                    for (int j = binding.Start(i); j < binding.End(i); j++)
                    {
                        Union(parent, offset[s] + i, offset[producer] + binding.SourceAssetIndex[j]);
                    }
                }
            }
        }

        var comp = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            comp[i] = Find(parent, i);
        }

        // last index of each component in each service
        var last = new int[count * nodes];
        Array.Fill(last, -1);
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < slots[first + s].Assets; i++)
            {
                last[(s * nodes) + comp[offset[s] + i]] = i;
            }
        }

        int main = 0;
        for (int s = 1; s < count; s++)
        {
            if (slots[first + s].Assets > slots[first + main].Assets)
            {
                main = s;
            }
        }

        var pos = new int[count];
        var end = new int[count];
        var inChunk = new bool[nodes];
        var members = new List<int>();
        var bounds = new List<int>(pos);
        int chunks = 0;
        while (Remaining(slots, first, count, pos) is var lead && lead >= 0)
        {
            int seed = pos[main] < slots[first + main].Assets ? main : lead;
            members.Clear();
            int take = Math.Min(target, slots[first + seed].Assets - pos[seed]);
            for (int i = pos[seed]; i < pos[seed] + take; i++)
            {
                Add(comp[offset[seed] + i], inChunk, members);
            }

            Array.Copy(pos, end, count);
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int s = 0; s < count; s++)
                {
                    int need = end[s];
                    foreach (var c in members)
                    {
                        need = Math.Max(need, last[(s * nodes) + c] + 1);
                    }

                    for (int i = end[s]; i < need; i++)
                    {
                        changed |= Add(comp[offset[s] + i], inChunk, members);
                    }

                    end[s] = need;
                }
            }

            foreach (var c in members)
            {
                inChunk[c] = false;
            }

            Array.Copy(end, pos, count);
            bounds.AddRange(end);
            chunks++;
        }

        return chunks >= minChunks ? new ChunkPlan(first, count, [.. bounds], chunks) : null;
    }

    private static int Remaining(CoSimulation.ServiceSlot[] slots, int first, int count, int[] pos)
    {
        for (int s = 0; s < count; s++)
        {
            if (pos[s] < slots[first + s].Assets)
            {
                return s;
            }
        }

        return -1;
    }

    private static bool Add(int component, bool[] inChunk, List<int> members)
    {
        if (inChunk[component])
        {
            return false;
        }

        inChunk[component] = true;
        members.Add(component);
        return true;
    }

    private static int IndexOf(CoSimulation.ServiceSlot[] slots, int first, int count, CalculationService service)
    {
        for (int s = 0; s < count; s++)
        {
            if (ReferenceEquals(slots[first + s].Service, service))
            {
                return s;
            }
        }

        return -1;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
