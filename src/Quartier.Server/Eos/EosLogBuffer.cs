using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Quartier.Server.Eos;

/// <summary>
/// The server's recent log records for <c>GET /v1/logging/log</c>: a logger provider keeping the last
/// <see cref="Capacity"/> records in memory (the oldest dropped first), each in the shape EOS's file log has (loguru's
/// serialized record: <c>{text, record: {elapsed, exception, extra, file, function, level: {icon, name, no}, line,
/// message, module, name, process, thread, time: {repr, timestamp}}}</c>). Thread-safe.
/// </summary>
public sealed class EosLogBuffer : ILoggerProvider
{
    /// <summary>Records kept by default.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Queue<Entry> _entries = new();
    private readonly object _gate = new();
    private readonly DateTimeOffset _started;
    private readonly TimeProvider _clock;

    public EosLogBuffer(TimeProvider clock, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _started = clock.GetUtcNow();
        Capacity = capacity;
    }

    /// <summary>Most records kept.</summary>
    public int Capacity { get; }

    /// <summary>Records held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A level's name as loguru spells it (<c>INFO</c>, <c>WARNING</c> …).</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>The level names a filter may ask for.</summary>
    public static IReadOnlyList<string> LevelNames { get; } = ["TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL"];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The records held, oldest first, that <paramref name="keep"/> accepts.</summary>
    public IReadOnlyList<Entry> Snapshot(Func<Entry, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        lock (_gate)
        {
            return [.. _entries.Where(keep)];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // nothing to release: the records live as long as the server
    }

    private void Add(Entry entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    /// <summary>One log record.</summary>
    public sealed record Entry(DateTimeOffset Time, TimeSpan Elapsed, LogLevel Level, string Category, int EventId, string? EventName, string Message, Exception? Error, int ThreadId, string? ThreadName)
    {
        /// <summary>The record as EOS's file log holds it.</summary>
        public JsonObject ToJson()
        {
            var level = LevelName(Level);
            var time = Time.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
            var module = Category[(Category.LastIndexOf('.') + 1)..];
            var text = $"{Time:yyyy-MM-dd HH:mm:ss.fff} | {level,-8} | {Category}:{EventName ?? "-"}:{EventId} - {Message}\n";
            return new JsonObject
            {
                ["text"] = text,
                ["record"] = new JsonObject
                {
                    ["elapsed"] = new JsonObject { ["repr"] = Elapsed.ToString("c", CultureInfo.InvariantCulture), ["seconds"] = Elapsed.TotalSeconds },
                    ["exception"] = Error is null ? null : new JsonObject { ["type"] = Error.GetType().Name, ["value"] = Error.Message, ["traceback"] = false },
                    ["extra"] = new JsonObject { ["event_id"] = EventId, ["event_name"] = EventName },
                    ["file"] = new JsonObject { ["name"] = module, ["path"] = Category },
                    ["function"] = EventName ?? string.Empty,
                    ["level"] = new JsonObject { ["icon"] = Icon(Level), ["name"] = level, ["no"] = Number(Level) },
                    ["line"] = 0,
                    ["message"] = Message,
                    ["module"] = module,
                    ["name"] = Category,
                    ["process"] = new JsonObject { ["id"] = Environment.ProcessId, ["name"] = "quartier" },
                    ["thread"] = new JsonObject { ["id"] = ThreadId, ["name"] = ThreadName ?? "thread-" + ThreadId.ToString(CultureInfo.InvariantCulture) },
                    ["time"] = new JsonObject { ["repr"] = time, ["timestamp"] = Time.ToUnixTimeMilliseconds() / 1000.0 },
                },
            };
        }

        private static int Number(LogLevel level) => level switch
        {
            LogLevel.Trace => 5,
            LogLevel.Debug => 10,
            LogLevel.Information => 20,
            LogLevel.Warning => 30,
            LogLevel.Error => 40,
            _ => 50,
        };

        private static string Icon(LogLevel level) => level switch
        {
            LogLevel.Trace => "✏️",
            LogLevel.Debug => "🐞",
            LogLevel.Information => "ℹ️",
            LogLevel.Warning => "⚠️",
            LogLevel.Error => "❌",
            _ => "☠️",
        };
    }

    private sealed class Logger(EosLogBuffer buffer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var now = buffer._clock.GetUtcNow();
            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += " (" + exception.GetType().Name + ": " + exception.Message + ")";
            }

            var thread = Environment.CurrentManagedThreadId;
            buffer.Add(new Entry(now, now - buffer._started, logLevel, category, eventId.Id, eventId.Name, message, exception, thread, Thread.CurrentThread.Name));
        }
    }
}
