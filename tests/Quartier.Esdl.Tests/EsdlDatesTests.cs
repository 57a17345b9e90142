using System.Globalization;
using System.Xml.Linq;
using Quartier.Core.Model;

namespace Quartier.Esdl.Tests;

/// <summary>The direct reading of profile date-times gives what the general parser gives, and every profile of Arch72 reads as before.</summary>
public sealed class EsdlDatesTests
{
    [Fact]
    public void The_iso_form_reads_to_the_value_of_the_general_parser()
    {
        var random = new Random(15);
        for (int i = 0; i < 20_000; i++)
        {
            var d = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var text = d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            int digits = random.Next(8);
            if (digits > 0)
            {
                text += "." + (d.Ticks % 10_000_000).ToString("D7", CultureInfo.InvariantCulture)[..digits];
            }

            Assert.True(EsdlDates.TryParseIso(text, out var fast), text);
            Assert.Equal(General(text), fast);
            Assert.Equal(DateTimeKind.Utc, fast.Kind);
        }
    }

    [Theory]
    [InlineData("2020-02-30T00:00:00")]
    [InlineData("2021-02-29T00:00:00")]
    [InlineData("2020-08-11T24:00:00")]
    [InlineData("2020-08-11T23:60:00")]
    [InlineData("2020-08-11T23:59:60")]
    [InlineData("2020-13-11T00:00:00")]
    [InlineData("0000-01-01T00:00:00")]
    [InlineData("2020-08-11T00:00:00.")]
    [InlineData("2020-08-11T00:00:00.12345678")]
    [InlineData("2020-08-11T00:00:00Z")]
    [InlineData("2020-08-11T00:00:00+02:00")]
    [InlineData("2020-08-11 00:00:00")]
    [InlineData("2020-08-11")]
    [InlineData("2020-8-11T00:00:00")]
    [InlineData("２０２０-08-11T00:00:00")]
    public void Other_forms_are_left_to_the_general_parser(string text)
    {
        Assert.False(EsdlDates.TryParseIso(text, out _));
        Assert.Equal(DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _), EsdlDates.TryParse(text, out var value));
        if (EsdlDates.TryParse(text, out _))
        {
            Assert.Equal(General(text), value);
        }
    }

    [Fact]
    public void Every_arch72_profile_element_reads_as_the_xml_says()
    {
        var path = ReferenceData.Path("dots/arch72-bandwidth/arch72-bandwidth.esdl");
        var system = EsdlReader.ReadFile(path);
        var xml = XDocument.Load(path);
        var ports = xml.Descendants("port").Where(p => p.Element("profile") is not null).ToList();
        Assert.Equal(60, ports.Count);
        foreach (var port in ports)
        {
            var profile = Assert.IsType<DateTimeProfile>(Assert.Single(system.PortsById[port.Attribute("id")!.Value].Profiles));
            var elements = port.Element("profile")!.Elements("element").ToList();
            Assert.Equal(elements.Count, profile.Count);
            for (int i = 0; i < elements.Count; i++)
            {
                double expected = double.Parse(elements[i].Attribute("value")?.Value ?? "0", CultureInfo.InvariantCulture);
                Assert.Equal(expected, profile.Values[i]);
                Assert.Equal(expected, profile.ValueAt(General(elements[i].Attribute("from")!.Value)));
            }

            Assert.Equal((General(elements[0].Attribute("from")!.Value), General(elements[^1].Attribute("to")!.Value)), profile.Span);
        }
    }

    private static DateTime General(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
}
