using System.Runtime.ExceptionServices;

namespace Quartier.Core.Parallelism;

/// <summary>
/// Work per index (an asset's set-up, say) spread over the cores, failing as the loop in index order would: with the
/// exception of the lowest index that throws. Every index below it has run to the end; indices above it may or may not
/// have run. The work for different indices must touch different state.
/// </summary>
public static class IndexedWork
{
    /// <summary>Below this many indices the work runs on the calling thread, in order.</summary>
    public const int ParallelFrom = 512;

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1.</summary>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count < ParallelFrom || Environment.ProcessorCount == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        int failedAt = int.MaxValue;
        Exception? failure = null;
        var gate = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // ranges of indices rather than one index at a time: the body is short next to a scheduling step
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(64, count / (8 * Environment.ProcessorCount))), options, range =>
        {
            for (int i = range.Item1; i < range.Item2 && i < Volatile.Read(ref failedAt); i++)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    lock (gate)
                    {
                        if (i < failedAt)
                        {
                            failedAt = i;
                            failure = e;
                        }
                    }

                    return;
                }
            }
        });

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
