using Quartier.Application;
using Quartier.Core.Results;

namespace Quartier.Server.Jobs;

/// <summary>A time-series sink that receives a run's series while it runs (InfluxDB), beside the result store.</summary>
public interface ISeriesSinkFactory
{
    ILiveSink Open(string runId, PreparedRun run);
}

/// <summary>One run's live series; <see cref="Complete"/> flushes what is left.</summary>
public interface ILiveSink : IResultSink, IDisposable
{
    void Complete();
}

/// <summary>The live sink could not write (e.g. InfluxDB refused a batch); the run fails with this reason.</summary>
public sealed class QuartierLiveSinkException(string message, Exception? inner = null) : Exception(message, inner);
