using System.Globalization;
using System.Text;

namespace Quartier.Server.Jobs;

/// <summary>A run's log as DOTS's services write theirs: timestamped lines at or above the request's <c>log_level</c>. Thread-safe.</summary>
public sealed class RunLog(string level, TimeProvider clock)
{
    private readonly StringBuilder _text = new();
    private readonly int _threshold = Rank(level);

    public static int Rank(string level) => level switch
    {
        "debug" => 0,
        "info" => 1,
        "warning" => 2,
        _ => 3,
    };

    /// <summary>Appends a line; <paramref name="source"/> (a service, an ESDL type) is written as <c>[source]</c> so a model's log can pick its own lines.</summary>
    public void Write(string level, string message, string? source = null)
    {
        if (Rank(level) < _threshold)
        {
            return;
        }

        var line = $"{clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} {level.ToUpperInvariant(),-7} {(source is null ? string.Empty : $"[{source}] ")}{message.ReplaceLineEndings(" ")}\n";
        lock (_text)
        {
            _text.Append(line);
        }
    }

    public void Restore(string text)
    {
        lock (_text)
        {
            _text.Clear().Append(text);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
