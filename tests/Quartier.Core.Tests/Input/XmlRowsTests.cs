using System.Text;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Core.Tests.Input;

public sealed class XmlRowsTests
{
    private const string Profiles = """
        <?xml version="1.0" encoding="UTF-8"?>
        <r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:esdl="http://www.tno.nl/esdl">
          <p xsi:type="esdl:DateTimeProfile" id="p1">
            <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitType" unit="WATT"/>
            <element xsi:type="esdl:ProfileElement" from="2020-01-01T00:00:00" to="2020-01-01T00:15:00" value="1.5"/>
            <element from="a &amp; b" to="line&#10;break" value="&lt;3"/>
            <element to="no from" esdl:value="namespaced, not a column"><note>content is read past</note></element>
            <esdl:element from="any namespace"/>
          </p>
          <q xsi:type="esdl:TimeSeriesProfile"><element from="stays in the tree"/></q>
          <p xsi:type="DateTimeProfile"><wrap><element from="a grandchild stays"/></wrap></p>
          <p xsi:type="esdl:DateTimeProfile"/>
        </r>
        """;

    [Fact]
    public void Rows_go_to_the_table_with_their_lines_and_texts_and_everything_else_to_the_tree()
    {
        var rows = NewRows();

        var doc = SafeXml.Load(Profiles, "p.xml", rows);

        var expected = XDocument.Parse(Profiles, LoadOptions.SetLineInfo);
        var first = expected.Root!.Elements("p").First();
        var removed = first.Elements().Where(e => e.Name.LocalName == "element").ToList();
        removed.ForEach(e => e.Remove());
        Assert.True(XNode.DeepEquals(expected, doc));
        Assert.Equal(4, rows.Count);

        var range = rows.Of(doc.Root!.Elements("p").First());
        Assert.Equal(new Range(0, 4), range);
        Assert.Equal([5, 6, 7, 8], Enumerable.Range(0, 4).Select(rows.Line));
        for (int r = 0; r < removed.Count; r++)
        {
            for (int c = 0; c < rows.Columns.Count; c++)
            {
                var attribute = removed[r].Attribute(rows.Columns[c]);
                Assert.Equal(attribute is not null, rows.TryGet(r, c, out var text));
                Assert.Equal(attribute?.Value ?? string.Empty, text.ToString());
            }
        }

        Assert.All(doc.Root!.Elements().Skip(1), p => Assert.Equal(0, rows.Of(p).GetOffsetAndLength(rows.Count).Length));
        Assert.Single(doc.Descendants("element"), e => e.Attribute("from")!.Value == "a grandchild stays");
    }

    [Fact]
    public void Utf8_bytes_give_the_tree_lines_and_rows_of_the_decoded_text()
    {
        byte[][] inputs =
        [
            Encoding.UTF8.GetBytes(Profiles),
            [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Profiles.Replace("\n", "\r\n", StringComparison.Ordinal))],
            Encoding.UTF8.GetBytes(Profiles.Replace("UTF-8", "ISO-8859-1", StringComparison.Ordinal).Replace("a &amp; b", "Zürich ☀", StringComparison.Ordinal)),
            Encoding.UTF8.GetBytes(Profiles[Profiles.IndexOf("<r", StringComparison.Ordinal)..]),
        ];
        foreach (var bytes in inputs)
        {
            var fromText = NewRows();
            var fromBytes = NewRows();

            var expected = SafeXml.Load(InputFiles.DecodeUtf8(bytes, "x"), "x", fromText);
            var actual = SafeXml.Load(bytes, "x", fromBytes);

            Assert.True(XNode.DeepEquals(expected, actual));
            Assert.Equal(Lines(expected), Lines(actual));
            Assert.Equal(fromText.Count, fromBytes.Count);
            for (int r = 0; r < fromText.Count; r++)
            {
                Assert.Equal(fromText.Line(r), fromBytes.Line(r));
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(fromText.TryGet(r, c, out var a), fromBytes.TryGet(r, c, out var b));
                    Assert.Equal(a.ToString(), b.ToString());
                }
            }
        }
    }

    [Fact]
    public void Invalid_utf8_and_a_dtd_are_refused_as_in_text()
    {
        byte[] invalid = [.. "<r>\n<a n='"u8, 0xC3, 0x28, .. "'/></r>"u8];
        Assert.Equal(
            Assert.Throws<InputException>(() => InputFiles.DecodeUtf8(invalid, "x.xml")).Located,
            Assert.Throws<InputException>(() => SafeXml.Load(invalid, "x.xml")).Located);

        var dtd = Encoding.UTF8.GetBytes("<?xml version='1.0'?>\n\n<!DOCTYPE r [<!ENTITY e 'e'>]>\n<r>&e;</r>");
        Assert.Equal(
            Assert.Throws<InputException>(() => SafeXml.Load(Encoding.UTF8.GetString(dtd), "d.xml")).Located,
            Assert.Throws<InputException>(() => SafeXml.Load(dtd, "d.xml")).Located);
    }

    [Fact]
    public void Rows_count_against_the_element_limit_and_their_texts_against_the_string_limit()
    {
        var limits = new InputLimits { MaxXmlElements = 6 };
        var ex = Assert.Throws<InputException>(() => SafeXml.Load(Profiles, "p.xml", NewRows(), limits));
        Assert.Equal(7, ex.Line);
        Assert.Contains("number of XML elements exceeds the limit of 6", ex.Message, StringComparison.Ordinal);

        var text = Profiles.Replace("value=\"1.5\"", $"value=\"{new string('9', 101)}\"", StringComparison.Ordinal);
        ex = Assert.Throws<InputException>(() => SafeXml.Load(Encoding.UTF8.GetBytes(text), "p.xml", NewRows(), new InputLimits { MaxStringLength = 100 }));
        Assert.Equal("p.xml:5: attribute 'value' with 101 characters exceeds the limit of 100 characters (raise it with the environment variable QUARTIER_MAX_STRING_CHARS)", ex.Located);
    }

    private static XmlRows NewRows() => new("DateTimeProfile", "element", "from", "to", "value");

    private static List<(int, int)> Lines(XDocument d) =>
        d.Descendants().SelectMany(e => e.Attributes().Cast<XObject>().Prepend(e)).Select(o => (((IXmlLineInfo)o).LineNumber, ((IXmlLineInfo)o).LinePosition)).ToList();
}
