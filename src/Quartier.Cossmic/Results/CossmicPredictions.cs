using System.IO.Compression;
using System.Text.Json;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Results;

/// <summary>
/// The PV forecasts a run set used against the production it balanced, per producer and hour: each prediction as the
/// scheduler knew it once that prediction was issued (merged with the earlier ones, <see cref="ProductionCurve.Versions"/>),
/// and the actual production (the final prediction, times each run's error factors when <c>prediction_error</c> is set).
/// Values are the mean power of each hour (W) from time zero over the balance's steps (the simulated days and the time
/// the longest job may run past them), so each producer's actual energy is what the house results count.
/// </summary>
/// <param name="TimeZeroUnix">UNIX seconds of the first hour's start.</param>
/// <param name="StepSeconds">Length of one value (3600).</param>
/// <param name="Runs">Runs in the set (each producer's actual production is one array for all, or one per run).</param>
/// <param name="Producers">Each producer's predictions and actual production.</param>
public sealed record CossmicPredictionSet(long TimeZeroUnix, int StepSeconds, int Runs, IReadOnlyList<CossmicProducerForecast> Producers)
{
    /// <summary>Name of the run attachment holding the set (gzip-compressed JSON).</summary>
    public const string Attachment = "cossmic-predictions.json.gz";

    /// <summary>Most hourly actual-production values kept over all runs (a city × 10,000 runs keeps its first runs only).</summary>
    public const long MaxActualValues = 2_000_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The set of <paramref name="runs"/> runs of <paramref name="scenario"/> with <paramref name="options"/> (resolved):
    /// the actual production is computed as each run computes it (same seed, same error factors).
    /// </summary>
    public static CossmicPredictionSet Of(CossmicScenario scenario, CossmicRunOptions options, int runs, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var timeline = new Timeline(scenario, options, cancellation);
        var hours = (int)((timeline.Steps * (long)Timeline.Step + 3599) / 3600);
        // with a prediction error each run has its own production: kept for the first runs, within MaxActualValues
        var kept = (int)Math.Clamp(MaxActualValues / Math.Max(1L, (long)timeline.ProducerCount * hours), 1, Math.Max(1, runs));
        var perRun = options.PredictionError is > 0
            ? Enumerable.Range(0, kept).Select(r => new RunState(timeline, unchecked(options.Seed + r), cancellation).Actual).ToArray()
            : null;
        var producers = new CossmicProducerForecast[timeline.ProducerCount];
        for (var p = 0; p < producers.Length; p++)
        {
            var producer = scenario.Producers[p];
            var versions = timeline.Known[p].Select((known, v) => new CossmicForecastVersion(producer.Predictions[v].IssuedUnix, producer.Predictions[v].File, Hourly(known, hours))).ToArray();
            var actual = perRun is null ? [Hourly(timeline.Final(p), hours)] : perRun.Select(a => Hourly(a[p], hours)).ToArray();
            producers[p] = new CossmicProducerForecast(producer.Id, producer.HouseId, producer.DeviceId, versions, actual);
        }

        return new CossmicPredictionSet(scenario.TimeZeroUnix, 3600, runs, producers);
    }

    /// <summary>The set as gzip-compressed JSON.</summary>
    public byte[] Encode()
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, this, Json);
        }

        return memory.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
    public static CossmicPredictionSet Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<CossmicPredictionSet>(gzip, Json) ?? throw new InvalidDataException("the predictions attachment is empty");
    }

    /// <summary>Wh per 60 s step → mean W per hour.</summary>
    private static double[] Hourly(double[] perStepWh, int hours)
    {
        var mean = new double[hours];
        var perHour = 3600 / Timeline.Step;
        for (var k = 0; k < perStepWh.Length; k++)
        {
            mean[k / perHour] += perStepWh[k];
        }

        return mean;
    }
}

/// <summary>
/// One producer's predictions (in issue order) and its actual production: one array for all runs, or one per run when the
/// run set varies it (for the first runs within <see cref="CossmicPredictionSet.MaxActualValues"/>).
/// </summary>
public sealed record CossmicProducerForecast(string Id, string HouseId, string DeviceId, IReadOnlyList<CossmicForecastVersion> Predictions, IReadOnlyList<double[]> Actual);

/// <summary>What the scheduler knew after a prediction was issued: mean W per hour.</summary>
public sealed record CossmicForecastVersion(long IssuedUnix, string File, double[] MeanW);
