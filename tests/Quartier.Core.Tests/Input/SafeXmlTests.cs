using System.Diagnostics;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Core.Tests.Input;

public sealed class SafeXmlTests
{
    [Fact]
    public void Loads_with_line_information()
    {
        var doc = SafeXml.Load("<a>\n  <b x='1'/>\n</a>", "f.xml");

        var b = doc.Root!.Elements().Single();
        Assert.Equal(2, ((System.Xml.IXmlLineInfo)b).LineNumber);
    }

    [Fact]
    public void A_dtd_is_refused_at_its_line_without_dotnet_advice()
    {
        const string xml = "<?xml version='1.0'?>\n<!DOCTYPE lolz [<!ENTITY lol 'lol'>]>\n<a>&lol;</a>";

        var ex = Assert.Throws<InputException>(() => SafeXml.Load(xml, "bomb.esdl"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XmlReaderSettings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_naming_the_limit_and_in_linear_time()
    {
        var xml = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            xml.Append("<area>\n");
        }

        for (int i = 0; i < 20_000; i++)
        {
            xml.Append("</area>");
        }

        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<InputException>(() => SafeXml.Load(xml.ToString(), "deep.esdl"));

        Assert.Equal("deep.esdl:101: <area> is nested 101 elements deep, which exceeds the limit of 100 levels (raise it with the environment variable QUARTIER_MAX_XML_DEPTH)", ex.Located);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Fact]
    public void Element_count_and_string_length_limits()
    {
        var many = "<r>" + string.Concat(Enumerable.Repeat("<e/>", 11)) + "</r>";
        var ex = Assert.Throws<InputException>(() => SafeXml.Load(many, "many.xml", new InputLimits { MaxXmlElements = 10 }));
        Assert.Contains("number of XML elements exceeds the limit of 10", ex.Message, StringComparison.Ordinal);

        var longName = $"<r name='{new string('x', 101)}'/>";
        ex = Assert.Throws<InputException>(() => SafeXml.Load(longName, "long.xml", new InputLimits { MaxStringLength = 100 }));
        Assert.Contains("attribute 'name' with 101 characters exceeds the limit of 100 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_xml_names_line_and_position()
    {
        var ex = Assert.Throws<InputException>(() => SafeXml.Load("<a>\n<b>\n</a>", "cut.esdl"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("cut.esdl:3: malformed XML at line 3, position 3:", ex.Located, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<?xml version='1.0' encoding='UTF-8'?>\n<esdl:EnergySystem xmlns:esdl='http://www.tno.nl/esdl' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' name='x'>\n  <!-- c -->\n  <instance id='i'><area id='a'>text<b/><![CDATA[raw]]></area></instance>\n  <empty></empty>\n  <?pi data?>\n</esdl:EnergySystem>")]
    [InlineData("<a>\n<b x='1' y=\"2\">\n  <c/>\n  mixed <d>text</d> tail\n</b>\n</a>")]
    public void Builds_the_same_tree_and_lines_as_XDocument_Load(string xml)
    {
        var expected = System.Xml.Linq.XDocument.Load(new StringReader(xml), System.Xml.Linq.LoadOptions.SetLineInfo);

        var actual = SafeXml.Load(xml, "same.xml");

        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.True(System.Xml.Linq.XNode.DeepEquals(expected, actual));
        var lines = (System.Xml.Linq.XDocument d) => d.Descendants().SelectMany(e => e.Attributes().Cast<System.Xml.Linq.XObject>().Prepend(e))
            .Select(o => (((System.Xml.IXmlLineInfo)o).LineNumber, ((System.Xml.IXmlLineInfo)o).LinePosition)).ToList();
        Assert.Equal(lines(expected), lines(actual));
    }

    [Fact]
    public void Reference_esdl_files_load_as_XDocument_Load_loads_them()
    {
        foreach (var file in new[] { "dots/small-test/test.esdl", "dots/arch72-bandwidth/arch72-bandwidth.esdl" })
        {
            var path = Reference(file);
            var text = File.ReadAllText(path);
            var expected = System.Xml.Linq.XDocument.Load(new StringReader(text), System.Xml.Linq.LoadOptions.SetLineInfo);

            var actual = SafeXml.Load(text, path);

            Assert.True(System.Xml.Linq.XNode.DeepEquals(expected, actual), file);
            Assert.Equal(
                expected.Descendants().Select(e => ((System.Xml.IXmlLineInfo)e).LineNumber),
                actual.Descendants().Select(e => ((System.Xml.IXmlLineInfo)e).LineNumber));
        }
    }

    private static string Reference(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "reference", relative);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException(relative);
    }
}
