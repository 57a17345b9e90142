using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.Extensions.Logging;
using Quartier.Core.Errors;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.WebSockets;
using Quartier.Server.Eos;

namespace Quartier.Server.S2;

/// <summary>
/// Hands the EOS energy manager's due instructions to the S2 resource managers connected to this server's CEM: an
/// instruction whose <c>resource_id</c> names a connected S2 resource is sent to it as the S2 message of its control type
/// (<c>FRBCInstruction</c> → <c>FRBC.Instruction</c>, <c>PPBCScheduleInstruction</c> → <c>PPBC.ScheduleInstruction</c> of
/// the resource's own power profile, <c>PEBCInstruction</c> → <c>PEBC.Instruction</c> within the resource's allowed limit
/// ranges), executed now on the CEM's clock; its reception and status updates are recorded on the resource like any
/// other (<c>GET /api/s2/resources/{id}</c>, source <c>eos</c>). From then on the CEM's own planner leaves that resource to
/// the EOS loop. Instructions for resources that are not connected are logged, as without S2.
/// </summary>
public sealed partial class S2InstructionDelivery(IS2Sessions cem, LoggedInstructionDelivery fallback, ILogger<S2InstructionDelivery> log) : IInstructionDelivery
{
    /// <summary>The <see cref="S2InstructionRecord.Source"/> of the instructions this delivers.</summary>
    public const string Source = "eos";

    /// <summary>How long a delivery waits for a connected resource's description.</summary>
    public static readonly TimeSpan DescriptionWait = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task DeliverAsync(string planId, IReadOnlyList<JsonObject> instructions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        var elsewhere = new List<JsonObject>();
        foreach (var i in instructions)
        {
            var resource = EosNodes.AsText(i["resource_id"]);
            if (resource is null || cem.Find(resource) is not { Connected: true } session)
            {
                elsewhere.Add(i);
                continue;
            }

            try
            {
                await Described(session, EosNodes.AsText(i["type"]), cancellation).ConfigureAwait(false);
                var message = ToS2(i, session, cem.Clock.Now);
                var record = cem.Deliver(resource, message, Source);
                Sent(log, planId, resource, record.Summary);
            }
            catch (Exception e) when (e is InputException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                NotSent(log, planId, resource, e.Message);
            }
        }

        if (elsewhere.Count > 0)
        {
            await fallback.DeliverAsync(planId, elsewhere, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives a resource manager that has just connected up to <see cref="DescriptionWait"/> to send the description an
    /// instruction of <paramref name="type"/> needs (its FRBC system description, PPBC power profile or PEBC power
    /// constraints); without it <see cref="ToS2"/> says what is missing.
    /// </summary>
    private static async Task Described(S2CemSession session, string? type, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + DescriptionWait;
        while (DateTime.UtcNow < deadline && session.Connected)
        {
            lock (session.Gate)
            {
                var described = type switch
                {
                    "FRBCInstruction" => session.Frbc is not null,
                    "PPBCScheduleInstruction" => session.PowerProfile is not null,
                    "PEBCInstruction" => session.PowerConstraints is not null,
                    _ => true,
                };
                if (described)
                {
                    return;
                }
            }

            await Task.Delay(100, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The S2 message for EOS instruction <paramref name="i"/>, fitted to what <paramref name="session"/> described.</summary>
    /// <exception cref="InputException">The instruction's type does not fit the resource, or the resource has not described itself.</exception>
    internal static S2IdentifiedMessage ToS2(JsonObject i, S2CemSession session, DateTimeOffset now)
    {
        var type = EosNodes.AsText(i["type"]);
        var resource = session.ResourceId ?? "?";
        var abnormal = i["abnormal_condition"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        lock (session.Gate)
        {
            switch (type)
            {
                case "FRBCInstruction":
                    var actuators = session.Frbc?.Actuators ?? throw new InputException($"resource '{resource}' has sent no FRBC system description", elementId: resource);
                    var wanted = EosNodes.AsText(i["actuator_id"]);
                    var actuator = actuators.FirstOrDefault(a => a.Id == wanted) ?? (actuators.Count == 1 ? actuators[0]
                        : throw new InputException($"resource '{resource}' has no actuator '{wanted}'; valid: {string.Join(", ", actuators.Select(a => a.Id))}", elementId: resource));
                    return new FrbcInstruction
                    {
                        MessageId = S2Connection.NewId(),
                        Id = S2Connection.NewId(),
                        ActuatorId = actuator.Id,
                        OperationMode = EosNodes.AsText(i["operation_mode_id"]) ?? throw new InputException("an FRBCInstruction without operation_mode_id", elementId: resource),
                        OperationModeFactor = EosNodes.AsLaxDouble(i["operation_mode_factor"]) ?? 0,
                        ExecutionTime = now,
                        AbnormalCondition = abnormal,
                    };
                case "PPBCScheduleInstruction":
                    var profile = session.PowerProfile ?? throw new InputException($"resource '{resource}' has sent no PPBC power profile", elementId: resource);
                    var containerId = EosNodes.AsText(i["sequence_container_id"]);
                    var container = profile.PowerSequencesContainers.FirstOrDefault(c => c.Id == containerId) ?? profile.PowerSequencesContainers[0];
                    var sequenceId = EosNodes.AsText(i["power_sequence_id"]);
                    var sequence = container.PowerSequences.FirstOrDefault(s => s.Id == sequenceId) ?? container.PowerSequences[0];
                    return new PpbcScheduleInstruction
                    {
                        MessageId = S2Connection.NewId(),
                        Id = S2Connection.NewId(),
                        PowerProfileId = profile.Id,
                        SequenceContainerId = container.Id,
                        PowerSequenceId = sequence.Id,
                        ExecutionTime = now,
                        AbnormalCondition = abnormal,
                    };
                case "PEBCInstruction":
                    return Pebc(i, session, resource, now, abnormal);
                default:
                    throw new InputException($"an EOS {type ?? "instruction without type"} cannot be sent to S2 resource '{resource}'", elementId: resource);
            }
        }
    }

    private static PebcInstruction Pebc(JsonObject i, S2CemSession session, string resource, DateTimeOffset now, bool abnormal)
    {
        var constraints = session.PowerConstraints ?? throw new InputException($"resource '{resource}' has sent no PEBC power constraints", elementId: resource);
        var ranges = constraints.AllowedLimitRanges;
        var quantity = ranges.Count > 0 ? ranges[0].CommodityQuantity : CommodityQuantity.ElectricPower3PhaseSymmetric;
        double Clamp(double value, PebcPowerEnvelopeLimitType kind)
        {
            var allowed = ranges.Where(r => r.LimitType == kind && r.CommodityQuantity == quantity).ToArray();
            if (allowed.Length == 0)
            {
                return value;
            }

            var low = allowed.Min(r => Math.Min(r.RangeBoundary.StartOfRange, r.RangeBoundary.EndOfRange));
            var high = allowed.Max(r => Math.Max(r.RangeBoundary.StartOfRange, r.RangeBoundary.EndOfRange));
            return Math.Clamp(value, low, high);
        }

        var elements = new List<PebcPowerEnvelopeElement>();
        var envelope = i["power_envelopes"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
        foreach (var e in envelope?["power_envelope_elements"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var duration = XmlConvert.ToTimeSpan(EosNodes.AsText(e["duration"]) ?? throw new InputException("a power envelope element without duration", elementId: resource));
            var lower = Clamp(EosNodes.AsLaxDouble(e["lower_limit"]) ?? double.NegativeInfinity, PebcPowerEnvelopeLimitType.LowerLimit);
            var upper = Clamp(EosNodes.AsLaxDouble(e["upper_limit"]) ?? double.PositiveInfinity, PebcPowerEnvelopeLimitType.UpperLimit);
            elements.Add(new PebcPowerEnvelopeElement { Duration = Duration.FromTimeSpan(duration), LowerLimit = Math.Min(lower, upper), UpperLimit = upper });
        }

        if (elements.Count == 0)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"a PEBCInstruction for '{resource}' without power envelope elements"), elementId: resource);
        }

        return new PebcInstruction
        {
            MessageId = S2Connection.NewId(),
            Id = S2Connection.NewId(),
            ExecutionTime = now,
            AbnormalCondition = abnormal,
            PowerConstraintsId = constraints.Id,
            PowerEnvelopes = [new PebcPowerEnvelope { Id = S2Connection.NewId(), CommodityQuantity = quantity, PowerEnvelopeElements = elements }],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "EMS plan {PlanId}: sent {Summary} to S2 resource {Resource}")]
    private static partial void Sent(ILogger logger, string planId, string resource, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EMS plan {PlanId}: instruction for S2 resource {Resource} not sent: {Reason}")]
    private static partial void NotSent(ILogger logger, string planId, string resource, string reason);
}
