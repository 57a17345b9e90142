using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// The timers of one actuator (or OMBC resource) and when each finishes (S2 <c>finished_at</c>). Timers are
/// addressed by index (fixed at construction) so checking and starting them allocates nothing; a timer that
/// was never started counts as finished.
/// </summary>
public sealed class TimerSet
{
    private readonly ResourceTimer[] _timers;
    private readonly long[] _durationTicks;
    private readonly long[] _finishedAt;

    /// <summary>Creates the set; every timer starts as finished.</summary>
    public TimerSet(IReadOnlyList<ResourceTimer> timers)
    {
        _timers = new ResourceTimer[timers.Count];
        _durationTicks = new long[timers.Count];
        _finishedAt = new long[timers.Count];
        for (var i = 0; i < timers.Count; i++)
        {
            var timer = timers[i] ?? throw new InputException($"timer {i} is null");
            if (string.IsNullOrWhiteSpace(timer.Id))
            {
                throw new InputException($"timer {i} has no id");
            }

            if (timer.Duration < TimeSpan.Zero)
            {
                throw new InputException($"timer '{timer.Id}' has a negative duration {timer.Duration}", elementId: timer.Id);
            }

            for (var j = 0; j < i; j++)
            {
                if (_timers[j].Id == timer.Id)
                {
                    throw new InputException($"timer id '{timer.Id}' is used twice", elementId: timer.Id);
                }
            }

            _timers[i] = timer;
            _durationTicks[i] = timer.Duration.Ticks;
            _finishedAt[i] = Ticks.Never;
        }
    }

    /// <summary>Number of timers.</summary>
    public int Count => _timers.Length;

    /// <summary>The timer definition at <paramref name="index"/>.</summary>
    public ResourceTimer this[int index] => _timers[index];

    /// <summary>Index of the timer with id <paramref name="timerId"/>, or -1.</summary>
    public int IndexOf(string timerId)
    {
        for (var i = 0; i < _timers.Length; i++)
        {
            if (_timers[i].Id == timerId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>(Re)starts timer <paramref name="index"/> at <paramref name="at"/>: it finishes after its duration.</summary>
    public void Start(int index, DateTimeOffset at) => Start(index, Ticks.Of(at));

    /// <summary>True while timer <paramref name="index"/> has not finished at <paramref name="at"/>.</summary>
    public bool IsRunning(int index, DateTimeOffset at) => IsRunning(index, Ticks.Of(at));

    /// <summary>When timer <paramref name="index"/> finishes (or finished); <see cref="DateTimeOffset.MinValue"/> if never started.</summary>
    public DateTimeOffset FinishedAt(int index) => Ticks.ToTime(_finishedAt[index]);

    /// <summary>When the timer with id <paramref name="timerId"/> finishes; throws for an unknown id.</summary>
    public DateTimeOffset FinishedAt(string timerId) => FinishedAt(Require(timerId));

    /// <summary>Sets when timer <paramref name="timerId"/> finishes (from a reported S2 <c>TimerStatus</c>).</summary>
    public void SetFinishedAt(string timerId, DateTimeOffset finishedAt) => _finishedAt[Require(timerId)] = Ticks.Of(finishedAt);

    /// <summary>Marks every timer as finished.</summary>
    public void Reset() => Array.Fill(_finishedAt, Ticks.Never);

    internal void Start(int index, long at) => _finishedAt[index] = Ticks.Add(at, _durationTicks[index]);

    internal bool IsRunning(int index, long at) => _finishedAt[index] > at;

    internal long FinishedAtTicks(int index) => _finishedAt[index];

    internal string ValidIds()
    {
        if (_timers.Length == 0)
        {
            return "(none)";
        }

        var names = new string[_timers.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _timers[i].Id;
        }

        return string.Join(", ", names);
    }

    private int Require(string timerId)
    {
        var index = IndexOf(timerId);
        if (index < 0)
        {
            throw new InputException($"unknown timer '{timerId}'; valid: {ValidIds()}", elementId: timerId);
        }

        return index;
    }
}
