using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Loads untrusted XML into an <see cref="XDocument"/> with line information: no DTDs or external entities,
/// and nesting depth, element count and string length checked against <see cref="InputLimits"/> as it is read
/// (one pass; UTF-8 bytes are read without decoding them to one string first). Every refusal is an
/// <see cref="InputException"/> with the file and line.
/// (<see cref="XDocument.Load(XmlReader, LoadOptions)"/> costs time quadratic in the nesting depth, so the depth
/// limit is what keeps a deeply nested document cheap; its configurable maximum is 10,000 levels.)
/// </summary>
public static class SafeXml
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    public static XDocument Load(string text, string? file, InputLimits? limits = null) => Load(text, file, null, limits);

    /// <summary>Loads <paramref name="text"/>; with <paramref name="rows"/>, its row elements are read into that table instead of the tree.</summary>
    public static XDocument Load(string text, string? file, XmlRows? rows, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype >= 0)
        {
            throw Doctype(file, LineAt(text, doctype));
        }

        limits ??= InputLimits.Current;
        rows?.Reserve(text.Length);
        return Load(XmlReader.Create(new StringReader(text), Settings(limits)), file, rows, limits);
    }

    /// <summary>
    /// Loads strict UTF-8 (an invalid byte is refused as <see cref="InputFiles.DecodeUtf8"/> refuses it) without decoding
    /// it to one string first; the tree, lines and errors are those of <see cref="Load(string, string?, XmlRows?, InputLimits?)"/>
    /// on the decoded text.
    /// </summary>
    public static XDocument Load(ReadOnlyMemory<byte> utf8, string? file, XmlRows? rows = null, InputLimits? limits = null)
    {
        var bytes = utf8.Span;
        if (!Utf8.IsValid(bytes) || !ReadsAsUtf8(bytes) || !MemoryMarshal.TryGetArray(utf8, out var array))
        {
            return Load(InputFiles.DecodeUtf8(bytes, file), file, rows, limits);
        }

        var doctype = bytes.IndexOf("<!DOCTYPE"u8);
        if (doctype >= 0)
        {
            throw Doctype(file, 1 + bytes[..doctype].Count((byte)'\n'));
        }

        limits ??= InputLimits.Current;
        rows?.Reserve(array.Count);
        var stream = new MemoryStream(array.Array!, array.Offset, array.Count, writable: false);
        return Load(XmlReader.Create(stream, Settings(limits)), file, rows, limits);
    }

    internal static void CheckLength(string value, string name, int max, string? file, int line, bool attribute) =>
        CheckLength(value.Length, name, max, file, line, attribute);

    internal static void CheckLength(int length, string name, int max, string? file, int line, bool attribute)
    {
        if (length > max)
        {
            throw InputLimits.Exceeded(
                attribute ? $"attribute '{name}' with {length:N0} characters" : $"a text node with {length:N0} characters",
                $"{max:N0} characters",
                InputLimits.StringLengthVariable,
                file,
                line);
        }
    }

    private static XDocument Load(XmlReader reader, string? file, XmlRows? rows, InputLimits limits)
    {
        try
        {
            using var limited = new LimitedXmlReader(reader, file, limits, rows);
            return XDocument.Load(limited, LoadOptions.SetLineInfo);
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

    private static XmlReaderSettings Settings(InputLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = Math.Max(limits.MaxFileBytes, 1),
        IgnoreWhitespace = true,
    };

    /// <summary>
    /// Whether an XML reader on the raw bytes sees the text that decoding them as UTF-8 gives: no NUL bytes (which would
    /// let it guess UTF-16), no encoding other than UTF-8 declared, and markup after the whitespace.
    /// </summary>
    private static bool ReadsAsUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0))
        {
            return false;
        }

        var body = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        if (!body.StartsWith("<?xml"u8))
        {
            return body.TrimStart(" \t\r\n"u8).StartsWith("<"u8);
        }

        int end = body.IndexOf("?>"u8);
        var declaration = end < 0 ? body : body[..end];
        int at = declaration.IndexOf("encoding"u8);
        if (at < 0)
        {
            return true;
        }

        var rest = declaration[(at + "encoding".Length)..].TrimStart(" \t\r\n="u8).TrimStart(" \t\r\n"u8);
        return rest.Length > 6 && (rest[0] is (byte)'"' or (byte)'\'') && Ascii.EqualsIgnoreCase(rest.Slice(1, 5), "utf-8"u8) && rest[6] == rest[0];
    }

    private static InputException Doctype(string? file, int line) =>
        new("the document declares a DTD (<!DOCTYPE …>); DTDs and entity declarations are not accepted in input files — remove the DOCTYPE", file, line);

    private static int LineAt(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');

    /// <summary>
    /// Reads on behalf of <see cref="XDocument.Load(XmlReader, LoadOptions)"/> and refuses, as it goes, what exceeds the
    /// limits: the nesting depth (checked before the tree grows deep, whose cost is quadratic in it), the element count and
    /// the length of attribute values and texts. Row elements of an <see cref="XmlRows"/> table go to it and not on.
    /// </summary>
    private sealed class LimitedXmlReader(XmlReader inner, string? file, InputLimits limits, XmlRows? rows) : XmlReader, IXmlLineInfo
    {
        private readonly IXmlLineInfo _info = (IXmlLineInfo)inner;
        private long _elements;
        private int _rowParentDepth = -1;

        public override int AttributeCount => inner.AttributeCount;

        public override string BaseURI => inner.BaseURI;

        public override int Depth => inner.Depth;

        public override bool EOF => inner.EOF;

        public override bool IsEmptyElement => inner.IsEmptyElement;

        public override string LocalName => inner.LocalName;

        public override string Name => inner.Name;

        public override string NamespaceURI => inner.NamespaceURI;

        public override XmlNameTable NameTable => inner.NameTable;

        public override XmlNodeType NodeType => inner.NodeType;

        public override string Prefix => inner.Prefix;

        public override ReadState ReadState => inner.ReadState;

        public override string Value => inner.Value;

        public override bool HasValue => inner.HasValue;

        public override bool IsDefault => inner.IsDefault;

        public override char QuoteChar => inner.QuoteChar;

        public override XmlSpace XmlSpace => inner.XmlSpace;

        public override string XmlLang => inner.XmlLang;

        public override bool CanResolveEntity => inner.CanResolveEntity;

        public int LineNumber => _info.LineNumber;

        public int LinePosition => _info.LinePosition;

        public bool HasLineInfo() => _info.HasLineInfo();

        public override string GetAttribute(int i) => inner.GetAttribute(i);

        public override string? GetAttribute(string name) => inner.GetAttribute(name);

        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

        public override bool MoveToElement() => inner.MoveToElement();

        public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

        public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

        public override bool ReadAttributeValue() => inner.ReadAttributeValue();

        public override void ResolveEntity() => inner.ResolveEntity();

        public override bool Read()
        {
            while (inner.Read())
            {
                switch (inner.NodeType)
                {
                    case XmlNodeType.Element:
                        CountAndDepth();
                        if (rows is not null && _rowParentDepth == inner.Depth - 1 && string.Equals(inner.LocalName, rows.RowName, StringComparison.Ordinal))
                        {
                            rows.Add(inner, _info.LineNumber, limits.MaxStringLength, file);
                            if (!inner.IsEmptyElement)
                            {
                                SkipContent();
                            }

                            continue;
                        }

                        CheckAttributes();
                        if (rows is not null && _rowParentDepth < 0 && !inner.IsEmptyElement && IsRowParent())
                        {
                            rows.OpenParent(_info.LineNumber, _info.LinePosition);
                            _rowParentDepth = inner.Depth;
                        }

                        return true;
                    case XmlNodeType.EndElement:
                        if (inner.Depth == _rowParentDepth)
                        {
                            rows!.CloseParent();
                            _rowParentDepth = -1;
                        }

                        return true;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        CheckLength(inner.Value, string.Empty, limits.MaxStringLength, file, _info.LineNumber, attribute: false);
                        return true;
                    default:
                        return true;
                }
            }

            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void CountAndDepth()
        {
            if (++_elements > limits.MaxXmlElements)
            {
                throw InputLimits.Exceeded("the number of XML elements", $"{limits.MaxXmlElements:N0}", InputLimits.XmlElementsVariable, file, _info.LineNumber);
            }

            if (inner.Depth >= limits.MaxXmlDepth)
            {
                throw InputLimits.Exceeded($"<{inner.LocalName}> is nested {inner.Depth + 1} elements deep, which", $"{limits.MaxXmlDepth} levels", InputLimits.XmlDepthVariable, file, _info.LineNumber);
            }
        }

        private void CheckAttributes()
        {
            if (inner.HasAttributes)
            {
                while (inner.MoveToNextAttribute())
                {
                    CheckLength(inner.Value, inner.LocalName, limits.MaxStringLength, file, _info.LineNumber, attribute: true);
                }

                inner.MoveToElement();
            }
        }

        /// <summary>A row element's content, read past with the same checks.</summary>
        private void SkipContent()
        {
            int depth = inner.Depth;
            while (inner.Read() && !(inner.Depth == depth && inner.NodeType == XmlNodeType.EndElement))
            {
                if (inner.NodeType == XmlNodeType.Element)
                {
                    CountAndDepth();
                    CheckAttributes();
                }
                else if (inner.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    CheckLength(inner.Value, string.Empty, limits.MaxStringLength, file, _info.LineNumber, attribute: false);
                }
            }
        }

        private bool IsRowParent()
        {
            var type = inner.GetAttribute("type", XsiNamespace);
            if (type is null)
            {
                return false;
            }

            int colon = type.IndexOf(':', StringComparison.Ordinal);
            return type.AsSpan(colon + 1).SequenceEqual(rows!.ParentType);
        }
    }
}
