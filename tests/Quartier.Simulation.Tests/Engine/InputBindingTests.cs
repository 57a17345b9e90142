using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>An input whose assets each read one source in order is read directly; every read gives what the index arrays give.</summary>
public sealed class InputBindingTests
{
    [Fact]
    public void Random_bindings_read_as_their_index_arrays_say_dense_or_not()
    {
        var random = new Random(15);
        var data = Enumerable.Range(0, 500).Select(i => (i * 1.5) - 7).ToArray();
        int dense = 0;
        for (int round = 0; round < 400; round++)
        {
            int n = random.Next(1, 40);
            var offsets = new int[n + 1];
            var sources = new List<int>();
            int kind = round % 4;
            int start = random.Next(0, 400);
            for (int i = 0; i < n; i++)
            {
                offsets[i] = sources.Count;
                // 0: one source each, in order (dense); 1: one each, one out of order; 2: none or several; 3: in order but one missing
                int count = kind switch { 2 => random.Next(0, 3), 3 when i == n / 2 => 0, _ => 1 };
                for (int c = 0; c < count; c++)
                {
                    sources.Add(kind == 1 && i == n - 1 && n > 1 ? start : kind == 2 ? random.Next(0, 500) : start + sources.Count);
                }
            }

            offsets[n] = sources.Count;
            var binding = new InputBinding(new InputDeclaration("x", AssetKind.EConnection, "value", Routing.SameBuilding), offsets, [.. sources], new int[sources.Count]) { Data = data };
            bool expectDense = (sources.Count == n && Enumerable.Range(0, n).All(i => offsets[i] == i && sources[i] == sources[0] + i));
            Assert.Equal(expectDense, binding.DenseBase >= 0);
            dense += binding.DenseBase >= 0 ? 1 : 0;

            var view = binding.View();
            for (int i = 0; i < n; i++)
            {
                double first = offsets[i] < offsets[i + 1] ? data[sources[offsets[i]]] : -1;
                Assert.Equal(first, binding.First(i, -1));
                Assert.Equal(first, view.First(i, -1));
                Assert.Equal(offsets[i] < offsets[i + 1], view.Has(i));
                Assert.Equal(offsets[i], view.Start(i));
                Assert.Equal(offsets[i + 1], view.End(i));
                for (int j = offsets[i]; j < offsets[i + 1]; j++)
                {
                    Assert.Equal(data[sources[j]], view.Value(j));
                }
            }
        }

        Assert.InRange(dense, 100, 200);
    }

    [Fact]
    public void A_range_reads_one_value_exactly_where_each_asset_has_one_source_and_it_is_the_same()
    {
        var random = new Random(16);
        var data = Enumerable.Range(0, 50).Select(i => i + 0.25).ToArray();
        for (int round = 0; round < 300; round++)
        {
            // runs of a global input's copies (one per chunk under tiling); now and then an asset with none or two sources
            int n = random.Next(1, 30);
            var offsets = new int[n + 1];
            var sources = new List<int>();
            int source = random.Next(0, 50);
            for (int i = 0; i < n; i++)
            {
                offsets[i] = sources.Count;
                if (random.Next(6) == 0)
                {
                    source = random.Next(0, 50);
                }

                int count = round % 3 == 2 && random.Next(8) == 0 ? random.Next(0, 3) : 1;
                for (int c = 0; c < count; c++)
                {
                    sources.Add(source);
                }
            }

            offsets[n] = sources.Count;
            var binding = new InputBinding(new InputDeclaration("x", AssetKind.EConnection, "value", Routing.Global), offsets, [.. sources], new int[sources.Count]) { Data = data };
            var view = binding.View();
            bool single = sources.Count == n && Enumerable.Range(0, n).All(i => offsets[i] == i);
            for (int from = 0; from < n; from++)
            {
                for (int count = 0; from + count <= n; count++)
                {
                    bool expected = single && count > 0 && Enumerable.Range(from, count).All(i => sources[i] == sources[from]);
                    Assert.Equal(expected, view.TryUniform(from, count, out double value));
                    if (expected)
                    {
                        Assert.Equal(data[sources[from]], value);
                    }
                }
            }
        }
    }
}
