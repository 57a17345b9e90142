using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Loads untrusted XML into an <see cref="XDocument"/> with line information: no DTDs or external entities,
/// and a streaming pre-check of nesting depth, element count and string length against
/// <see cref="InputLimits"/>. Every refusal is an <see cref="InputException"/> with the file and line.
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
            IgnoreWhitespace = false,
        };
        try
        {
            Precheck(text, file, settings, limits);
            using var reader = XmlReader.Create(new StringReader(text), settings);
            return LineInfo is null ? XDocument.Load(reader, LoadOptions.SetLineInfo) : Build(reader);
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

    /// <summary>
    /// Creates the line-information annotation <see cref="XDocument.Load(XmlReader, LoadOptions)"/> attaches (so
    /// <see cref="IXmlLineInfo"/> on the nodes works as usual); null when the runtime has no such type.
    /// </summary>
    private static readonly Func<int, int, object>? LineInfo = CreateLineInfo();

    private static Func<int, int, object>? CreateLineInfo()
    {
        var type = typeof(XObject).Assembly.GetType("System.Xml.Linq.LineInfoAnnotation", throwOnError: false);
        var constructor = type?.GetConstructor(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(int), typeof(int)]);
        return constructor is null ? null : (line, position) => constructor.Invoke([line, position]);
    }

    /// <summary>
    /// Builds the tree bottom-up — an element is added to its parent when it closes, while the parent is not yet
    /// attached — because <see cref="XDocument.Load(XmlReader, LoadOptions)"/> walks up to the root for every node it
    /// adds, which makes deep nesting cost time quadratic in the depth. Same nodes and line information.
    /// </summary>
    private static XDocument Build(XmlReader reader)
    {
        var doc = new XDocument();
        var open = new Stack<XElement>();
        var info = (IXmlLineInfo)reader;
        XContainer Current() => open.Count > 0 ? open.Peek() : doc;
        T Located<T>(T node)
            where T : XObject
        {
            node.AddAnnotation(LineInfo!(info.LineNumber, info.LinePosition));
            return node;
        }

        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var element = Located(new XElement(XNamespace.Get(reader.NamespaceURI).GetName(reader.LocalName)));
                    bool empty = reader.IsEmptyElement;
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            var name = reader.NamespaceURI == XNamespace.Xmlns.NamespaceName && reader.LocalName == "xmlns"
                                ? XNamespace.None.GetName("xmlns")
                                : XNamespace.Get(reader.NamespaceURI).GetName(reader.LocalName);
                            element.Add(Located(new XAttribute(name, reader.Value)));
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }

                    if (empty)
                    {
                        Current().Add(element);
                    }
                    else
                    {
                        open.Push(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    var closed = open.Pop();
                    if (closed.IsEmpty)
                    {
                        closed.Value = string.Empty; // <a></a> stays a start and an end tag, as XDocument.Load keeps it
                    }

                    Current().Add(closed);
                    break;
                case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (open.Count > 0)
                    {
                        Current().Add(reader.Value);
                    }

                    break;
                case XmlNodeType.CDATA:
                    Current().Add(Located(new XCData(reader.Value)));
                    break;
                case XmlNodeType.Comment:
                    Current().Add(Located(new XComment(reader.Value)));
                    break;
                case XmlNodeType.ProcessingInstruction:
                    Current().Add(Located(new XProcessingInstruction(reader.Name, reader.Value)));
                    break;
                case XmlNodeType.XmlDeclaration:
                    doc.Declaration = new XDeclaration(reader.GetAttribute("version"), reader.GetAttribute("encoding"), reader.GetAttribute("standalone"));
                    break;
            }
        }

        return doc;
    }

    private static int LineAt(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');
}
