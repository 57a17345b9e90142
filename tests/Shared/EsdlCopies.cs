using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Quartier.Tests.Shared;

/// <summary>
/// Makes a larger ESDL from one with a single instance and area: that area copied <c>n</c> times as sub-areas of
/// one top area, deterministically. Every id inside the area becomes a new UUID derived from the copy and the old
/// id, and every attribute naming such ids (<c>connectedTo</c>, …) is rewritten with them; asset and area names
/// get the copy's tag <c>c1</c> … <c>cn</c> before their last <c>_</c> (or, without one, before their last
/// character), so the last character — the phase DOTS reads from a phase node's name — is kept:
/// <c>ConnectionHome97_1</c> becomes <c>ConnectionHome97c3_1</c>, <c>Cable12</c> <c>Cablec312</c>. Port names
/// (<c>In</c>, <c>OutPh1</c>) are roles, not identities, and stay. What lies outside the area (weather, market,
/// measures, parties) is shared by the copies, so copies with their own transformer are independent feeders.
/// </summary>
internal static class EsdlCopies
{
    /// <summary>Writes <paramref name="copies"/> copies of <paramref name="source"/>'s area to <paramref name="target"/>.</summary>
    public static void Write(string source, string target, int copies)
    {
        var doc = Replicate(XDocument.Load(source), copies);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var writer = XmlWriter.Create(target, settings);
        doc.Save(writer);
    }

    /// <summary>A new document holding <paramref name="copies"/> copies of the only area of <paramref name="source"/>.</summary>
    public static XDocument Replicate(XDocument source, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        var doc = new XDocument(source);
        var root = doc.Root ?? throw new InvalidDataException("the ESDL has no root element");
        var instance = root.Elements().Single(e => e.Name.LocalName == "instance");
        var area = instance.Elements().Single(e => e.Name.LocalName == "area");
        var ids = area.DescendantsAndSelf().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var outside in root.Descendants().Where(e => !e.AncestorsAndSelf().Contains(area)))
        {
            if (outside.Attributes().FirstOrDefault(a => a.Name != "id" && Tokens(a.Value).Any(ids.Contains)) is { } reference)
            {
                throw new InvalidDataException($"<{outside.Name.LocalName}> outside the area refers to '{reference.Value}' inside it; such references are not copied");
            }
        }

        var top = new XElement(area.Name, area.Attributes().Where(a => a.Name.LocalName is "type" or "name"));
        top.SetAttributeValue("id", NewId(0, area.Attribute("id")?.Value ?? "area"));
        for (int copy = 1; copy <= copies; copy++)
        {
            top.Add(Copy(area, copy, ids));
        }

        area.ReplaceWith(top);
        root.SetAttributeValue("id", NewId(0, root.Attribute("id")?.Value ?? "energy-system"));
        root.SetAttributeValue("name", $"{root.Attribute("name")?.Value}x{copies.ToString(CultureInfo.InvariantCulture)}");
        CheckUnique(top.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>(), "id");
        if (Names(area).Distinct(StringComparer.Ordinal).Count() == Names(area).Count())
        {
            CheckUnique(top.Elements().SelectMany(Names), "name");
        }

        return doc;
    }

    /// <summary><paramref name="name"/> with the copy's tag before its last <c>_</c> (else before its last character).</summary>
    public static string Rename(string name, int copy)
    {
        if (name.Length == 0)
        {
            return name;
        }

        var tag = "c" + copy.ToString(CultureInfo.InvariantCulture);
        int at = name.LastIndexOf('_');
        return name.Insert(at >= 0 ? at : name.Length - 1, tag);
    }

    /// <summary>The id that <paramref name="id"/> gets in copy <paramref name="copy"/>: a UUID (version 8) from SHA-256 of both.</summary>
    public static string NewId(int copy, string id)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"quartier-esdl-copy/{copy.ToString(CultureInfo.InvariantCulture)}/{id}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    private static XElement Copy(XElement area, int copy, HashSet<string> ids)
    {
        var clone = new XElement(area);
        foreach (var e in clone.DescendantsAndSelf())
        {
            foreach (var a in e.Attributes())
            {
                if (a.Name == "id")
                {
                    a.Value = NewId(copy, a.Value);
                }
                else if (a.Name == "name" && e.Name.LocalName is "asset" or "area")
                {
                    a.Value = Rename(a.Value, copy);
                }
                else if (a.Name.Namespace == XNamespace.None && a.Name != "description" && Tokens(a.Value) is var tokens && tokens.Any(ids.Contains))
                {
                    a.Value = string.Join(' ', tokens.Select(t => ids.Contains(t) ? NewId(copy, t) : t));
                }
            }
        }

        return clone;
    }

    private static IEnumerable<string> Names(XElement area) =>
        area.DescendantsAndSelf().Where(e => e.Name.LocalName is "asset" or "area").Select(e => e.Attribute("name")?.Value).OfType<string>();

    private static string[] Tokens(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void CheckUnique(IEnumerable<string> values, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!seen.Add(v))
            {
                throw new InvalidDataException($"{what} '{v}' occurs twice in the copies");
            }
        }
    }
}
