using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Loads untrusted XML into an <see cref="XDocument"/> with line information: no DTDs or external entities,
/// and a streaming pre-check of nesting depth, element count and string length against
/// <see cref="InputLimits"/>. Every refusal is an <see cref="InputException"/> with the file and line.
/// (<see cref="XDocument.Load(XmlReader, LoadOptions)"/> costs time quadratic in the nesting depth, so the depth
/// limit is what keeps a deeply nested document cheap; its configurable maximum is 10,000 levels.)
/// </summary>
public static class SafeXml
{
    public static XDocument Load(string text, string? file, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= InputLimits.Current;
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype >= 0)
        {
            throw new InputException("the document declares a DTD (<!DOCTYPE …>); DTDs and entity declarations are not accepted in input files — remove the DOCTYPE", file, LineAt(text, doctype));
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = Math.Max(limits.MaxFileBytes, 1),
            IgnoreWhitespace = true,
        };
        try
        {
            Precheck(text, file, settings, limits);
            using var reader = XmlReader.Create(new StringReader(text), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }

            throw new InputException(
                ex.LineNumber > 0 ? $"malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {message}" : $"malformed XML: {message}",
                file,
                ex.LineNumber > 0 ? ex.LineNumber : null,
                inner: ex);
        }
    }

    private static void Precheck(string text, string? file, XmlReaderSettings settings, InputLimits limits)
    {
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var info = (IXmlLineInfo)reader;
        long elements = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (++elements > limits.MaxXmlElements)
                    {
                        throw InputLimits.Exceeded("the number of XML elements", $"{limits.MaxXmlElements:N0}", InputLimits.XmlElementsVariable, file, info.LineNumber);
                    }

                    if (reader.Depth >= limits.MaxXmlDepth)
                    {
                        throw InputLimits.Exceeded($"<{reader.LocalName}> is nested {reader.Depth + 1} elements deep, which", $"{limits.MaxXmlDepth} levels", InputLimits.XmlDepthVariable, file, info.LineNumber);
                    }

                    if (reader.HasAttributes)
                    {
                        while (reader.MoveToNextAttribute())
                        {
                            if (reader.Value.Length > limits.MaxStringLength)
                            {
                                throw InputLimits.Exceeded($"attribute '{reader.LocalName}' with {reader.Value.Length:N0} characters", $"{limits.MaxStringLength:N0} characters", InputLimits.StringLengthVariable, file, info.LineNumber);
                            }
                        }

                        reader.MoveToElement();
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (reader.Value.Length > limits.MaxStringLength)
                    {
                        throw InputLimits.Exceeded($"a text node with {reader.Value.Length:N0} characters", $"{limits.MaxStringLength:N0} characters", InputLimits.StringLengthVariable, file, info.LineNumber);
                    }

                    break;
            }
        }
    }

    private static int LineAt(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');
}
