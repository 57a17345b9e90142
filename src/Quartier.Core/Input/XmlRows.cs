using System.Xml;
using System.Xml.Linq;

namespace Quartier.Core.Input;

/// <summary>
/// The row elements of tabular XML elements, read by <see cref="SafeXml"/> beside the tree instead of into it: every
/// child named <see cref="RowName"/> (any namespace) of an element whose <c>xsi:type</c> is <see cref="ParentType"/>
/// (ESDL's DateTimeProfile and its <c>&lt;element from=… to=… value=…/&gt;</c>). A row keeps its line and the texts of
/// the <see cref="Columns"/> attributes, in one character buffer; the parent keeps its other children. A 600-home
/// ESDL has 184,000 such rows, which cost little here and much as elements with attributes and line information.
/// </summary>
public sealed class XmlRows
{
    private readonly Dictionary<long, (int Start, int Count)> _byParent = [];
    private readonly char[] _scratch = new char[256];
    private char[] _text = new char[4096];
    private int _textLength;
    private int[] _lines = new int[256];
    private int[] _cells;
    private int _count;
    private int _open = -1;
    private long _openKey;

    public XmlRows(string parentType, string rowName, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ParentType = parentType;
        RowName = rowName;
        Columns = columns;
        _cells = new int[_lines.Length * columns.Length * 2];
    }

    /// <summary>The local part of the parent's <c>xsi:type</c> (its prefix ignored).</summary>
    public string ParentType { get; }

    public string RowName { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows read so far, over all parents.</summary>
    public int Count => _count;

    /// <summary>The rows of <paramref name="parent"/> (found by its line information), in document order; none if it has none.</summary>
    public Range Of(XElement parent)
    {
        var info = (IXmlLineInfo)parent;
        return _byParent.TryGetValue(Key(info.LineNumber, info.LinePosition), out var rows) ? new Range(rows.Start, rows.Start + rows.Count) : default;
    }

    public int Line(int row) => _lines[row];

    /// <summary>The text of <paramref name="column"/> in <paramref name="row"/>; false when the row has no such attribute.</summary>
    public bool TryGet(int row, int column, out ReadOnlySpan<char> text)
    {
        int cell = ((row * Columns.Count) + column) * 2;
        int length = _cells[cell + 1];
        text = length < 0 ? default : _text.AsSpan(_cells[cell], length);
        return length >= 0;
    }

    /// <summary>
    /// Room for the rows of a document of <paramref name="documentChars"/> characters (or UTF-8 bytes), which their
    /// texts cannot exceed: one buffer, not written (nor touched) until used, instead of copies as it grows.
    /// </summary>
    internal void Reserve(int documentChars)
    {
        if (documentChars > _text.Length)
        {
            var text = GC.AllocateUninitializedArray<char>(documentChars);
            _text.AsSpan(0, _textLength).CopyTo(text);
            _text = text;
        }

        int rows = documentChars / 128;
        if (rows > _lines.Length)
        {
            Array.Resize(ref _lines, rows);
            Array.Resize(ref _cells, rows * Columns.Count * 2);
        }
    }

    internal void OpenParent(int line, int position)
    {
        _open = _count;
        _openKey = Key(line, position);
    }

    internal void CloseParent()
    {
        if (_open >= 0)
        {
            _byParent[_openKey] = (_open, _count - _open);
            _open = -1;
        }
    }

    /// <summary>Adds the row at <paramref name="reader"/>'s current element; the reader is left on the element.</summary>
    internal void Add(XmlReader reader, int line, int maxStringLength, string? file)
    {
        int columns = Columns.Count;
        if (_count == _lines.Length)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
            Array.Resize(ref _cells, _lines.Length * columns * 2);
        }

        int first = _count * columns * 2;
        for (int c = 0; c < columns; c++)
        {
            _cells[first + (c * 2)] = 0;
            _cells[first + (c * 2) + 1] = -1;
        }

        while (reader.MoveToNextAttribute())
        {
            int column = reader.NamespaceURI.Length == 0 ? IndexOf(reader.LocalName) : -1;
            if (column < 0)
            {
                int length = 0, chunk;
                while ((chunk = reader.ReadValueChunk(_scratch, 0, _scratch.Length)) > 0)
                {
                    length += chunk;
                }

                SafeXml.CheckLength(length, reader.LocalName, maxStringLength, file, line, attribute: true);
                continue;
            }

            // The value's characters straight from the reader's buffer, without a string per value.
            int start = _textLength;
            while (true)
            {
                if (_textLength == _text.Length)
                {
                    Array.Resize(ref _text, _text.Length * 2);
                }

                int read = reader.ReadValueChunk(_text, _textLength, _text.Length - _textLength);
                if (read == 0)
                {
                    break;
                }

                _textLength += read;
            }

            SafeXml.CheckLength(_textLength - start, reader.LocalName, maxStringLength, file, line, attribute: true);
            _cells[first + (column * 2)] = start;
            _cells[first + (column * 2) + 1] = _textLength - start;
        }

        reader.MoveToElement();
        _lines[_count++] = line;
    }

    private int IndexOf(string name)
    {
        for (int c = 0; c < Columns.Count; c++)
        {
            if (string.Equals(Columns[c], name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    private static long Key(int line, int position) => ((long)line << 32) | (uint)position;
}
