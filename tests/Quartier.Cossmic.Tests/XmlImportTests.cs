using Quartier.Core.Errors;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Runs;

namespace Quartier.Cossmic.Tests;

public sealed class XmlImportTests
{
    [Fact]
    public void ExampleNeighbourhoodXmlHasHousesUsersAndDevices()
    {
        var layout = CossmicXml.ReadNeighbourhood(ReferenceData.Path("pyssmic/xml-examples/neighborhood.xml"));

        Assert.Equal("13", layout.Id);
        Assert.Equal("neighborhood", layout.Name);
        Assert.Equal(["30", "31", "32"], layout.Houses.Select(h => h.Id));
        var devices = layout.Houses.SelectMany(h => h.Users).SelectMany(u => u.Devices).ToList();
        Assert.Equal(8, devices.Count);
        Assert.Equal(2, devices.Count(d => d.Type == CossmicDeviceType.Producer));
        var dish = layout.Houses[0].FindDevice("121")!;
        Assert.Equal("dish1", dish.Name);
        Assert.Equal("89", dish.Template);
        Assert.Equal(CossmicDeviceType.Consumer, dish.Type);
        Assert.Equal(4, dish.Line);
        Assert.Equal("solarPanel2", layout.Houses[1].FindDevice("124")!.Name);
    }

    [Fact]
    public void ExampleJobsXmlKeepsTimesBeyond32Bits()
    {
        var jobs = CossmicXml.ReadJobs(ReferenceData.Path("pyssmic/xml-examples/jobs.xml"));

        Assert.Equal("3", jobs.NeighbourhoodId);
        Assert.Equal("1", jobs.ExecutionId);
        var job = Assert.Single(jobs.Jobs);
        Assert.Equal("8", job.HouseId);
        Assert.Equal("1", job.UserId);
        Assert.Equal("33", job.DeviceId);
        Assert.Equal(123112335, job.CreationTimeUnix);
        Assert.Equal(1231231232, job.EarliestStartUnix);
        Assert.Equal(12314361232, job.LatestStartUnix);
        Assert.Equal("83", job.Profile);
        Assert.Equal(4, job.Line);
    }

    [Fact]
    public void ExamplePairDoesNotMatchAndTheErrorNamesTheJobLine()
    {
        // The two examples come from different neighbourhoods: jobs.xml's house 8 is not in neighborhood.xml.
        var e = Assert.Throws<InputException>(() => CossmicXml.ReadScenario(
            ReferenceData.Path("pyssmic/xml-examples/neighborhood.xml"),
            ReferenceData.Path("pyssmic/xml-examples/jobs.xml"),
            ReferenceImportTests.Folder("test") + "/loads"));

        Assert.EndsWith("jobs.xml", e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("house 8 is not in neighborhood.xml (houses: 30, 31, 32)", e.Message);
    }

    [Fact]
    public void MatchingXmlPairBecomesAScenarioThatRuns()
    {
        using var folder = new TestScenarios.TempFolder();
        var layout = folder.Write("n.xml", """
            <neighborhood id="1" name="street">
              <house id="57">
                <user id="1">
                  <device><id>219</id><name>dish</name><template>98</template><type>consumer</type></device>
                  <device><id>221</id><name>washer</name><template>97</template><type>consumer</type></device>
                  <device><id>220</id><name>pv</name><template>1</template><type>producer</type></device>
                </user>
              </house>
              <house id="58">
                <user id="1">
                  <device><id>223</id><name>heater</name><template>91</template><type>consumer</type></device>
                  <device><id>225</id><name>pv2</name><template>1</template><type>producer</type></device>
                </user>
              </house>
            </neighborhood>
            """);
        var jobs = folder.Write("j.xml", """
            <neighborhood id="1" executionId="7">
              <house id="57">
                <user id="1">
                  <device><id>219</id><est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time></device>
                  <device><id>221</id><est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time></device>
                  <device><id>221</id><est>1460290000</est><lst>1460300000</lst><creation_time>1460271600</creation_time><profile>96</profile></device>
                </user>
              </house>
              <house id="58">
                <user id="1">
                  <device><id>223</id><est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time></device>
                </user>
              </house>
            </neighborhood>
            """);
        var test = ReferenceImportTests.Folder("test");

        var scenario = CossmicXml.ReadScenario(layout, jobs, Path.Combine(test, "loads"), Path.Combine(test, "producer_event.csv"));

        Assert.Equal("street", scenario.Name);
        Assert.Equal(["[57]:[219]:[1]", "[57]:[221]:[1]", "[57]:[221]:[2]", "[58]:[223]:[1]"], scenario.Jobs.Select(j => j.Id));
        Assert.Equal(["98.csv", "97.csv", "96.csv", "91.csv"], scenario.Jobs.Select(j => j.Profile.Name));
        Assert.Equal(344.72540002844 + 2880.8800008138 + 426.26060390459 + 615.93526433406, scenario.TotalDemandWh, 1e-9);
        Assert.Equal(3, scenario.Producers.Count);
        // pv2 (house 58) has no prediction; producers of houses 59 and 60 are not in the XML.
        Assert.Contains(scenario.Warnings, w => w.Contains("producer device 225 (pv2) of house 58 has no prediction", StringComparison.Ordinal));
        Assert.Contains(scenario.Warnings, w => w.Contains("house 59 is not in n.xml", StringComparison.Ordinal));

        var result = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive" });
        Assert.Equal(4, result.Runs[0].Jobs.Count);
        Assert.Equal(1460282400, result.Runs[0].Jobs[0].StartUnix);
        Assert.Equal(1460290000, result.Runs[0].Jobs[2].StartUnix);
    }

    [Fact]
    public void XmlErrorsAreLocated()
    {
        using var folder = new TestScenarios.TempFolder();
        var broken = folder.Write("broken.xml", "<neighborhood id=\"1\">\n  <house id=\"2\">\n</neighborhood>\n");
        var e = Assert.Throws<InputException>(() => CossmicXml.ReadNeighbourhood(broken));
        Assert.Equal(3, e.Line);
        Assert.Contains("malformed XML", e.Message);

        var badType = folder.Write("type.xml", "<neighborhood id=\"1\">\n<house id=\"2\"><user id=\"1\">\n<device><id>5</id><name>x</name><template>9</template><type>battery</type></device>\n</user></house></neighborhood>");
        e = Assert.Throws<InputException>(() => CossmicXml.ReadNeighbourhood(badType));
        Assert.Equal(3, e.Line);
        Assert.Contains("type 'battery' is neither 'consumer' nor 'producer'", e.Message);

        var badWindow = folder.Write("jobs.xml", "<neighborhood id=\"1\">\n<house id=\"2\"><user id=\"1\">\n\n<device><id>5</id><est>1460282400</est><lst>1460271600</lst><creation_time>1460260000</creation_time></device>\n</user></house></neighborhood>");
        e = Assert.Throws<InputException>(() => CossmicXml.ReadJobs(badWindow));
        Assert.Equal(4, e.Line);
        Assert.Contains("latest start 1460271600", e.Message);

        var badTime = folder.Write("time.xml", "<neighborhood id=\"1\">\n<house id=\"2\"><user id=\"1\">\n<device><id>5</id><est>1e308</est><lst>1460271600</lst><creation_time>1460260000</creation_time></device>\n</user></house></neighborhood>");
        e = Assert.Throws<InputException>(() => CossmicXml.ReadJobs(badTime));
        Assert.Equal(3, e.Line);
        Assert.Contains("est '1e308' is not a whole number", e.Message);

        var dtd = folder.Write("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY a \"aaaa\">]>\n<neighborhood id=\"1\">&a;</neighborhood>");
        e = Assert.Throws<InputException>(() => CossmicXml.ReadNeighbourhood(dtd));
        Assert.Equal(2, e.Line);
        Assert.Contains("DTD", e.Message);
    }
}
