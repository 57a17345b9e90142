using Quartier.Core.Parallelism;

namespace Quartier.Core.Tests.Parallelism;

public sealed class IndexedWorkTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(IndexedWork.ParallelFrom - 1)]
    [InlineData(IndexedWork.ParallelFrom)]
    [InlineData(10_000)]
    public void Every_index_runs_exactly_once(int count)
    {
        var runs = new int[count];
        IndexedWork.For(count, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Theory]
    [InlineData(100, new[] { 40, 70 })]
    [InlineData(5_000, new[] { 4_999, 1_234, 3_000 })]
    [InlineData(20_000, new[] { 19_000, 2_500, 2_501, 9_999 })]
    public void The_lowest_failing_index_is_reported_and_every_index_below_it_has_run(int count, int[] failing)
    {
        var ran = new bool[count];
        var error = Assert.Throws<InvalidOperationException>(() => IndexedWork.For(count, i =>
        {
            if (failing.Contains(i))
            {
                throw new InvalidOperationException($"asset {i}");
            }

            ran[i] = true;
        }));

        int lowest = failing.Min();
        Assert.Equal($"asset {lowest}", error.Message);
        Assert.All(ran.Take(lowest), Assert.True);
    }
}
