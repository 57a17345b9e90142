using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Quartier.Resources.S2.WebSockets;

/// <summary>
/// Every S2 message sent or received, as JSON lines: <c>{"wall", "sim", "peer", "dir": "sent"|"received", "valid", "error"?, "message"}</c>
/// (<c>message</c> is the JSON object as sent, or the raw text when it was not JSON). Thread-safe; flushed per line.
/// </summary>
public sealed class S2MessageLog : IDisposable
{
    private const int MaxRawChars = 4000;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TextWriter _writer;
    private readonly Func<DateTimeOffset> _simNow;
    private readonly Lock _gate = new();

    /// <summary>A log writing to <paramref name="writer"/>, stamping lines with <paramref name="simNow"/>.</summary>
    public S2MessageLog(TextWriter writer, Func<DateTimeOffset> simNow)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _simNow = simNow ?? throw new ArgumentNullException(nameof(simNow));
    }

    /// <summary>Lines written so far.</summary>
    public int Count { get; private set; }

    /// <summary>A log appending to <paramref name="path"/> (created with its folder).</summary>
    public static S2MessageLog Open(string path, Func<DateTimeOffset> simNow)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return new S2MessageLog(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, simNow);
    }

    /// <summary>Writes one line.</summary>
    public void Write(string direction, string? peer, string raw, bool valid, string? error = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("wall", DateTimeOffset.UtcNow);
            json.WriteString("sim", _simNow());
            json.WriteString("peer", peer);
            json.WriteString("dir", direction);
            json.WriteBoolean("valid", valid);
            if (error is not null)
            {
                json.WriteString("error", error);
            }

            json.WritePropertyName("message");
            try
            {
                using var doc = JsonDocument.Parse(raw);
                doc.RootElement.WriteTo(json);
            }
            catch (JsonException)
            {
                json.WriteStringValue(raw.Length <= MaxRawChars ? raw : raw[..MaxRawChars]);
            }

            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate)
        {
            _writer.WriteLine(line);
            Count++;
        }
    }

    public void Dispose() => _writer.Dispose();
}
