using Quartier.Cossmic.Import;

namespace Quartier.Cossmic.Tests;

public sealed class ReferenceImportTests
{
    [Theory]
    [InlineData("test", 22, 9, 3, 6, 22_145.87)]
    [InlineData("small_test", 11, 9, 3, 3, 3_227.55)]
    [InlineData("less_producers_test", 48, 9, 1, 6, 66_433.74)]
    [InlineData("best_case", 84, 0, 3, 17, 158_038.18)]
    public void ReferenceSetsImportWithTheReadmeCountsAndDemand(string set, int jobs, int background, int producers, int houses, double demandWh)
    {
        var scenario = CossmicImport.ReadFolder(Folder(set));

        Assert.Equal(set, scenario.Name);
        Assert.Equal(jobs, scenario.Jobs.Count);
        Assert.Equal(background, scenario.BackgroundJobCount);
        Assert.Equal(producers, scenario.Producers.Count);
        Assert.Equal(houses, scenario.HouseIds.Count);
        Assert.Equal(demandWh, scenario.TotalDemandWh, 0.005);
        Assert.Equal(TestScenarios.Day, scenario.TimeZeroUnix); // 2016-04-10 00:00 UTC, the first producer event
        Assert.Equal(scenario.Jobs.Count, scenario.Jobs.Select(j => j.Key).Distinct().Count());
        Assert.All(scenario.Producers, p => Assert.Equal(4, p.Predictions.Count)); // issued 00, 06, 12, 18 UTC
        Assert.Equal(3 * producers, scenario.PredictionUpdateCount);
    }

    [Fact]
    public void TestSetJobsCarryTheirWindowsProfilesAndHouses()
    {
        var scenario = CossmicImport.ReadFolder(Folder("test"));

        // Line 6: 1460271600;1460282400;1460311200;[57]:[219]:[3];98.csv
        var job = scenario.Jobs[5];
        Assert.Equal("[57]:[219]:[3]", job.Id);
        Assert.Equal("57", job.HouseId);
        Assert.Equal("219", job.DeviceId);
        Assert.Equal(1460271600, job.RegisteredUnix);
        Assert.Equal(1460282400, job.EarliestStartUnix);
        Assert.Equal(1460311200, job.LatestStartUnix);
        Assert.Equal("98.csv", job.Profile.Name);
        Assert.False(job.IsBackground);
        Assert.Equal(6, job.SourceLine);
        Assert.Equal(344.72540002844, job.EnergyWh, 1e-9);
        Assert.Equal(6000, job.Profile.DurationSeconds);

        // Line 1: a background load, fixed (LST = EST + 20 s), 0.2869 Wh over one hour.
        var back = scenario.Jobs[0];
        Assert.True(back.IsBackground);
        Assert.Equal("57_back_3.csv", back.Profile.Name);
        Assert.Equal(0.286903377284, back.EnergyWh, 1e-12);
        Assert.Equal(20, back.LatestStartUnix - back.EarliestStartUnix);

        // The washing machine 97.csv is used four times but read once; 2.9 h, 2,881 Wh.
        var washers = scenario.Jobs.Where(j => j.Profile.Name == "97.csv").ToList();
        Assert.Equal(4, washers.Count);
        Assert.All(washers, w => Assert.Same(washers[0].Profile, w.Profile));
        Assert.Equal(10560, washers[0].Profile.DurationSeconds);
        Assert.Equal(2880.8800008138, washers[0].EnergyWh, 1e-9);

        Assert.Equal(["57", "58", "59", "60", "61", "62"], scenario.HouseIds);
        var producer = scenario.Producers[0];
        Assert.Equal("pv_producer[57]:[220]", producer.Id);
        Assert.Equal("57", producer.HouseId);
        Assert.Equal("220", producer.DeviceId);
        Assert.Equal([1460246400L, 1460268000, 1460289600, 1460311200], producer.Predictions.Select(p => p.IssuedUnix));
        Assert.Equal(23, producer.Predictions[0].TimesUnix.Count);
        Assert.Equal(66630.8336, producer.Predictions[0].CumulativeWh[^1], 1e-9);
    }

    [Fact]
    public void RepeatedJobIdsGetNumberedKeysAndBracketlessDevicesAreRead()
    {
        var less = CossmicImport.ReadFolder(Folder("less_producers_test"));
        var repeated = less.Jobs.Where(j => j.Id == "[57]:[219]:[3]").Select(j => j.Key).ToList();
        Assert.Equal(["[57]:[219]:[3]", "[57]:[219]:[3]#2", "[57]:[219]:[3]#3"], repeated); // the 13 device jobs of 'test', three times

        var best = CossmicImport.ReadFolder(Folder("best_case"));
        var first = best.Jobs[0];
        Assert.Equal("[1]:small_heater", first.Id);
        Assert.Equal("1", first.HouseId);
        Assert.Equal("small_heater", first.DeviceId);
        Assert.Equal(first.EarliestStartUnix, first.RegisteredUnix);
        // Blank lines at the end of best_case/consumer_event.csv are skipped: 86 lines, 84 jobs.
        Assert.Equal(84, best.Jobs[^1].SourceLine);
        Assert.Equal(2, best.Jobs.Count(j => j.Id == "[2]:small_heater"));
    }

    [Fact]
    public void ReplicationShiftsHouseIdsAndMultipliesJobsAndProducers()
    {
        var test = CossmicImport.ReadFolder(Folder("test"));
        var big = test.Replicate(50, 10);

        Assert.Equal(1100, big.Jobs.Count);
        Assert.Equal(30, big.Producers.Count);
        Assert.Equal(50 * test.TotalDemandWh, big.TotalDemandWh, 1e-6);
        Assert.Equal("[1057]:[222]:[3]", big.Jobs[22].Id);
        Assert.Equal("1057", big.Jobs[22].HouseId);
        Assert.Equal("[49057]:[222]:[11]", big.Jobs[^1].Id);
        Assert.Equal("pv_producer[9060]:[230]", big.Producers[^1].Id);
        Assert.Equal(test.TimeZeroUnix, big.TimeZeroUnix);
        Assert.Equal(50 * 6, big.HouseIds.Count);
    }

    internal static string Folder(string set) => Path.GetDirectoryName(ReferenceData.Path($"pyssmic/{set}/consumer_event.csv"))!;
}
