namespace Quartier.Resources.Eos;

/// <summary>
/// One allowed time window as EOS defines it: a wall-clock start time and a duration, on every day, on one weekday,
/// or on one date. A window belongs to the day it starts on and may run past midnight (22:00 for 5 hours ends at
/// 03:00 the next day).
/// </summary>
/// <remarks>
/// As in EOS, a moment is judged against the window that starts on the moment's own calendar day: 23:00 lies in a
/// 22:00 + 5 h window, 01:00 does not (that would be the previous day's window, which EOS does not consult).
/// When <see cref="Date"/> is set it overrides <see cref="Weekday"/>, as EOS documents.
/// </remarks>
public sealed class TimeWindow
{
    /// <summary>Creates a window; <paramref name="startTime"/> is a time of day, <paramref name="duration"/> positive.</summary>
    public TimeWindow(TimeSpan startTime, TimeSpan duration, DayOfWeek? weekday = null, DateOnly? date = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(startTime, TimeSpan.FromDays(1));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        StartTime = startTime;
        Duration = duration;
        Weekday = weekday;
        Date = date;
    }

    /// <summary>Wall-clock start (time of day).</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Length of the window.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The only weekday the window applies to, or <c>null</c> for every day.</summary>
    public DayOfWeek? Weekday { get; }

    /// <summary>The only date the window applies to, or <c>null</c>; overrides <see cref="Weekday"/>.</summary>
    public DateOnly? Date { get; }

    /// <summary>True when the window exists on the calendar day of <paramref name="day"/>.</summary>
    public bool AppliesTo(DateTime day)
    {
        if (Date is { } date)
        {
            return DateOnly.FromDateTime(day) == date;
        }

        return Weekday is not { } weekday || day.DayOfWeek == weekday;
    }

    /// <summary>True when <paramref name="instant"/> lies in the window that starts on its day (start inclusive, end exclusive).</summary>
    public bool Contains(DateTime instant)
    {
        if (!AppliesTo(instant))
        {
            return false;
        }

        var start = instant.Date + StartTime;
        return start <= instant && instant < start + Duration;
    }

    /// <summary>True when a run from <paramref name="start"/> lasting <paramref name="duration"/> lies entirely in the window that starts on the day of <paramref name="start"/>.</summary>
    public bool Contains(DateTime start, TimeSpan duration) => Contains(start) && start + duration <= start.Date + StartTime + Duration;

    /// <summary>The window's start on the day of <paramref name="day"/> if a run of <paramref name="duration"/> fits in it, else <c>null</c>.</summary>
    public DateTime? EarliestStart(TimeSpan duration, DateTime day) =>
        AppliesTo(day) && duration <= Duration ? day.Date + StartTime : null;

    /// <summary>The latest start on the day of <paramref name="day"/> that lets a run of <paramref name="duration"/> finish within the window, else <c>null</c>.</summary>
    public DateTime? LatestStart(TimeSpan duration, DateTime day) =>
        AppliesTo(day) && duration <= Duration ? day.Date + StartTime + Duration - duration : null;

    /// <inheritdoc/>
    public override string ToString()
    {
        var scope = Date is { } d ? $" on {d:yyyy-MM-dd}" : Weekday is { } w ? $" on {w}s" : " daily";
        return $"{StartTime:hh\\:mm} for {Duration}{scope}";
    }
}
