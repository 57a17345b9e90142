using Quartier.Resources.Devices;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A curtailable 6 kW PV inverter as a PEBC resource manager: <see cref="PvInverterResource"/> under power constraints that
/// let the CEM set the production limit (LOWER_LIMIT −6000 … 0 W, UPPER_LIMIT 0 W; curtailed energy vanishes). Its
/// available power is a clear summer day, <c>5100·sin(π(h − 5)/15)</c> W between 05:00 and 20:00 UTC, which it also sends
/// as a 48-hour <c>PowerForecast</c> (production negative, as S2 counts it).
/// </summary>
public sealed class PvRm : RmDevice
{
    private const double PeakW = 6000;
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly PvInverterResource _pv;
    private DateTimeOffset _forecastAt;

    public PvRm(string resourceId)
        : base(resourceId)
    {
        _pv = new PvInverterResource(resourceId, PeakW);
        _pv.Simulation.StatusUpdates.Enabled = true;
    }

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.PowerEnvelopeBasedControl;

    /// <summary>The id of the power constraints.</summary>
    public string ConstraintsId => $"{ResourceId}-constraints";

    /// <summary>Available PV power (W ≥ 0) at <paramref name="at"/>.</summary>
    public static double AvailableW(DateTimeOffset at)
    {
        var h = at.UtcDateTime.TimeOfDay.TotalHours;
        return h > 5 && h < 20 ? 0.85 * PeakW * Math.Sin(Math.PI * (h - 5) / 15) : 0;
    }

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("PV inverter", "PV 6 kWp", RoleType.EnergyProducer, forecast: true);

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now)
    {
        yield return new PebcPowerConstraints
        {
            MessageId = S2Connection.NewId(),
            Id = ConstraintsId,
            ValidFrom = now,
            ConsequenceType = PebcPowerEnvelopeConsequenceType.Vanish,
            AllowedLimitRanges =
            [
                new PebcAllowedLimitRange { CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric, LimitType = PebcPowerEnvelopeLimitType.LowerLimit, RangeBoundary = NumberRange.Of(-PeakW, 0), AbnormalConditionOnly = false },
                new PebcAllowedLimitRange { CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric, LimitType = PebcPowerEnvelopeLimitType.UpperLimit, RangeBoundary = NumberRange.Of(0, 0), AbnormalConditionOnly = false },
            ],
        };
        _forecastAt = now;
        yield return Forecast(now);
    }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        if (now - _forecastAt >= TimeSpan.FromHours(6))
        {
            _forecastAt = now;
            yield return Forecast(now);
        }
    }

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds)
    {
        var mid = at.AddSeconds(seconds / 2);
        return -_pv.Step(at, seconds, AvailableW(mid)).ProducedW;
    }

    /// <inheritdoc />
    public override string? CheckReferences(S2IdentifiedMessage instruction)
    {
        if (instruction is not PebcInstruction m)
        {
            return $"{instruction?.MessageType} does not fit the selected control type POWER_ENVELOPE_BASED_CONTROL";
        }

        if (m.PowerConstraintsId != ConstraintsId)
        {
            return $"no power constraints '{m.PowerConstraintsId}'; the present ones are '{ConstraintsId}'";
        }

        var other = m.PowerEnvelopes.FirstOrDefault(e => e.CommodityQuantity != CommodityQuantity.ElectricPower3PhaseSymmetric);
        return other is null ? null : $"power envelope '{other.Id}' is for {S2EnumNames.Of(other.CommodityQuantity)}; this inverter limits ELECTRIC.POWER.3_PHASE_SYMMETRIC only";
    }

    /// <inheritdoc />
    public override string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at)
    {
        var m = (PebcInstruction)instruction;
        var envelopes = m.PowerEnvelopes.Select(e => new RT.PebcPowerEnvelope(
            e.Id,
            RT.CommodityQuantity.ElectricPower3PhaseSymmetric,
            [.. e.PowerEnvelopeElements.Select(x => new RT.PebcPowerEnvelopeElement(x.Duration.ToTimeSpan(), x.LowerLimit, x.UpperLimit))])).ToArray();
        var outcome = _pv.Simulation.Instruct(envelopes, at, m.AbnormalCondition, m.Id);
        return outcome.IsAccepted ? null : outcome.Reason;
    }

    /// <inheritdoc />
    public override IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates() => Drain(_pv.Simulation.StatusUpdates);

    private static PowerForecast Forecast(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Quarter.Ticks), TimeSpan.Zero);
        return new PowerForecast
        {
            MessageId = S2Connection.NewId(),
            StartTime = start,
            Elements = [.. Enumerable.Range(0, 192).Select(i => new PowerForecastElement
            {
                Duration = Duration.FromTimeSpan(Quarter),
                PowerValues = [new PowerForecastValue { ValueExpected = -Math.Round(AvailableW(start + (Quarter * (i + 0.5))), 3), CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric }],
            })],
        };
    }
}
