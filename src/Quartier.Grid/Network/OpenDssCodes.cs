using System.Globalization;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Grid.Network;

/// <summary>
/// Reads OpenDSS line-code and transformer-code libraries (<c>New LineCode.&lt;name&gt; nphases=4 … Rmatrix=[…]
/// Xmatrix=[…] Normamps=… Units=km</c> and <c>New XFMRCode.&lt;name&gt; … ~ wdg=1 kV=… kVA=…</c>), with
/// <c>~</c> continuation lines, <c>!</c> and <c>//</c> comments, lower-triangular or full matrices, and
/// R1/X1/R0/X0 sequence impedances where no matrix is given. Names are matched case-insensitively, as
/// OpenDSS does. Errors carry file and line.
/// </summary>
public static class OpenDssCodes
{
    private const string LineCodeResource = "Quartier.Grid.LineCode.dss";
    private const string XfmrCodeResource = "Quartier.Grid.XFMRCode.dss";

    /// <summary>Reads every <c>LineCode</c> in <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, LineCode> ReadLineCodes(string path) =>
        NotEmpty(ParseLineCodes(ReadText(path), path), path, "line-code", "LineCode");

    /// <summary>Reads every <c>XFMRCode</c> in <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, TransformerCode> ReadTransformerCodes(string path) =>
        NotEmpty(ParseTransformerCodes(ReadText(path), path), path, "transformer-code", "XFMRCode");

    /// <summary>DOTS's line-code library embedded in Quartier.Grid (MIT, dots-energy).</summary>
    public static IReadOnlyDictionary<string, LineCode> DefaultLineCodes() =>
        ParseLineCodes(ReadResource(LineCodeResource), "LineCode.dss (built-in)");

    /// <summary>DOTS's transformer-code library embedded in Quartier.Grid (MIT, dots-energy).</summary>
    public static IReadOnlyDictionary<string, TransformerCode> DefaultTransformerCodes() =>
        ParseTransformerCodes(ReadResource(XfmrCodeResource), "XFMRCode.dss (built-in)");

    /// <summary>Parses line codes from OpenDSS text; <paramref name="file"/> names the source in errors.</summary>
    public static IReadOnlyDictionary<string, LineCode> ParseLineCodes(string text, string file) =>
        ParseCodes(text, file, "linecode", ToLineCode, c => c.Name);

    /// <summary>Parses transformer codes from OpenDSS text; <paramref name="file"/> names the source in errors.</summary>
    public static IReadOnlyDictionary<string, TransformerCode> ParseTransformerCodes(string text, string file) =>
        ParseCodes(text, file, "xfmrcode", ToTransformerCode, c => c.Name);

    private static Dictionary<string, T> ParseCodes<T>(string text, string file, string className, Func<DssObject, string, T> convert, Func<T, string> name)
    {
        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var obj in ParseObjects(text, file))
        {
            if (obj.Class.Equals(className, StringComparison.OrdinalIgnoreCase))
            {
                var code = convert(obj, file);
                result[name(code)] = code;
            }
        }

        return result;
    }

    /// <summary>The up to <paramref name="count"/> names closest to <paramref name="wanted"/> (edit distance, case-insensitive).</summary>
    public static IReadOnlyList<string> Nearest(string wanted, IEnumerable<string> names, int count = 3)
    {
        var w = wanted.ToLowerInvariant();
        return names
            .Select(n => (Name: n, Distance: EditDistance(w, n.ToLowerInvariant())))
            .OrderBy(t => t.Distance)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(t => t.Name)
            .ToList();
    }

    private static string ReadText(string path)
    {
        if (!System.IO.File.Exists(path) && !Directory.Exists(path))
        {
            throw new InputException($"OpenDSS code library '{path}' does not exist", path);
        }

        return InputFiles.ReadAllText(path, "OpenDSS code library");
    }

    /// <summary>A library the user named must define what it is given for; an empty one is its own error, not a cable's.</summary>
    private static IReadOnlyDictionary<string, T> NotEmpty<T>(IReadOnlyDictionary<string, T> codes, string path, string what, string className) =>
        codes.Count > 0
            ? codes
            : throw new InputException($"the {what} library defines no {className} (no 'New {className}.<name> …' line); it is empty or not an OpenDSS {what} file", path);

    private static string ReadResource(string name)
    {
        using var stream = typeof(OpenDssCodes).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' missing from Quartier.Grid");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static LineCode ToLineCode(DssObject obj, string file)
    {
        int phases = 3;
        double[]? r = null, x = null;
        double normAmps = 0, unitFactor = 1; // to per km
        double? r1 = null, x1 = null, r0 = null, x0 = null;
        string? rText = null, xText = null;
        int rLine = obj.Line, xLine = obj.Line;
        foreach (var (key, value, line) in obj.Properties)
        {
            switch (key.ToLowerInvariant())
            {
                case "nphases":
                    phases = (int)Number(value, key, obj, file, line);
                    if (phases < 1 || phases > 8)
                    {
                        throw new InputException($"LineCode.{obj.Name}: nphases={value} is not 1..8", file, line);
                    }

                    break;
                case "rmatrix":
                    rText = value;
                    rLine = line;
                    break;
                case "xmatrix":
                    xText = value;
                    xLine = line;
                    break;
                case "normamps":
                    normAmps = OpenDssRanges.NormAmps.Check(Number(value, key, obj, file, line), key, file, line, $"LineCode.{obj.Name}");
                    break;
                case "units":
                    unitFactor = UnitsPerKm(value, obj, file, line);
                    break;
                case "r1":
                    r1 = OpenDssRanges.Impedance.Check(Number(value, key, obj, file, line), key, file, line, $"LineCode.{obj.Name}");
                    break;
                case "x1":
                    x1 = OpenDssRanges.Impedance.Check(Number(value, key, obj, file, line), key, file, line, $"LineCode.{obj.Name}");
                    break;
                case "r0":
                    r0 = OpenDssRanges.Impedance.Check(Number(value, key, obj, file, line), key, file, line, $"LineCode.{obj.Name}");
                    break;
                case "x0":
                    x0 = OpenDssRanges.Impedance.Check(Number(value, key, obj, file, line), key, file, line, $"LineCode.{obj.Name}");
                    break;
                default:
                    break;
            }
        }

        if (rText is not null)
        {
            r = Matrix(rText, phases, "Rmatrix", obj, file, rLine);
        }

        if (xText is not null)
        {
            x = Matrix(xText, phases, "Xmatrix", obj, file, xLine);
        }

        if (r is null || x is null)
        {
            if (r1 is null || x1 is null)
            {
                throw new InputException($"LineCode.{obj.Name} has neither Rmatrix/Xmatrix nor R1/X1 (sequence impedances)", file, obj.Line);
            }

            // Symmetric matrix from sequence impedances: Zs = (2 Z1 + Z0) / 3, Zm = (Z0 − Z1) / 3.
            double rz = r0 ?? r1.Value, xz = x0 ?? x1.Value;
            r ??= Symmetric(phases, ((2 * r1.Value) + rz) / 3, (rz - r1.Value) / 3);
            x ??= Symmetric(phases, ((2 * x1.Value) + xz) / 3, (xz - x1.Value) / 3);
        }

        for (int i = 0; i < r.Length; i++)
        {
            OpenDssRanges.Impedance.Check(r[i], "Rmatrix", file, rLine, $"LineCode.{obj.Name}");
            OpenDssRanges.Impedance.Check(x[i], "Xmatrix", file, xLine, $"LineCode.{obj.Name}");
            r[i] *= unitFactor;
            x[i] *= unitFactor;
        }

        for (int i = 0; i < phases; i++)
        {
            if (r[(i * phases) + i] <= 0)
            {
                throw new InputException($"LineCode.{obj.Name}: the self resistance of conductor {i + 1} is {r[(i * phases) + i]}; it must be positive", file, rText is null ? obj.Line : rLine, $"LineCode.{obj.Name}", field: "Rmatrix");
            }
        }

        return new LineCode(obj.Name, phases, r, x, normAmps, file, obj.Line);
    }

    private static double[] Symmetric(int n, double self, double mutual)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[(i * n) + j] = i == j ? self : mutual;
            }
        }

        return m;
    }

    private static double UnitsPerKm(string value, DssObject obj, string file, int line) => value.ToLowerInvariant() switch
    {
        "km" => 1,
        "m" => 1000,
        "ft" => 1000 / 0.3048,
        "kft" => 1 / 0.3048,
        "mi" => 1 / 1.609344,
        "none" => 1,
        _ => throw new InputException($"LineCode.{obj.Name}: Units={value} is not one of km, m, ft, kft, mi", file, line),
    };

    private static double[] Matrix(string text, int n, string key, DssObject obj, string file, int line)
    {
        var body = text.Trim().TrimStart('[', '(', '{', '"', '\'').TrimEnd(']', ')', '}', '"', '\'');
        var rows = body.Split('|');
        var values = new List<double[]>();
        foreach (var row in rows)
        {
            var parts = row.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            var numbers = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                numbers[i] = Number(parts[i], key, obj, file, line);
            }

            values.Add(numbers);
        }

        var m = new double[n * n];
        if (values.Count == 1 && values[0].Length == n * (n + 1) / 2)
        {
            // Lower triangle written without row separators.
            int k = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    m[(i * n) + j] = m[(j * n) + i] = values[0][k++];
                }
            }

            return m;
        }

        if (values.Count != n)
        {
            throw new InputException($"LineCode.{obj.Name}: {key} has {values.Count} rows, expected {n} (nphases)", file, line);
        }

        for (int i = 0; i < n; i++)
        {
            var row = values[i];
            if (row.Length == i + 1)
            {
                for (int j = 0; j <= i; j++)
                {
                    m[(i * n) + j] = m[(j * n) + i] = row[j];
                }
            }
            else if (row.Length == n)
            {
                for (int j = 0; j < n; j++)
                {
                    m[(i * n) + j] = row[j];
                }
            }
            else
            {
                throw new InputException($"LineCode.{obj.Name}: {key} row {i + 1} has {row.Length} values, expected {i + 1} (lower triangle) or {n}", file, line);
            }
        }

        return m;
    }

    private static TransformerCode ToTransformerCode(DssObject obj, string file)
    {
        int phases = 3, windings = 2, wdg = 1;
        var kv = new double[3];
        var kva = new double[3];
        var conn = new[] { "wye", "wye", "wye" };
        double loadLoss = double.NaN, noLoadLoss = 0, xhl = 7, percentRSum = double.NaN;
        var percentR = new double[3] { double.NaN, double.NaN, double.NaN };
        foreach (var (key, value, line) in obj.Properties)
        {
            switch (key.ToLowerInvariant())
            {
                case "phases":
                    phases = (int)Number(value, key, obj, file, line);
                    break;
                case "windings":
                    windings = (int)Number(value, key, obj, file, line);
                    if (windings != 2)
                    {
                        throw new InputException($"XFMRCode.{obj.Name}: windings={windings}; only two-winding transformers are supported", file, line);
                    }

                    break;
                case "wdg":
                    wdg = (int)Number(value, key, obj, file, line);
                    if (wdg is < 1 or > 2)
                    {
                        throw new InputException($"XFMRCode.{obj.Name}: wdg={value} is not 1 or 2", file, line);
                    }

                    break;
                case "kv":
                    kv[wdg] = OpenDssRanges.Kv.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                case "kva":
                    kva[wdg] = OpenDssRanges.Kva.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                case "conn":
                    conn[wdg] = value.ToLowerInvariant();
                    break;
                case "%r":
                    percentR[wdg] = OpenDssRanges.Percent.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                case "kvs":
                    (kv[1], kv[2]) = Pair(value, key, obj, file, line, OpenDssRanges.Kv);
                    break;
                case "kvas":
                    (kva[1], kva[2]) = Pair(value, key, obj, file, line, OpenDssRanges.Kva);
                    break;
                case "%loadloss":
                    loadLoss = OpenDssRanges.Percent.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                case "%noloadloss":
                    noLoadLoss = OpenDssRanges.Percent.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                case "xhl":
                case "%xhl":
                    xhl = OpenDssRanges.PercentX.Check(Number(value, key, obj, file, line), key, file, line, $"XFMRCode.{obj.Name}");
                    break;
                default:
                    break;
            }
        }

        if (kv[1] <= 0 || kv[2] <= 0)
        {
            throw new InputException($"XFMRCode.{obj.Name}: both windings need kV > 0 (got {kv[1]} and {kv[2]})", file, obj.Line);
        }

        var rating = kva[1] > 0 ? kva[1] : kva[2];
        if (rating <= 0)
        {
            throw new InputException($"XFMRCode.{obj.Name}: no kVA rating", file, obj.Line);
        }

        if (!double.IsNaN(percentR[1]) && !double.IsNaN(percentR[2]))
        {
            percentRSum = percentR[1] + percentR[2];
        }

        var totalLoadLoss = !double.IsNaN(loadLoss) ? loadLoss : !double.IsNaN(percentRSum) ? percentRSum : 0;
        return new TransformerCode(obj.Name, phases, kv[1], kv[2], rating, conn[1], conn[2], totalLoadLoss, noLoadLoss, xhl, file, obj.Line);
    }

    private static (double, double) Pair(string value, string key, DssObject obj, string file, int line, PhysicalRange range)
    {
        var parts = value.Trim('[', ']', '(', ')', '"', '\'').Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw new InputException($"XFMRCode.{obj.Name}: {key}={value} needs two values", file, line);
        }

        var id = $"{obj.Class}.{obj.Name}";
        return (range.Check(Number(parts[0], key, obj, file, line), key, file, line, id), range.Check(Number(parts[1], key, obj, file, line), key, file, line, id));
    }

    private static double Number(string value, string key, DssObject obj, string file, int line)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new InputException($"{obj.Class}.{obj.Name}: {key}={value} is not a number", file, line);
        }

        return v;
    }

    private sealed record DssObject(string Class, string Name, int Line, List<(string Key, string Value, int Line)> Properties);

    private static List<DssObject> ParseObjects(string text, string file)
    {
        var objects = new List<DssObject>();
        DssObject? current = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string rest;
            if (line[0] == '~' || line.StartsWith("more ", StringComparison.OrdinalIgnoreCase))
            {
                if (current is null)
                {
                    // A continuation of a command we do not read (e.g. New Line.… or Set …).
                    continue;
                }

                rest = line[0] == '~' ? line[1..] : line[5..];
            }
            else
            {
                current = null;
                var firstSpace = line.IndexOfAny([' ', '\t']);
                var verb = firstSpace < 0 ? line : line[..firstSpace];
                if (!verb.Equals("new", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                rest = firstSpace < 0 ? string.Empty : line[firstSpace..].TrimStart();
                var sp = rest.IndexOfAny([' ', '\t']);
                var spec = sp < 0 ? rest : rest[..sp];
                rest = sp < 0 ? string.Empty : rest[sp..];
                if (spec.StartsWith("object=", StringComparison.OrdinalIgnoreCase))
                {
                    spec = spec[7..];
                }

                var dot = spec.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || dot == spec.Length - 1)
                {
                    throw new InputException($"'New {spec}': expected Class.Name", file, lineNo);
                }

                current = new DssObject(spec[..dot], spec[(dot + 1)..], lineNo, []);
                objects.Add(current);
            }

            ParseProperties(rest, current, file, lineNo);
        }

        return objects;
    }

    private static string StripComment(string line)
    {
        int depth = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '[' or '(' or '{')
            {
                depth++;
            }
            else if (c is ']' or ')' or '}')
            {
                depth--;
            }
            else if (depth == 0 && (c == '!' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/')))
            {
                return line[..i];
            }
        }

        return line.TrimEnd('\r');
    }

    private static void ParseProperties(string text, DssObject obj, string file, int lineNo)
    {
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return;
            }

            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '=')
            {
                i++;
            }

            var key = text[start..i];
            int save = i;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                // Positional value: OpenDSS would assign it to the next property; these libraries do not use it.
                i = save;
                obj.Properties.Add((string.Empty, key, lineNo));
                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                throw new InputException($"{obj.Class}.{obj.Name}: '{key}=' has no value", file, lineNo);
            }

            char open = text[i];
            char close = open switch { '[' => ']', '(' => ')', '{' => '}', '"' => '"', '\'' => '\'', _ => '\0' };
            start = i;
            if (close != '\0')
            {
                var end = text.IndexOf(close, i + 1);
                if (end < 0)
                {
                    throw new InputException($"{obj.Class}.{obj.Name}: value of '{key}' opens '{open}' but never closes it on this line", file, lineNo);
                }

                i = end + 1;
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }

            obj.Properties.Add((key, text[start..i], lineNo));
        }
    }

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
