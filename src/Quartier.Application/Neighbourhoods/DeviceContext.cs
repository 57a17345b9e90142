namespace Quartier.Application.Neighbourhoods;

/// <summary>Where <see cref="NeighbourhoodCheck"/> is while it checks one device: adds errors that name the house, the device and the field.</summary>
internal sealed class DeviceContext(List<NeighbourhoodError> errors, string path, string house, string device, DeviceKind kind)
{
    public string House => house;

    public string Device => device;

    public void Error(string field, string message) =>
        errors.Add(new NeighbourhoodError($"{path}.{field}", house, device, null, field.Split('.')[^1], $"house {house}, {NeighbourhoodCheck.Kind(kind)} {device}: {message}"));

    private void JobError(int job, string field, string message) =>
        errors.Add(new NeighbourhoodError($"{path}.jobs[{job}].{field}", house, device, job, field, $"house {house}, {NeighbourhoodCheck.Kind(kind)} {device}, job {job + 1}: {message}"));

    /// <summary>The value when it is inside [min, max]; an error when it is outside, or missing and required.</summary>
    public double? Range(string field, double? value, double min, double max, string unit, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Error(field, $"{field} is required ({min} … {max}{(unit.Length > 0 ? " " + unit : string.Empty)})");
            }

            return null;
        }

        if (!(value >= min && value <= max))
        {
            Error(field, $"{field} {value} is outside {min} … {max}{(unit.Length > 0 ? " " + unit : string.Empty)}");
            return null;
        }

        return value;
    }

    /// <summary>A load profile's length in seconds, or null with an error.</summary>
    public double? Profile(string text, double maxSeconds)
    {
        var (times, energy, error) = ProfileText.Parse(text, fromZero: true);
        if (error is not null)
        {
            Error("profile", $"profile {error}");
            return null;
        }

        if (times[^1] > maxSeconds)
        {
            Error("profile", $"profile lasts {times[^1]} s; at most {maxSeconds} s");
            return null;
        }

        if (energy[^1] > 200_000)
        {
            Error("profile", $"profile uses {energy[^1]} Wh; at most 200 kWh a run");
            return null;
        }

        return times[^1];
    }

    /// <summary>How long one run of an appliance or heat pump lasts (its profile, or power for a duration), or null with an error.</summary>
    public double? RunSeconds(Device d)
    {
        if (d.Profile is { Length: > 0 } p)
        {
            return Profile(p, 7 * 86_400);
        }

        var power = Range("power_w", d.PowerW, 1, 100_000, "W", required: true);
        var minutes = Range("duration_min", d.DurationMin, 1, 7 * 1440, "min", required: true);
        return power is null || minutes is null ? null : minutes * 60;
    }

    public void Predictions(Neighbourhood n, IReadOnlyList<Prediction>? predictions)
    {
        if (predictions is null)
        {
            return;
        }

        if (predictions.Count > NeighbourhoodCheck.MaxPredictions)
        {
            Error("predictions", $"{predictions.Count} predictions; at most {NeighbourhoodCheck.MaxPredictions}");
            return;
        }

        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            var field = $"predictions[{i}]";
            if (p is null)
            {
                Error(field, $"prediction {i + 1} is empty");
                continue;
            }

            if (p.IssuedAt < n.Start || p.IssuedAt >= n.End)
            {
                Error(field + ".issued_at", $"prediction {i + 1} is issued at {NeighbourhoodCheck.Show(p.IssuedAt)}, outside the neighbourhood's time span {NeighbourhoodCheck.Show(n.Start)} … {NeighbourhoodCheck.Show(n.End)}");
            }

            if (i > 0 && predictions[i - 1] is { } before && p.IssuedAt <= before.IssuedAt)
            {
                Error(field + ".issued_at", $"prediction {i + 1} is issued at {NeighbourhoodCheck.Show(p.IssuedAt)}, not after prediction {i}");
            }

            var (times, energy, error) = ProfileText.Parse(p.Data ?? string.Empty, fromZero: false);
            if (error is not null)
            {
                Error(field + ".data", $"prediction {i + 1}: {error}");
            }
            else if (times.Any(t => t != Math.Floor(t)))
            {
                Error(field + ".data", $"prediction {i + 1}: times must be whole UNIX seconds");
            }
            else if (times[0] < 946_684_800 || times[^1] > 4_102_444_800)
            {
                Error(field + ".data", $"prediction {i + 1}: times must be UNIX seconds in 2000 … 2099");
            }
            else if (energy[^1] > 100_000_000)
            {
                Error(field + ".data", $"prediction {i + 1}: {energy[^1]} Wh is more than 100 MWh");
            }
        }
    }

    /// <summary>An EV: arrival and departure inside the span, the charge from the initial to the target state reachable at its power.</summary>
    public int Ev(Neighbourhood n, Device d)
    {
        var capacity = Range("capacity_wh", d.CapacityWh, 1_000, 500_000, "Wh", required: true);
        var power = Range("power_w", d.PowerW, 100, 400_000, "W", required: true);
        var initial = Range("initial_soc", d.InitialSoc ?? 0.2, 0, 1, string.Empty);
        var target = Range("target_soc", d.TargetSoc, 0, 1, string.Empty, required: true);
        var ok = capacity is not null && power is not null && initial is not null && target is not null;
        if (d.Arrival is not { } arrival || d.Departure is not { } departure)
        {
            Error(d.Arrival is null ? "arrival" : "departure", "arrival and departure are required");
            return 0;
        }

        if (arrival < n.Start || arrival >= n.End)
        {
            Error("arrival", $"arrival {NeighbourhoodCheck.Show(arrival)} is outside the neighbourhood's time span {NeighbourhoodCheck.Show(n.Start)} … {NeighbourhoodCheck.Show(n.End)}");
            ok = false;
        }

        if (departure <= arrival || departure > n.End)
        {
            Error("departure", $"departure {NeighbourhoodCheck.Show(departure)} must be after the arrival and by the end of the time span {NeighbourhoodCheck.Show(n.End)}");
            ok = false;
        }

        if (ok && target <= initial)
        {
            Error("target_soc", $"target {target} is not above the state of charge at arrival {initial}: nothing to charge");
            ok = false;
        }

        if (ok && (target - initial) * capacity / power * 3600 > (departure - arrival).TotalSeconds)
        {
            var hours = (target!.Value - initial!.Value) * capacity!.Value / power!.Value;
            Error("target_soc", $"charging from {initial} to {target} takes {hours:0.##} h at {power} W, longer than the {(departure - arrival).TotalHours:0.##} h between arrival and departure");
            ok = false;
        }

        return ok ? 1 : 0;
    }

    public void Job(Neighbourhood n, Job? job, int j, double? runSeconds)
    {
        if (job is null)
        {
            JobError(j, "earliest_start", "the job is empty");
            return;
        }

        var span = $"the neighbourhood's time span {NeighbourhoodCheck.Show(n.Start)} … {NeighbourhoodCheck.Show(n.End)}";
        if (job.EarliestStart < n.Start || job.EarliestStart >= n.End)
        {
            JobError(j, "earliest_start", $"earliest start {NeighbourhoodCheck.Show(job.EarliestStart)} is outside {span}");
        }

        if (job.LatestStart < job.EarliestStart)
        {
            JobError(j, "latest_start", $"latest start {NeighbourhoodCheck.Show(job.LatestStart)} is before the earliest start {NeighbourhoodCheck.Show(job.EarliestStart)}");
        }
        else if (job.LatestStart >= n.End)
        {
            JobError(j, "latest_start", $"latest start {NeighbourhoodCheck.Show(job.LatestStart)} is outside {span}");
        }
        else if (runSeconds is { } s && job.LatestStart.AddSeconds(s) > n.End)
        {
            JobError(j, "latest_start", $"a run started at the latest start {NeighbourhoodCheck.Show(job.LatestStart)} lasts {s / 60:0.#} min and ends after {span}");
        }

        if (job.Registered is { } r && (r < n.Start || r > job.LatestStart))
        {
            JobError(j, "registered", $"registered at {NeighbourhoodCheck.Show(r)}: must be in the time span and not after the latest start");
        }
    }
}
