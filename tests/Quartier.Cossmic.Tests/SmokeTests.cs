namespace Quartier.Cossmic.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void ReferenceFolderExists() => Assert.True(File.Exists(ReferenceData.Path("pyssmic/test/consumer_event.csv")));
}
