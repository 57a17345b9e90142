namespace Quartier.Server.Jobs;

/// <summary>DOTS's simulation ids: <c>sanitize(name)[:20] + "-" + 8 hex digits</c>, sanitised again (e.g. <c>small-test-0895bb85</c>).</summary>
public static class DotsIds
{
    /// <summary>DOTS's sanitize: lower case, drop characters outside [a-z0-9- ], strip trailing non-alphanumerics, spaces to '-'.</summary>
    public static string Sanitize(string text) => Application.Dots.DotsModels.Sanitize(text);

    public static string New(string name)
    {
        var prefix = Sanitize(name);
        prefix = prefix[..Math.Min(20, prefix.Length)];
        return Sanitize($"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]);
    }

    /// <summary>Whether <paramref name="id"/> could be a simulation id (used before any lookup; nothing else reaches a store or a file name).</summary>
    public static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
