using Quartier.Core.Errors;
using Quartier.Resources.Runtime;
using Quartier.Resources.S2;
using RT = Quartier.Resources.Runtime;
using S2F = Quartier.Resources.S2.Frbc;
using S2O = Quartier.Resources.S2.Ombc;

namespace Quartier.Resources.Bridge;

/// <summary>
/// Turns validated S2 messages (the wire vocabulary in <c>Quartier.Resources.S2</c>) into resource simulations
/// (<c>Quartier.Resources.Runtime</c>): a resource manager's system description becomes a simulation that accepts
/// instructions, runs timers and transitions and integrates the fill level. Every message is checked with
/// <see cref="S2Validator"/> first, so an invalid description fails with the rule it breaks.
/// </summary>
public static class S2ToRuntime
{
    /// <summary>An FRBC model from a system description, with optional leakage behaviour and usage forecast.</summary>
    /// <exception cref="InputException">A message breaks an S2 rule, or a commodity quantity is unknown.</exception>
    public static FrbcModel Frbc(S2F.FrbcSystemDescription description, S2F.FrbcLeakageBehaviour? leakage = null, S2F.FrbcUsageForecast? usage = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        S2Validator.ThrowIfInvalid(description, source);
        if (leakage is not null)
        {
            S2Validator.ThrowIfInvalid(leakage, source);
        }

        if (usage is not null)
        {
            S2Validator.ThrowIfInvalid(usage, source);
        }

        var actuators = new List<FrbcActuator>(description.Actuators.Count);
        foreach (var a in description.Actuators)
        {
            var modes = new List<RT.FrbcOperationMode>(a.OperationModes.Count);
            foreach (var m in a.OperationModes)
            {
                var elements = new List<RT.FrbcOperationModeElement>(m.Elements.Count);
                foreach (var e in m.Elements)
                {
                    elements.Add(new RT.FrbcOperationModeElement(Range(e.FillLevelRange), Range(e.FillRate), Powers(e.PowerRanges)));
                }

                modes.Add(new RT.FrbcOperationMode(m.Id, elements, m.AbnormalConditionOnly));
            }

            actuators.Add(new FrbcActuator(a.Id, modes, Transitions(a.Transitions), Timers(a.Timers)));
        }

        var storage = new FrbcStorage(Range(description.Storage.FillLevelRange), description.Storage.FillLevelLabel);
        FrbcLeakageElement[] leak = leakage is null ? [] : [.. leakage.Elements.Select(e => new FrbcLeakageElement(Range(e.FillLevelRange), e.LeakageRate))];
        var forecast = usage is null ? null : new RT.FrbcUsageForecast(usage.StartTime, [.. usage.Elements.Select(e => new FrbcUsageElement(e.Duration.ToTimeSpan(), e.UsageRateExpected))]);
        return new FrbcModel(actuators, storage, leak, forecast);
    }

    /// <summary>An FRBC simulation from a system description at <paramref name="storage"/>'s fill level (else the bottom of the storage range).</summary>
    public static FrbcSimulation FrbcSimulation(S2F.FrbcSystemDescription description, S2F.FrbcStorageStatus? storage = null, S2F.FrbcLeakageBehaviour? leakage = null, S2F.FrbcUsageForecast? usage = null, string? resourceId = null, string? source = null)
    {
        var model = Frbc(description, leakage, usage, source);
        if (storage is not null)
        {
            S2Validator.ThrowIfInvalid(storage, source);
        }

        double fill = storage?.PresentFillLevel ?? model.Storage.FillLevelRange.Start;
        return new FrbcSimulation(model, fill, resourceId);
    }

    /// <summary>An OMBC model from a system description.</summary>
    /// <exception cref="InputException">The message breaks an S2 rule.</exception>
    public static OmbcModel Ombc(S2O.OmbcSystemDescription description, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        S2Validator.ThrowIfInvalid(description, source);
        var modes = description.OperationModes.Select(m => new RT.OmbcOperationMode(m.Id, Powers(m.PowerRanges), m.AbnormalConditionOnly)).ToArray();
        return new OmbcModel(modes, Transitions(description.Transitions), Timers(description.Timers));
    }

    private static RT.NumberRange Range(S2.NumberRange r) => new(r.StartOfRange, r.EndOfRange);

    private static RT.PowerRange[] Powers(IReadOnlyList<S2.PowerRange> ranges) =>
        [.. ranges.Select(p => new RT.PowerRange(p.StartOfRange, p.EndOfRange, Quantity(p.CommodityQuantity)))];

    private static RT.CommodityQuantity Quantity(S2.CommodityQuantity q)
    {
        var name = S2EnumNames.Of(q);
        return CommodityQuantities.TryParse(name, out var quantity)
            ? quantity
            : throw new InputException($"commodity quantity '{name}' has no runtime counterpart");
    }

    private static ResourceTransition[] Transitions(IReadOnlyList<Transition> transitions) =>
        [.. transitions.Select(t => new ResourceTransition(t.Id, t.From, t.To, [.. t.StartTimers], [.. t.BlockingTimers], t.TransitionDuration?.ToTimeSpan() ?? TimeSpan.Zero, t.AbnormalConditionOnly))];

    private static ResourceTimer[] Timers(IReadOnlyList<S2Timer> timers) =>
        [.. timers.Select(t => new ResourceTimer(t.Id, t.Duration.ToTimeSpan()))];
}
