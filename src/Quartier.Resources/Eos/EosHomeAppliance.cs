namespace Quartier.Resources.Eos;

/// <summary>
/// EOS's shiftable appliance: a run of <c>duration_h</c> hours spreading <c>consumption_wh</c> evenly, started at an hour
/// the time windows allow. Without windows EOS uses one window from 00:00 lasting the whole horizon.
/// </summary>
internal sealed class EosHomeAppliance
{
    private readonly EosApplianceParameters _parameters;
    private readonly bool[] _startAllowed;
    private readonly int _earliestHour;
    private readonly int _latestHour;

    public EosHomeAppliance(EosApplianceParameters parameters, int hours, DateTime day)
    {
        _parameters = parameters;
        LoadCurve = new double[hours];
        var midnight = day.Date;
        var windows = parameters.TimeWindows ?? new TimeWindowSequence([new TimeWindow(TimeSpan.Zero, TimeSpan.FromHours(hours))]);
        var duration = TimeSpan.FromHours(parameters.DurationH);
        _startAllowed = new bool[hours];
        for (int h = 0; h < hours; h++)
        {
            _startAllowed[h] = windows.Contains(midnight.AddHours(h), duration);
        }

        // EOS keeps only the hour of day of these instants (a latest start after midnight becomes an early hour).
        _earliestHour = windows.EarliestStart(duration, midnight) is { } earliest ? earliest.Hour : 0;
        _latestHour = windows.LatestStart(duration, midnight) is { } latest ? latest.Hour : 23;
    }

    /// <summary>Energy per hour of the horizon, Wh, after <see cref="SetStartingTime"/>.</summary>
    public double[] LoadCurve { get; }

    /// <summary>Hours from which a run is allowed (index = hour of the horizon).</summary>
    public IReadOnlyList<bool> StartAllowed => _startAllowed;

    /// <summary>
    /// Schedules the run at <paramref name="startHour"/>; a start the windows forbid moves to the latest allowed hour
    /// of day when the simulation starts no later than that, else to the earliest allowed hour tomorrow (EOS's rule).
    /// Returns the hour actually used.
    /// </summary>
    public int SetStartingTime(int startHour, int simulationStartHour)
    {
        if (!_startAllowed[startHour])
        {
            startHour = simulationStartHour <= _latestHour ? _latestHour : _earliestHour + 24;
        }

        Array.Clear(LoadCurve);
        double perHour = _parameters.ConsumptionWh / _parameters.DurationH;
        if (startHour < LoadCurve.Length)
        {
            int end = Math.Min(startHour + _parameters.DurationH, LoadCurve.Length);
            for (int h = startHour; h < end; h++)
            {
                LoadCurve[h] = perHour;
            }
        }

        return startHour;
    }
}
