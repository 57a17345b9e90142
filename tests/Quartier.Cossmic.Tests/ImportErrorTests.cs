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
}
