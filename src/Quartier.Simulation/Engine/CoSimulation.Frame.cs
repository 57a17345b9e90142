using System.Runtime.ExceptionServices;

namespace Quartier.Simulation.Engine;

/// <summary>The values a time tile keeps while it is stepped and observed (see <see cref="CoSimulation"/>'s time tiles).</summary>
public sealed partial class CoSimulation
{
    /// <summary>
    /// One tile's steps and the values kept for them: the services' before the chunks per step, the exported rows; and
    /// how its chunks are handed out and whether one failed.
    /// </summary>
    private sealed class Frame(int steps, int preLength, int rowLength)
    {
        private readonly Lock _gate = new();
        private volatile int _failedStep = int.MaxValue;

        /// <summary><see cref="Tile.Steps"/> rows of the pre-signals (<see cref="Tile.PreSignals"/>).</summary>
        public double[] PreRows { get; } = new double[steps * preLength];

        /// <summary>Rows 1 … <see cref="Steps"/>: the exported signals at each step of the tile; row 0 the step before.</summary>
        public double[][] Rows { get; } = [.. Enumerable.Range(0, steps + 1).Select(_ => new double[rowLength])];

        public int K0 { get; private set; }

        public int K1 { get; private set; }

        /// <summary>Steps of the tile that are stepped: K1 − K0 + 1 (fewer where a service failed).</summary>
        public int Steps => K1 - K0 + 1;

        public int NextChunk;

        /// <summary>A failure that ends the run after the steps before it are observed.</summary>
        public ExceptionDispatchInfo? Failure { get; private set; }

        private ChunkFailure? _chunkFailure;

        public sealed record ChunkFailure(int Step, int Chunk, int Service, Exception Error);

        public void Begin(int k0, int k1)
        {
            K0 = k0;
            K1 = k1;
            NextChunk = 0;
            Failure = null;
            _chunkFailure = null;
            _failedStep = int.MaxValue;
        }

        /// <summary>Ends the tile before step <paramref name="k"/>, where <paramref name="failure"/> happened.</summary>
        public void End(int k, ExceptionDispatchInfo failure)
        {
            K1 = k - 1;
            Failure = failure;
        }

        /// <summary>Whether a chunk can stop before step <paramref name="k"/>: another failed earlier, or the run is cancelled.</summary>
        public bool Stop(int k, CancellationToken cancellation) => k > _failedStep || cancellation.IsCancellationRequested;

        public void Fail(int k, int chunk, int service, Exception error)
        {
            lock (_gate)
            {
                if (_chunkFailure is null || k < _chunkFailure.Step || (k == _chunkFailure.Step && chunk < _chunkFailure.Chunk))
                {
                    _chunkFailure = new ChunkFailure(k, chunk, service, error);
                    _failedStep = k;
                }
            }
        }

        /// <summary>After the chunks: a chunk's failure (the earliest) ends the tile before its step.</summary>
        public void TakeChunkFailure(Func<ChunkFailure, Exception> describe)
        {
            if (_chunkFailure is { } f && f.Step <= K1)
            {
                K1 = f.Step - 1;
                Failure = ExceptionDispatchInfo.Capture(describe(f));
            }
        }
    }
}
