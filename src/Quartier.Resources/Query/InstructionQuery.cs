using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Query;

/// <summary>One interval of a query's prediction.</summary>
/// <param name="Start">Start of the interval.</param>
/// <param name="PowerW">Average electric power (W, consumption and charging positive).</param>
/// <param name="FillLevel">Fill level at the end of the interval (NaN for devices without storage).</param>
/// <param name="Mode">The operation mode in effect at the start.</param>
/// <param name="Factor">The factor in effect at the start.</param>
/// <param name="InTransition">Whether a transition runs at the start.</param>
/// <param name="SupplyRate">DDBC: supply rate delivered.</param>
public sealed record PredictedStep(DateTimeOffset Start, double PowerW, double FillLevel, string Mode, double Factor, bool InTransition, double SupplyRate);

/// <summary>
/// The answer to "may this instruction run, and what happens then?": whether the resource accepts it (S2
/// <c>ACCEPTED</c>/<c>REJECTED</c>, with the reason a rejection gives), and the predicted power and fill level over the
/// horizon — with the instruction if accepted, in the present mode if not.
/// </summary>
public sealed record QueryAnswer(
    string ResourceId,
    ControlType ControlType,
    string Mode,
    double Factor,
    DateTimeOffset At,
    bool Accepted,
    string? Reason,
    IReadOnlyList<PredictedStep> Prediction)
{
    /// <summary>S2's instruction status for the answer.</summary>
    public string Status => Accepted ? "ACCEPTED" : "REJECTED";
}

/// <summary>
/// Asks a resource whether it would accept an instruction, on a copy: the device given is simulated forward (the
/// caller passes a copy, e.g. <see cref="BatteryDevice.CopyOf"/>, or a device built for the question), so the live
/// resource is never touched.
/// </summary>
public static class InstructionQuery
{
    /// <summary>Most intervals a prediction may have (a week at one minute).</summary>
    public const int MaxSteps = 10_080;

    /// <summary>
    /// Instructs <paramref name="copy"/> with <paramref name="mode"/>/<paramref name="factor"/> at <paramref name="at"/> and
    /// steps it for <paramref name="horizon"/> in intervals of <paramref name="step"/>.
    /// </summary>
    public static QueryAnswer Ask(S2Device copy, string mode, double factor, DateTimeOffset at, TimeSpan horizon, TimeSpan step, string? actuator = null, bool abnormalCondition = false)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        if (!(step > TimeSpan.Zero) || !(horizon >= step))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), $"the horizon ({horizon}) must hold at least one step ({step})");
        }

        long count = horizon.Ticks / step.Ticks;
        if (count > MaxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), $"{count} steps exceed the {MaxSteps} a prediction may have");
        }

        var outcome = copy.Instruct(mode, factor, at, actuator, abnormalCondition);
        var prediction = new List<PredictedStep>((int)count);
        for (int k = 0; k < count; k++)
        {
            var t = at + (step * k);
            copy.BeforeStep(t);
            var m = copy.EffectiveModeIndex(t);
            var f = copy.EffectiveFactor(t);
            var transition = copy.InTransition(t);
            var r = copy.Step(t, step.TotalSeconds);
            prediction.Add(new PredictedStep(t, r.PowerW, r.FillLevel, copy.ModeIds[m], f, transition, r.SupplyRate));
        }

        return new QueryAnswer(copy.Id, copy.ControlType, mode, factor, at, outcome.IsAccepted, outcome.Reason, prediction);
    }
}
