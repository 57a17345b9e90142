using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;

namespace Quartier.Cossmic.Tests;

/// <summary>
/// The PV forecasts a run set keeps for the dashboard (<see cref="CossmicPredictionSet"/>): each producer's actual
/// production is what the run balanced (its energy is the house results' production, per run when the prediction error
/// varies it), the last prediction version is the actual production without an error, and the set survives its encoding.
/// </summary>
public sealed class PredictionSetTests
{
    [Fact]
    public void The_actual_production_is_what_each_run_balanced_and_the_predictions_are_what_the_scheduler_knew()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("less_producers_test"));
        var set = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive", Runs = 3, Seed = 4 });
        var predictions = CossmicPredictionSet.Of(scenario, set.Options, set.Runs.Count);
        Assert.Equal(3, predictions.Runs);
        Assert.Equal(3600, predictions.StepSeconds);
        Assert.Equal(scenario.TimeZeroUnix, predictions.TimeZeroUnix);
        Assert.Equal(scenario.Producers.Select(p => p.Id), predictions.Producers.Select(p => p.Id));
        foreach (var run in set.Runs)
        {
            foreach (var house in run.Houses)
            {
                var actual = predictions.Producers.Where(p => p.HouseId == house.HouseId).Sum(p => p.Actual[run.Run].Sum());
                Assert.Equal(house.ProductionWh, actual, 6);
            }
        }

        Assert.NotEqual(predictions.Producers[0].Actual[0], predictions.Producers[0].Actual[1]);
        foreach (var p in predictions.Producers)
        {
            var source = scenario.Producers.Single(x => x.Id == p.Id);
            Assert.Equal(source.Predictions.Select(x => x.IssuedUnix), p.Predictions.Select(x => x.IssuedUnix));
            Assert.Equal(source.Predictions.Select(x => x.File), p.Predictions.Select(x => x.File));
            Assert.All(p.Predictions, v => Assert.Equal(p.Actual[0].Length, v.MeanW.Length));
        }

        // without an error every run balances the final prediction
        var exact = CossmicPredictionSet.Of(scenario, new CossmicRunOptions { Algorithm = "naive", Runs = 1, Seed = 4 }.Resolve(), 1);
        Assert.All(exact.Producers, p => Assert.Equal(p.Predictions[^1].MeanW, Assert.Single(p.Actual)));
        Assert.True(exact.Producers.Sum(p => p.Actual[0].Sum()) > 1000);

        var decoded = CossmicPredictionSet.Decode(predictions.Encode());
        Assert.Equal(predictions.Runs, decoded.Runs);
        for (int i = 0; i < predictions.Producers.Count; i++)
        {
            Assert.Equal(predictions.Producers[i].Actual[2], decoded.Producers[i].Actual[2]);
            Assert.Equal(predictions.Producers[i].Predictions[0].MeanW, decoded.Producers[i].Predictions[0].MeanW);
        }
    }
}
