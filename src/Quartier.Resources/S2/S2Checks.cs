using System.Globalization;
using System.Text.RegularExpressions;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;

namespace Quartier.Resources.S2;

/// <summary>The rule checks behind <see cref="S2Validator"/>; collects errors with schema-named paths.</summary>
internal sealed partial class S2Checks
{
    private const int Unbounded = int.MaxValue;

    private readonly List<S2ValidationError> _errors = [];

    public IReadOnlyList<S2ValidationError> Errors => _errors;

    // ---- common messages ----

    public void MessageId(S2IdentifiedMessage m) => Id("message_id", m.MessageId);

    public void Handshake(Handshake m)
    {
        MessageId(m);
        if (m.SupportedProtocolVersions is { } versions)
        {
            Count("supported_protocol_versions", versions, 1, Unbounded);
        }
        else if (m.Role == EnergyManagementRole.Rm)
        {
            Add(S2Rules.HandshakeProtocolVersions, "supported_protocol_versions", "a resource manager's handshake must list its supported protocol versions");
        }
    }

    public void InstructionStatusUpdate(InstructionStatusUpdate m)
    {
        MessageId(m);
        Id("instruction_id", m.InstructionId);
    }

    public void PowerForecast(PowerForecast m)
    {
        MessageId(m);
        if (Count("elements", m.Elements, 1, 288))
        {
            for (int i = 0; i < m.Elements.Count; i++)
            {
                var path = At("elements", i);
                if (NotNull(path, m.Elements[i]))
                {
                    NonNegative(Join(path, "duration"), m.Elements[i].Duration);
                    PowerForecastValues(Join(path, "power_values"), m.Elements[i].PowerValues);
                }
            }
        }
    }

    public void PowerMeasurement(PowerMeasurement m)
    {
        MessageId(m);
        if (Count("values", m.Values, 1, 10))
        {
            OnePerQuantity("values", m.Values, v => v.CommodityQuantity);
        }
    }

    public void ResourceManagerDetails(ResourceManagerDetails m)
    {
        MessageId(m);
        Id("resource_id", m.ResourceId);
        if (Count("roles", m.Roles, 1, 3))
        {
            for (int i = 0; i < m.Roles.Count; i++)
            {
                NotNull(At("roles", i), m.Roles[i]);
            }
        }

        NonNegative("instruction_processing_delay", m.InstructionProcessingDelay);
        Count("available_control_types", m.AvailableControlTypes, 1, 5);
        Count("provides_power_measurement_types", m.ProvidesPowerMeasurementTypes, 1, 10);
    }

    // ---- instructions and statuses shared by FRBC, OMBC and DDBC ----

    public void Instruction(S2IdentifiedMessage m, string id, string? actuatorId, string modeName, string modeId, double factor)
    {
        MessageId(m);
        Id("id", id);
        if (m is not OmbcInstruction)
        {
            Id("actuator_id", actuatorId);
        }

        Id(modeName, modeId);
        Factor("operation_mode_factor", factor);
    }

    public void Status(S2IdentifiedMessage m, string? actuatorId, string activeModeId, double factor, string? previousModeId)
    {
        MessageId(m);
        if (m is not OmbcStatus)
        {
            Id("actuator_id", actuatorId);
        }

        Id("active_operation_mode_id", activeModeId);
        Factor("operation_mode_factor", factor);
        if (previousModeId is not null)
        {
            Id("previous_operation_mode_id", previousModeId);
        }
    }

    public void TimerStatus(S2IdentifiedMessage m, string timerId, string? actuatorId)
    {
        MessageId(m);
        Id("timer_id", timerId);
        if (m is not OmbcTimerStatus)
        {
            Id("actuator_id", actuatorId);
        }
    }

    // ---- FRBC ----

    public void FrbcSystemDescription(FrbcSystemDescription m)
    {
        MessageId(m);
        var storage = NotNull("storage", m.Storage) ? m.Storage : null;
        var storageRange = storage is not null && Range("storage.fill_level_range", storage.FillLevelRange) ? storage.FillLevelRange : null;
        if (!Count("actuators", m.Actuators, 1, 10))
        {
            return;
        }

        Actuators(
            m.Actuators,
            a => (a.Id, a.SupportedCommodities, a.OperationModes, a.Transitions, a.Timers),
            "supported_commodities",
            o => o.Id,
            "id",
            (mode, modePath, supported) =>
            {
                var elementsPath = Join(modePath, "elements");
                if (!Count(elementsPath, mode.Elements, 1, 100))
                {
                    return;
                }

                var fillLevels = new NumberRange?[mode.Elements.Count];
                for (int e = 0; e < mode.Elements.Count; e++)
                {
                    var element = mode.Elements[e];
                    var elementPath = At(elementsPath, e);
                    if (!NotNull(elementPath, element))
                    {
                        continue;
                    }

                    var fillPath = Join(elementPath, "fill_level_range");
                    if (Range(fillPath, element.FillLevelRange, strict: true))
                    {
                        fillLevels[e] = element.FillLevelRange;
                        WithinStorage(fillPath, element.FillLevelRange, storageRange);
                    }

                    Range(Join(elementPath, "fill_rate"), element.FillRate);
                    supported(Join(elementPath, "power_ranges"), element.PowerRanges);
                    OptionalRange(Join(elementPath, "running_costs"), element.RunningCosts);
                }

                Contiguous(elementsPath, fillLevels);
            });
    }

    public void FrbcLeakageBehaviour(FrbcLeakageBehaviour m)
    {
        MessageId(m);
        if (!Count("elements", m.Elements, 1, 288))
        {
            return;
        }

        var fillLevels = new NumberRange?[m.Elements.Count];
        for (int e = 0; e < m.Elements.Count; e++)
        {
            var path = At("elements", e);
            if (NotNull(path, m.Elements[e]) && Range(Join(path, "fill_level_range"), m.Elements[e].FillLevelRange, strict: true))
            {
                fillLevels[e] = m.Elements[e].FillLevelRange;
            }
        }

        Contiguous("elements", fillLevels);
    }

    public void FrbcUsageForecast(FrbcUsageForecast m)
    {
        MessageId(m);
        if (!Count("elements", m.Elements, 1, 288))
        {
            return;
        }

        for (int e = 0; e < m.Elements.Count; e++)
        {
            var path = At("elements", e);
            var x = m.Elements[e];
            if (NotNull(path, x))
            {
                NonNegative(Join(path, "duration"), x.Duration);
                ForecastOrder(path, "usage_rate_", x.UsageRateLowerLimit, x.UsageRateLower95Ppr, x.UsageRateLower68Ppr, x.UsageRateExpected, x.UsageRateUpper68Ppr, x.UsageRateUpper95Ppr, x.UsageRateUpperLimit);
            }
        }
    }

    public void FrbcFillLevelTargetProfile(FrbcFillLevelTargetProfile m)
    {
        MessageId(m);
        if (!Count("elements", m.Elements, 1, 288))
        {
            return;
        }

        for (int e = 0; e < m.Elements.Count; e++)
        {
            var path = At("elements", e);
            if (NotNull(path, m.Elements[e]))
            {
                NonNegative(Join(path, "duration"), m.Elements[e].Duration);
                Range(Join(path, "fill_level_range"), m.Elements[e].FillLevelRange);
            }
        }
    }

    // ---- OMBC ----

    public void OmbcSystemDescription(OmbcSystemDescription m)
    {
        MessageId(m);
        var modeIds = new HashSet<string>(StringComparer.Ordinal);
        if (Count("operation_modes", m.OperationModes, 1, 100))
        {
            UniqueIds("operation_modes", m.OperationModes, o => o?.Id, "id");
            for (int o = 0; o < m.OperationModes.Count; o++)
            {
                var mode = m.OperationModes[o];
                var path = At("operation_modes", o);
                if (!NotNull(path, mode))
                {
                    continue;
                }

                Id(Join(path, "id"), mode.Id);
                modeIds.Add(mode.Id);
                PowerRanges(Join(path, "power_ranges"), mode.PowerRanges);
                OptionalRange(Join(path, "running_costs"), mode.RunningCosts);
            }
        }

        TransitionsAndTimers(string.Empty, m.Transitions, m.Timers, modeIds);
    }

    // ---- DDBC ----

    public void DdbcSystemDescription(DdbcSystemDescription m)
    {
        MessageId(m);
        Range("present_demand_rate", m.PresentDemandRate);
        if (!Count("actuators", m.Actuators, 1, 10))
        {
            return;
        }

        Actuators(
            m.Actuators,
            a => (a.Id, a.SupportedCommodities, a.OperationModes, a.Transitions, a.Timers),
            "supported_commodites",
            o => o.Id,
            "Id",
            (mode, modePath, supported) =>
            {
                supported(Join(modePath, "power_ranges"), mode.PowerRanges);
                Range(Join(modePath, "supply_range"), mode.SupplyRange);
                OptionalRange(Join(modePath, "running_costs"), mode.RunningCosts);
            });
    }

    public void DdbcAverageDemandRateForecast(DdbcAverageDemandRateForecast m)
    {
        MessageId(m);
        if (!Count("elements", m.Elements, 1, 288))
        {
            return;
        }

        for (int e = 0; e < m.Elements.Count; e++)
        {
            var path = At("elements", e);
            var x = m.Elements[e];
            if (NotNull(path, x))
            {
                NonNegative(Join(path, "duration"), x.Duration);
                ForecastOrder(path, "demand_rate_", x.DemandRateLowerLimit, x.DemandRateLower95Ppr, x.DemandRateLower68Ppr, x.DemandRateExpected, x.DemandRateUpper68Ppr, x.DemandRateUpper95Ppr, x.DemandRateUpperLimit);
            }
        }
    }

    // ---- PPBC ----

    public void PpbcPowerProfileDefinition(PpbcPowerProfileDefinition m)
    {
        MessageId(m);
        Id("id", m.Id);
        After("end_time", m.EndTime, "start_time", m.StartTime);
        if (!Count("power_sequences_containers", m.PowerSequencesContainers, 1, 1000))
        {
            return;
        }

        UniqueIds("power_sequences_containers", m.PowerSequencesContainers, c => c?.Id, "id");
        for (int c = 0; c < m.PowerSequencesContainers.Count; c++)
        {
            var container = m.PowerSequencesContainers[c];
            var path = At("power_sequences_containers", c);
            if (!NotNull(path, container))
            {
                continue;
            }

            Id(Join(path, "id"), container.Id);
            var sequencesPath = Join(path, "power_sequences");
            if (!Count(sequencesPath, container.PowerSequences, 1, 288))
            {
                continue;
            }

            UniqueIds(sequencesPath, container.PowerSequences, s => s?.Id, "id");
            for (int s = 0; s < container.PowerSequences.Count; s++)
            {
                var sequence = container.PowerSequences[s];
                var sequencePath = At(sequencesPath, s);
                if (!NotNull(sequencePath, sequence))
                {
                    continue;
                }

                Id(Join(sequencePath, "id"), sequence.Id);
                OptionalNonNegative(Join(sequencePath, "max_pause_before"), sequence.MaxPauseBefore);
                var elementsPath = Join(sequencePath, "elements");
                if (!Count(elementsPath, sequence.Elements, 1, 288))
                {
                    continue;
                }

                for (int e = 0; e < sequence.Elements.Count; e++)
                {
                    var elementPath = At(elementsPath, e);
                    if (NotNull(elementPath, sequence.Elements[e]))
                    {
                        NonNegative(Join(elementPath, "duration"), sequence.Elements[e].Duration);
                        PowerForecastValues(Join(elementPath, "power_values"), sequence.Elements[e].PowerValues);
                    }
                }
            }
        }
    }

    public void PpbcPowerProfileStatus(PpbcPowerProfileStatus m)
    {
        MessageId(m);
        if (!Count("sequence_container_status", m.SequenceContainerStatus, 1, 1000))
        {
            return;
        }

        var seen = new Dictionary<(string, string), int>();
        for (int i = 0; i < m.SequenceContainerStatus.Count; i++)
        {
            var status = m.SequenceContainerStatus[i];
            var path = At("sequence_container_status", i);
            if (!NotNull(path, status))
            {
                continue;
            }

            Id(Join(path, "power_profile_id"), status.PowerProfileId);
            Id(Join(path, "sequence_container_id"), status.SequenceContainerId);
            if (status.PowerProfileId is not null && status.SequenceContainerId is not null
                && !seen.TryAdd((status.PowerProfileId, status.SequenceContainerId), i))
            {
                Add(S2Rules.UniqueId, Join(path, "sequence_container_id"), $"container '{status.SequenceContainerId}' of profile '{status.PowerProfileId}' already has a status at {At("sequence_container_status", seen[(status.PowerProfileId, status.SequenceContainerId)])}");
            }

            if (status.SelectedSequenceId is not null)
            {
                Id(Join(path, "selected_sequence_id"), status.SelectedSequenceId);
            }

            OptionalNonNegative(Join(path, "progress"), status.Progress);
            var name = S2EnumNames.Of(status.Status);
            if (status.Status is PpbcPowerSequenceStatus.Scheduled or PpbcPowerSequenceStatus.Executing or PpbcPowerSequenceStatus.Interrupted or PpbcPowerSequenceStatus.Finished
                && status.SelectedSequenceId is null)
            {
                Add(S2Rules.SequenceStatus, Join(path, "selected_sequence_id"), $"status {name} needs the selected sequence; only NOT_SCHEDULED (or ABORTED) may go without");
            }

            if (status.Status is PpbcPowerSequenceStatus.Executing or PpbcPowerSequenceStatus.Interrupted or PpbcPowerSequenceStatus.Finished
                && status.Progress is null)
            {
                Add(S2Rules.SequenceStatus, Join(path, "progress"), $"status {name} means the sequence has started, so progress must be given");
            }
        }
    }

    public void PpbcSequenceInstruction(PpbcSequenceInstruction m)
    {
        MessageId(m);
        Id("id", m.Id);
        Id("power_profile_id", m.PowerProfileId);
        Id("sequence_container_id", m.SequenceContainerId);
        Id("power_sequence_id", m.PowerSequenceId);
    }

    // ---- PEBC ----

    public void PebcPowerConstraints(PebcPowerConstraints m)
    {
        MessageId(m);
        Id("id", m.Id);
        if (m.ValidUntil is { } until)
        {
            After("valid_until", until, "valid_from", m.ValidFrom);
        }

        if (!Count("allowed_limit_ranges", m.AllowedLimitRanges, 2, 100))
        {
            return;
        }

        bool upper = false, lower = false;
        for (int i = 0; i < m.AllowedLimitRanges.Count; i++)
        {
            var range = m.AllowedLimitRanges[i];
            var path = At("allowed_limit_ranges", i);
            if (NotNull(path, range))
            {
                upper |= range.LimitType == PebcPowerEnvelopeLimitType.UpperLimit;
                lower |= range.LimitType == PebcPowerEnvelopeLimitType.LowerLimit;
                Range(Join(path, "range_boundary"), range.RangeBoundary);
            }
        }

        if (!upper || !lower)
        {
            Add(S2Rules.LimitTypesPresent, "allowed_limit_ranges", $"needs at least one UPPER_LIMIT and one LOWER_LIMIT range; {(upper ? "LOWER_LIMIT" : "UPPER_LIMIT")} is missing");
        }
    }

    public void PebcEnergyConstraint(PebcEnergyConstraint m)
    {
        MessageId(m);
        Id("id", m.Id);
        After("valid_until", m.ValidUntil, "valid_from", m.ValidFrom);
        if (!(m.LowerAveragePower <= m.UpperAveragePower))
        {
            Add(S2Rules.LimitOrder, "upper_average_power", $"upper_average_power {F(m.UpperAveragePower)} is below lower_average_power {F(m.LowerAveragePower)}");
        }
    }

    public void PebcInstruction(PebcInstruction m)
    {
        MessageId(m);
        Id("id", m.Id);
        Id("power_constraints_id", m.PowerConstraintsId);
        if (!Count("power_envelopes", m.PowerEnvelopes, 1, 10))
        {
            return;
        }

        UniqueIds("power_envelopes", m.PowerEnvelopes, e => e?.Id, "id");
        OnePerQuantity("power_envelopes", m.PowerEnvelopes, e => e.CommodityQuantity);
        for (int i = 0; i < m.PowerEnvelopes.Count; i++)
        {
            var envelope = m.PowerEnvelopes[i];
            var path = At("power_envelopes", i);
            if (envelope is null)
            {
                continue;
            }

            Id(Join(path, "id"), envelope.Id);
            var elementsPath = Join(path, "power_envelope_elements");
            if (!Count(elementsPath, envelope.PowerEnvelopeElements, 1, 288))
            {
                continue;
            }

            for (int e = 0; e < envelope.PowerEnvelopeElements.Count; e++)
            {
                var element = envelope.PowerEnvelopeElements[e];
                var elementPath = At(elementsPath, e);
                if (!NotNull(elementPath, element))
                {
                    continue;
                }

                NonNegative(Join(elementPath, "duration"), element.Duration);
                if (!(element.LowerLimit <= element.UpperLimit))
                {
                    Add(S2Rules.LimitOrder, Join(elementPath, "lower_limit"), $"lower_limit {F(element.LowerLimit)} is above upper_limit {F(element.UpperLimit)}");
                }
            }
        }
    }
}
