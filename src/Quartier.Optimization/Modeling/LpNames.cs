using System.Buffers;

namespace Quartier.Optimization.Modeling;

/// <summary>
/// LP-legal identifiers (CPLEX LP format): letters, digits and <c>!"#$%&amp;()/,.;?@_`'{}|~</c>, not starting with a
/// digit or a period, at most 255 characters, not a section keyword. <see cref="Sanitize"/> replaces every other
/// character by <c>_</c> and prefixes <c>_</c> where the start or a keyword would be ambiguous.
/// </summary>
public static class LpNames
{
    /// <summary>Longest name accepted (GLPK's and CPLEX's limit).</summary>
    public const int MaxLength = 255;

    private static readonly SearchValues<char> Legal = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&()/,.;?@_`'{}|~");

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max",
        "subject", "such", "st", "s.t.", "st.", "to", "that", "bounds", "bound", "free", "infinity", "inf",
        "general", "generals", "gen", "integer", "integers", "binary", "binaries", "bin",
        "semi", "semis", "semi-continuous", "sos", "end",
    };

    /// <summary>True when <paramref name="name"/> can be written to an LP file unchanged.</summary>
    public static bool IsLegal(string name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && !name.AsSpan().ContainsAnyExcept(Legal)
        && !char.IsAsciiDigit(name[0])
        && name[0] != '.'
        && !Keywords.Contains(name);

    /// <summary>An LP-legal version of <paramref name="name"/> (identity when already legal).</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsLegal(name))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!Legal.Contains(chars[i]))
            {
                chars[i] = '_';
            }
        }

        var s = new string(chars);
        if (s.Length == 0 || char.IsAsciiDigit(s[0]) || s[0] == '.' || Keywords.Contains(s))
        {
            s = "_" + s;
        }

        return s;
    }
}
