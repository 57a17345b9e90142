using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Resources.Devices;
using Quartier.Resources.Schedules;

namespace Quartier.Simulation.Runs;

/// <summary>
/// Binds an <see cref="InstructionSchedule"/> to a run: every instruction must name a resource of the system that
/// takes instructions (a Battery, or a GenericConsumer S2 device), by id or by a unique name, and lie on the run's
/// step grid between its start and end. Errors name the schedule's file and line.
/// </summary>
public static class ScheduleBinding
{
    /// <summary>Asset kinds whose resources follow a schedule.</summary>
    public static readonly AssetKind[] Kinds = [AssetKind.Battery, AssetKind.GenericConsumer];

    /// <summary>Checks the whole schedule against the system and the grid.</summary>
    public static void Check(EnergySystem system, InstructionSchedule schedule, TimeGrid grid)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(schedule);
        foreach (var i in schedule.Instructions)
        {
            var asset = Resolve(system, i, schedule.Source);
            var t = i.At.UtcDateTime;
            long offset = (long)(t - grid.Start).TotalSeconds;
            if (t < grid.Start || t > grid.End)
            {
                throw new InputException($"the instruction at {InstructionSchedule.Format(i.At)} lies outside the run ({grid.Start:yyyy-MM-ddTHH:mm}Z … {grid.End:yyyy-MM-ddTHH:mm}Z)", schedule.Source, i.Line, i.ResourceId, field: "time");
            }

            if (t != grid.Start.AddSeconds(offset) || offset % grid.StepSeconds != 0)
            {
                throw new InputException($"the instruction at {InstructionSchedule.Format(i.At)} is not on the run's {grid.StepSeconds} s step grid from {grid.Start:yyyy-MM-ddTHH:mm}Z", schedule.Source, i.Line, i.ResourceId, field: "time");
            }

            if (asset.Kind == AssetKind.Battery && !BatteryModes.TryParse(i.Mode, out _))
            {
                throw new InputException($"'{i.Mode}' is not a battery operation mode; valid: {string.Join(", ", BatteryModes.AllIds)}", schedule.Source, i.Line, i.ResourceId, field: "mode");
            }
        }
    }

    /// <summary>The instructions for <paramref name="asset"/> (by id or name), in time order.</summary>
    public static ScheduledInstruction[] For(InstructionSchedule? schedule, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return schedule is null ? [] : [.. schedule.Instructions.Where(i => i.ResourceId == asset.Id || i.ResourceId == asset.Name)];
    }

    private static Asset Resolve(EnergySystem system, ScheduledInstruction i, string source)
    {
        var byId = system.Assets.FirstOrDefault(a => a.Id == i.ResourceId);
        var matches = byId is not null ? [byId] : system.Assets.Where(a => a.Name == i.ResourceId).ToList();
        var valid = string.Join(", ", system.Assets.Where(a => Kinds.Contains(a.Kind)).Select(a => a.Name).Take(20));
        if (matches.Count == 0)
        {
            throw new InputException($"no resource '{i.ResourceId}' in the system; resources that take instructions: {(valid.Length == 0 ? "none" : valid)}", source, i.Line, i.ResourceId, field: "resource");
        }

        if (matches.Count > 1)
        {
            throw new InputException($"{matches.Count} assets are named '{i.ResourceId}'; give the id ({string.Join(", ", matches.Select(a => a.Id))})", source, i.Line, i.ResourceId, field: "resource");
        }

        var asset = matches[0];
        return Kinds.Contains(asset.Kind)
            ? asset
            : throw new InputException($"'{i.ResourceId}' is a {asset.Type}, which takes no instructions; schedules apply to {string.Join(" and ", Kinds)} assets", source, i.Line, i.ResourceId, field: "resource");
    }
}

/// <summary>Walks one resource's scheduled instructions in time order, handing out those due by an instant once each.</summary>
public sealed class ScheduleCursor(ScheduledInstruction[] instructions)
{
    private int _next;

    /// <summary>The resource's instructions, in time order.</summary>
    public ScheduledInstruction[] Instructions { get; } = instructions;

    /// <summary>Whether the resource has any instruction (and so follows its schedule).</summary>
    public bool Any => Instructions.Length > 0;

    /// <summary>The next instruction due at or before <paramref name="now"/> and its index, if there is one.</summary>
    public bool TryNext(DateTimeOffset now, out ScheduledInstruction instruction, out int index)
    {
        index = _next;
        if (_next < Instructions.Length && Instructions[_next].At <= now)
        {
            instruction = Instructions[_next++];
            return true;
        }

        instruction = null!;
        return false;
    }
}
