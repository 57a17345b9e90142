using System.Globalization;

namespace Quartier.Resources.Runtime;

/// <summary>
/// Simulates a PEBC resource: the CEM sends power envelopes (within the allowed limit ranges); the resource's
/// natural power is clamped into the active envelope element. Outside an envelope the power is not limited.
/// A new instruction replaces all envelopes of the previous one. Step allocates nothing.
/// </summary>
public sealed class PebcSimulation
{
    private readonly Envelope?[] _envelopes = new Envelope?[CommodityQuantities.Count];
    private string? _instructionId;
    private long _instructionEnd = long.MinValue;
    private bool _pending;

    /// <summary>Creates the simulation with no envelope active.</summary>
    public PebcSimulation(PebcPowerConstraints constraints, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        Constraints = constraints;
        ResourceId = resourceId;
        StatusUpdates = new InstructionStatusLog(enabled: true);
    }

    /// <summary>The allowed limits.</summary>
    public PebcPowerConstraints Constraints { get; private set; }

    /// <summary>Resource id used in messages (may be null).</summary>
    public string? ResourceId { get; }

    /// <summary>Status updates: ACCEPTED/REJECTED and STARTED at execution, SUCCEEDED when the last envelope element ends.</summary>
    public InstructionStatusLog StatusUpdates { get; }

    /// <summary>Replaces the constraints (S2 <c>PEBC.PowerConstraints</c>); active envelopes stay.</summary>
    public void SetConstraints(PebcPowerConstraints constraints) => Constraints = constraints ?? throw new ArgumentNullException(nameof(constraints));

    /// <summary>
    /// Applies <paramref name="envelopes"/> from <paramref name="executionTime"/> (S2 <c>PEBC.Instruction</c>).
    /// Rejected when the constraints are not valid then, an envelope repeats a quantity, an element has a
    /// non-positive duration or lower &gt; upper, or a limit is outside every allowed range for its quantity and
    /// side (abnormal-only ranges count only under an abnormal condition).
    /// </summary>
    public InstructionOutcome Instruct(IReadOnlyList<PebcPowerEnvelope> envelopes, DateTimeOffset executionTime, bool abnormalCondition = false, string? instructionId = null)
    {
        var at = Ticks.Of(executionTime);
        var reason = Check(envelopes, at, abnormalCondition);
        if (reason is not null)
        {
            var full = ResourceId is null ? reason : $"resource '{ResourceId}': {reason}";
            StatusUpdates.Add(instructionId, null, InstructionStatus.Rejected, at, full);
            return InstructionOutcome.Rejected(full);
        }

        if (_pending)
        {
            StatusUpdates.Add(_instructionId, null, InstructionStatus.Aborted, at, "replaced by a later instruction");
        }

        Array.Clear(_envelopes);
        var end = at;
        foreach (var envelope in envelopes)
        {
            var n = envelope.Elements.Count;
            var ends = new long[n];
            var lower = new double[n];
            var upper = new double[n];
            var t = at;
            for (var i = 0; i < n; i++)
            {
                t = Ticks.Add(t, envelope.Elements[i].Duration.Ticks);
                ends[i] = t;
                lower[i] = envelope.Elements[i].LowerLimit;
                upper[i] = envelope.Elements[i].UpperLimit;
            }

            _envelopes[(int)envelope.Quantity] = new Envelope(at, ends, lower, upper);
            end = Math.Max(end, t);
        }

        _instructionId = instructionId;
        _instructionEnd = end;
        _pending = true;
        StatusUpdates.Add(instructionId, null, InstructionStatus.Accepted, at);
        StatusUpdates.Add(instructionId, null, InstructionStatus.Started, at);
        return InstructionOutcome.Accepted;
    }

    /// <summary>Removes every envelope (the power is no longer limited).</summary>
    public void ClearEnvelopes()
    {
        Array.Clear(_envelopes);
        _pending = false;
    }

    /// <summary>The active limits for <paramref name="quantity"/> at <paramref name="at"/>; false (±∞) when none is active.</summary>
    public bool TryGetLimits(CommodityQuantity quantity, DateTimeOffset at, out double lower, out double upper)
    {
        var t = Ticks.Of(at);
        lower = double.NegativeInfinity;
        upper = double.PositiveInfinity;
        var e = _envelopes[(int)quantity];
        if (e is null || t < e.Start || t >= e.Ends[^1])
        {
            return false;
        }

        for (var i = 0; i < e.Ends.Length; i++)
        {
            if (t < e.Ends[i])
            {
                lower = e.Lower[i];
                upper = e.Upper[i];
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="naturalPower"/> clamped into the envelope active at <paramref name="at"/>.</summary>
    public double Clamp(CommodityQuantity quantity, DateTimeOffset at, double naturalPower) =>
        TryGetLimits(quantity, at, out var lower, out var upper) ? Math.Clamp(naturalPower, lower, upper) : naturalPower;

    /// <summary>
    /// Average power over the step for a constant <paramref name="naturalPower"/>: each part of the step is
    /// clamped into the envelope element active then (unlimited outside the envelope).
    /// </summary>
    public PebcStep Step(DateTimeOffset at, double seconds, CommodityQuantity quantity, double naturalPower)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        var t0 = Ticks.Of(at);
        var t1 = t0 + Ticks.FromSeconds(seconds);
        if (_pending && _instructionEnd <= t1)
        {
            _pending = false;
            StatusUpdates.Add(_instructionId, null, InstructionStatus.Succeeded, _instructionEnd);
        }

        var e = _envelopes[(int)quantity];
        if (e is null || seconds == 0 || t1 <= e.Start || t0 >= e.Ends[^1])
        {
            return new PebcStep(seconds == 0 ? Clamp(quantity, at, naturalPower) : naturalPower, naturalPower);
        }

        var sum = 0.0;
        var covered = 0L;
        var start = e.Start;
        for (var i = 0; i < e.Ends.Length; i++)
        {
            var lo = Math.Max(start, t0);
            var hi = Math.Min(e.Ends[i], t1);
            if (hi > lo)
            {
                sum += Math.Clamp(naturalPower, e.Lower[i], e.Upper[i]) * (hi - lo);
                covered += hi - lo;
            }

            start = e.Ends[i];
        }

        var total = t1 - t0;
        sum += naturalPower * (total - covered);
        return new PebcStep(sum / total, naturalPower);
    }

    private string? Check(IReadOnlyList<PebcPowerEnvelope> envelopes, long at, bool abnormal)
    {
        if (at < Ticks.Of(Constraints.ValidFrom))
        {
            return $"execution time {Ticks.Format(at)} is before power constraints '{Constraints.Id}' are valid ({Ticks.Format(Constraints.ValidFrom)})";
        }

        if (Constraints.ValidUntil is { } until && at >= Ticks.Of(until))
        {
            return $"execution time {Ticks.Format(at)} is after power constraints '{Constraints.Id}' expired ({Ticks.Format(until)})";
        }

        if (envelopes is null || envelopes.Count == 0)
        {
            return "the instruction has no power envelopes";
        }

        for (var i = 0; i < envelopes.Count; i++)
        {
            var env = envelopes[i];
            var q = CommodityQuantities.ToS2(env.Quantity);
            for (var j = 0; j < i; j++)
            {
                if (envelopes[j].Quantity == env.Quantity)
                {
                    return $"power envelopes '{envelopes[j].Id}' and '{env.Id}' both limit {q}; at most one envelope per commodity quantity";
                }
            }

            if (env.Elements is null || env.Elements.Count == 0)
            {
                return $"power envelope '{env.Id}' has no elements";
            }

            for (var k = 0; k < env.Elements.Count; k++)
            {
                var el = env.Elements[k];
                var where = $"power envelope '{env.Id}' element {k}";
                if (el.Duration <= TimeSpan.Zero)
                {
                    return $"{where}: duration {el.Duration} must be > 0";
                }

                if (!(el.LowerLimit <= el.UpperLimit))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{where}: lower_limit {el.LowerLimit} is above upper_limit {el.UpperLimit}");
                }

                var upperReason = CheckLimit(env.Quantity, PebcLimitType.UpperLimit, el.UpperLimit, abnormal);
                if (upperReason is not null)
                {
                    return $"{where}: {upperReason}";
                }

                var lowerReason = CheckLimit(env.Quantity, PebcLimitType.LowerLimit, el.LowerLimit, abnormal);
                if (lowerReason is not null)
                {
                    return $"{where}: {lowerReason}";
                }
            }
        }

        return null;
    }

    private string? CheckLimit(CommodityQuantity quantity, PebcLimitType type, double value, bool abnormal)
    {
        var allowed = new List<string>();
        foreach (var r in Constraints.AllowedLimitRanges ?? [])
        {
            if (r.Quantity != quantity || r.LimitType != type)
            {
                continue;
            }

            if (r.AbnormalConditionOnly && !abnormal)
            {
                allowed.Add($"{r.RangeBoundary} (abnormal condition only)");
                continue;
            }

            if (r.RangeBoundary.Contains(value))
            {
                return null;
            }

            allowed.Add(r.RangeBoundary.ToString());
        }

        var side = type == PebcLimitType.UpperLimit ? "upper_limit" : "lower_limit";
        return allowed.Count == 0
            ? $"power constraints '{Constraints.Id}' allow no {side} for {CommodityQuantities.ToS2(quantity)}"
            : string.Create(CultureInfo.InvariantCulture, $"{side} {value} for {CommodityQuantities.ToS2(quantity)} is outside the allowed ranges {string.Join(", ", allowed)}");
    }

    private sealed record Envelope(long Start, long[] Ends, double[] Lower, double[] Upper);
}
