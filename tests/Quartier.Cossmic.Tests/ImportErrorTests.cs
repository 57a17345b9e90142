using Quartier.Core.Errors;
using Quartier.Cossmic.Import;

namespace Quartier.Cossmic.Tests;

public sealed class ImportErrorTests
{
    private const string GoodJob = "1460271600;1460282400;1460311200;[57]:[219]:[3];98.csv";

    [Fact]
    public void LatestStartBeforeEarliestStartNamesFileAndLine()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("consumer_event.csv", $"{GoodJob}\n\n1460271600;1460311200;1460282400;[57]:[221]:[3];97.csv\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("consumer_event.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal("[57]:[221]:[3]", e.ElementId);
        Assert.Contains("latest start 1460282400 (2016-04-10 10:00:00 UTC) is before the earliest start 1460311200", e.Message);
    }

    [Fact]
    public void RegistrationAfterTheLatestStartIsRefused()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("consumer_event.csv", "1460311300;1460282400;1460311200;[57]:[219]:[3];98.csv\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.Equal(1, e.Line);
        Assert.Contains("after its latest start", e.Message);
    }

    [Fact]
    public void MissingLoadProfileNamesTheConsumerLine()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("consumer_event.csv", $"{GoodJob}\n{GoodJob.Replace("98.csv", "nope.csv", StringComparison.Ordinal)}\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("consumer_event.csv", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains("load profile 'nope.csv' not found", e.Message);
    }

    [Fact]
    public void NonMonotonicLoadProfileNamesTheLoadFileAndLine()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("loads/98.csv", "0 0\n60 1.5\n120 1.2\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith(Path.Combine("loads", "98.csv"), e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("cumulative energy 1.2 Wh is below the previous row's 1.5 Wh", e.Message);
    }

    [Theory]
    [InlineData("0 0\n60 abc\n", 2, "cumulative energy (Wh) 'abc' is not a finite number")]
    [InlineData("0 0\n60 NaN\n", 2, "is not a finite number")]
    [InlineData("0 0\n600\n", 2, "expected 2 space-separated numbers")]
    [InlineData("60 0\n120 1\n", 1, "a load profile starts at 0 s")]
    [InlineData("0 0\n60 1\n60 2\n", 3, "times must increase")]
    [InlineData("0 -5\n60 0\n", 1, "'cumulative energy (Wh)' = -5 is outside its physical range [0 … 200000] Wh")]
    [InlineData("0 0\n60 1e308\n", 2, "'cumulative energy (Wh)' = 1e308 is outside its physical range")]
    [InlineData("0 0\n60 5000\n", 2, "'mean power since the previous row' = 300000 is outside its physical range [0 … 100000] W")]
    [InlineData("0 0\n700000 1\n", 2, "'time (seconds since start)' = 700000 is outside its physical range")]
    [InlineData("0 0\n60 inf\n", 2, "is not a finite number")]
    public void BadLoadProfileNumbersAreLocated(string text, int line, string message)
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("loads/97.csv", text);

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("97.csv", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("1460271600;10:00;1460311200;[57]:[219]:[3];98.csv", "earliest start (UNIX seconds) '10:00' is not a whole number")]
    [InlineData("1460271600.5;1460282400;1460311200;[57]:[219]:[3];98.csv", "registration time (UNIX seconds) '1460271600.5' is not a whole number")]
    [InlineData("1460271600;1460282400;1460311200;98.csv", "expected 5 ';'-separated fields")]
    [InlineData("1460271600;1460282400;1460311200;57;98.csv", "job id '57' is not of the form")]
    [InlineData("1460271600;1460282400;1460311200;[57]:;98.csv", "job id '[57]:' is not of the form")]
    [InlineData("0;1460282400;1460311200;[57]:[219]:[3];98.csv", "'registration time (UNIX seconds)' = 0 is outside its physical range")]
    [InlineData("1460271600;1460282400;99999999999;[57]:[219]:[3];98.csv", "'latest start (UNIX seconds)' = 1e11 is outside its physical range")]
    [InlineData("1460271600;1460282400;1460311200;[57]:[219]:[3];../small_test/loads/98.csv", "must be a plain file name")]
    [InlineData("1460271600;1460282400;1460311200;[57]:[219]:[3];/etc/passwd", "must be a plain file name")]
    public void BadConsumerLinesAreLocated(string bad, string message)
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("consumer_event.csv", $"{GoodJob}\n{GoodJob}\n{bad}\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("consumer_event.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void PredictionErrorsNameThePredictionOrProducerFile()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("predictions/59_226_3.csv", "1460289600 10\n1460293200 20\n1460296800 19.5\n");
        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));
        Assert.EndsWith("59_226_3.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("must not decrease", e.Message);

        folder.Write("producer_event.csv", "1460246400;pv_producer[57]:[220];57_220_1.csv\n1460268000;pv_producer[57]:[220];missing.csv\n");
        e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));
        Assert.EndsWith("producer_event.csv", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains("prediction file 'missing.csv' not found", e.Message);
    }

    [Fact]
    public void MissingFolderOrFilesAreNamed()
    {
        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder("/nonexistent/cossmic"));
        Assert.Contains("input folder not found", e.Message);

        using var folder = new TestScenarios.TempFolder();
        folder.Write("consumer_event.csv", GoodJob + "\n");
        e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));
        Assert.EndsWith("producer_event.csv", e.File);
    }

    [Theory]
    [InlineData("1460246400;pv_producer57;57_220_1.csv", "producer id 'pv_producer57' is not of the form")]
    [InlineData("1460246400;pv_producer[57]:[220];../57_220_1.csv", "must be a plain file name")]
    [InlineData("-1;pv_producer[57]:[220];57_220_1.csv", "'event time (UNIX seconds)' = -1 is outside its physical range")]
    public void BadProducerLinesAreLocated(string bad, string message)
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("producer_event.csv", $"1460246400;pv_producer[59]:[226];59_226_1.csv\n{bad}\n");

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("producer_event.csv", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("1460246400 0\n1460250000 -1\n", 2, "'cumulative energy (Wh)' = -1 is outside its physical range")]
    [InlineData("1460246400 -3\n1460250000 0\n", 1, "'cumulative energy (Wh)' = -3 is outside its physical range")]
    [InlineData("1460246400 0\n1460250000 1e12\n", 2, "outside its physical range")]
    [InlineData("12 0\n1460250000 1\n", 1, "'time (UNIX seconds)' = 12 is outside its physical range")]
    public void BadPredictionRowsAreLocated(string text, int line, string message)
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        folder.Write("predictions/57_220_1.csv", text);

        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));

        Assert.EndsWith("57_220_1.csv", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void InvalidUtf8AndNulBytesAreRefusedNamingTheLine()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        File.WriteAllBytes(Path.Combine(folder.Path, "consumer_event.csv"), [.. System.Text.Encoding.UTF8.GetBytes(GoodJob + "\n"), 0xFF, 0xFE, (byte)'\n']);
        var e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));
        Assert.Equal(2, e.Line);
        Assert.Contains("invalid UTF-8", e.Message);

        File.WriteAllBytes(Path.Combine(folder.Path, "consumer_event.csv"), [.. System.Text.Encoding.UTF8.GetBytes(GoodJob + "\n" + GoodJob), 0, (byte)'\n']);
        e = Assert.Throws<InputException>(() => CossmicImport.ReadFolder(folder.Path));
        Assert.Equal(2, e.Line);
        Assert.Contains("NUL", e.Message);
    }

    [Fact]
    public void AJobOutsideTheSimulatedDaysIsRefusedWithTheDaysThatIncludeIt()
    {
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        var late = TestScenarios.Day + (2 * 86400) + 3600;
        folder.Write("consumer_event.csv", $"{GoodJob}\n{late};{late};{late + 3600};[57]:[219]:[4];98.csv\n");
        var scenario = CossmicImport.ReadFolder(folder.Path);

        var e = Assert.Throws<InputException>(() => Runs.CossmicSimulator.Run(scenario, new Runs.CossmicRunOptions { Algorithm = "naive" }));

        Assert.EndsWith("consumer_event.csv", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains("after the 1 simulated day(s)", e.Message);
        Assert.Contains("simulate 3 days to include it", e.Message);
        Assert.Equal(0, Runs.CossmicSimulator.Run(scenario, new Runs.CossmicRunOptions { Algorithm = "naive", Days = 3 }).Runs[0].Kpis.SkippedJobs);
    }
}
