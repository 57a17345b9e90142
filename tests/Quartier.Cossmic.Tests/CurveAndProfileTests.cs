using Quartier.Cossmic.Import;
using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Tests;

public sealed class CurveAndProfileTests
{
    [Fact]
    public void PySsmicMergeShiftsEachUpdateByTheOldValueOneHourEarlier()
    {
        var producer = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test")).Producers[0];
        var versions = ProductionCurve.Versions(producer, PredictionMerge.PySsmic);
        const long h = TestScenarios.Hour;
        const long day = TestScenarios.Day;

        // After 57_220_2 (issued 06:00): before 06:00 the first curve, from 06:00 the second shifted by the first's
        // 05:00 value 769.9681: 2244.6187 + 769.9681 = 3014.5868 at 06:00.
        Assert.Equal(769.9681, versions[1].At(day + (5 * h)), 1e-9);
        Assert.Equal(3014.5868, versions[1].At(day + (6 * h)), 1e-9);
        // After 57_220_3 (12:00): shift = merged 11:00 = 38243.7769 + 769.9681 = 39013.7450; 12:00 → 8336.8379 + 39013.7450.
        Assert.Equal(47350.5829, versions[2].At(day + (12 * h)), 1e-9);
        // After 57_220_4 (18:00): shift = merged 17:00 = 28460.8397 + 39013.7450 = 67474.5847; p4 is 0 until the next morning.
        Assert.Equal(67474.5847, versions[3].At(day + (24 * h)), 1e-9);
        Assert.Equal(67801.8768 + 67474.5847, versions[3].At(day + (40 * h)), 1e-9);
        // Merged curves keep the union of the hourly points: 0…5 h from the first, 6…40 h from the last update.
        Assert.Equal(41, versions[3].TimesUnix.Count);
    }

    [Fact]
    public void RebaseMergeOffsetsByTheOldValueAtTheNewFirstTime()
    {
        var producer = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test")).Producers[0];
        var versions = ProductionCurve.Versions(producer, PredictionMerge.Rebase);
        const long day = TestScenarios.Day;

        // Offset = first(06:00) − second(06:00) = 3362.2723 − 2244.6187 = 1117.6536; 07:00 → 6805.5659 + 1117.6536.
        Assert.Equal(3362.2723, versions[1].At(day + (6 * TestScenarios.Hour)), 1e-9);
        Assert.Equal(7923.2195, versions[1].At(day + (7 * TestScenarios.Hour)), 1e-9);
    }

    [Fact]
    public void CurvesInterpolateLinearlyAndHoldOutsideTheirPoints()
    {
        var curve = ProductionCurve.From(TestScenarios.Hourly(TestScenarios.Day, TestScenarios.Day + (10 * TestScenarios.Hour), 1000, 3000));
        var ten = TestScenarios.Day + (10 * TestScenarios.Hour);

        Assert.Equal(0, curve.At(ten - 500));
        Assert.Equal(250, curve.At(ten + 900), 1e-12);
        Assert.Equal(1000 + 1500, curve.At(ten + 5400), 1e-12);
        Assert.Equal(4000, curve.At(ten + 100_000));
        Assert.Equal(3000, curve.EnergyBetween(ten + 3600, ten + 99_999), 1e-12);
    }

    [Fact]
    public void LoadStepsOfAnUnalignedStartAreExactAndConserveEnergy()
    {
        // 57_back_3.csv: 0.286903377284 Wh over one hour at constant power, started 202 s after time zero.
        var profile = CossmicImport.ReadLoadProfile(ReferenceData.Path("pyssmic/test/loads/57_back_3.csv"));
        Assert.True(profile.IsBackground);
        var steps = new double[profile.MaxSteps(60) + 1];

        var count = profile.FillSteps(202, 60, steps, out var first);

        Assert.Equal(3, first); // [180, 240) holds 38 s of the run
        Assert.Equal(61, count); // the run ends at 3802 s, in step 63 ([3780, 3840)), with 22 s
        Assert.Equal(0.286903377284 * 38 / 3600, steps[0], 1e-15);
        Assert.Equal(0.286903377284 * 60 / 3600, steps[30], 1e-15);
        Assert.Equal(0.286903377284 * 22 / 3600, steps[60], 1e-15);
        Assert.Equal(profile.EnergyWh, steps.Take(count).Sum(), 1e-13);
    }

    [Fact]
    public void LoadStepsFollowTheProfileRows()
    {
        // 98.csv rows: 0 0 / 60 0 / 120 0.057692309220667 / 180 3.1753847201663 …
        var profile = CossmicImport.ReadLoadProfile(ReferenceData.Path("pyssmic/test/loads/98.csv"));
        var steps = new double[profile.MaxSteps(60) + 1];

        var count = profile.FillSteps(30, 60, steps, out var first);

        Assert.Equal(0, first);
        Assert.Equal(0, steps[0]); // [0, 60): 30 s of the first (empty) minute
        Assert.Equal(0.057692309220667 / 2, steps[1], 1e-15); // [60, 120) is τ ∈ [30, 90): half of the profile's second minute
        Assert.Equal((0.057692309220667 / 2) + ((3.1753847201663 - 0.057692309220667) / 2), steps[2], 1e-12);
        Assert.Equal(profile.EnergyWh, steps.Take(count).Sum(), 1e-10);
        Assert.Equal(0.057692309220667 + ((3.1753847201663 - 0.057692309220667) / 2), profile.EnergyAfter(150), 1e-12);
    }
}
