using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A device behind an S2 resource manager (<see cref="RmSimulator"/>): what it tells the CEM (details, system description,
/// statuses), how it moves (<see cref="Step"/>, through one of Quartier's resource simulations) and how it answers
/// instructions (the simulation accepts or refuses them, with its reason).
/// </summary>
public abstract class RmDevice
{
    private readonly Dictionary<string, string> _lastSent = new(StringComparer.Ordinal);

    protected RmDevice(string resourceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ResourceId = resourceId;
    }

    /// <summary>The S2 resource id.</summary>
    public string ResourceId { get; }

    /// <summary>The control type this device offers.</summary>
    public abstract ControlType ControlType { get; }

    /// <summary>What the resource manager tells the CEM first.</summary>
    public abstract ResourceManagerDetails Details();

    /// <summary>The system description and what goes with it, sent after the control type is selected and whenever it changes.</summary>
    public abstract IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now);

    /// <summary>Status messages that changed since they were last sent (all of them the first time).</summary>
    public abstract IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now);

    /// <summary>Runs the device from <paramref name="at"/> for <paramref name="seconds"/>; its average electric power (W, + = consumption).</summary>
    public abstract double Step(DateTimeOffset at, double seconds);

    /// <summary>Why an instruction is not for this device (unknown ids, wrong control type), checked on reception; null when it is.</summary>
    public abstract string? CheckReferences(S2IdentifiedMessage instruction);

    /// <summary>Executes an instruction at <paramref name="at"/>; the refusal reason, or null when accepted.</summary>
    public abstract string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at);

    /// <summary>Status updates of instructions since the last call (ACCEPTED, STARTED, SUCCEEDED, REJECTED, ABORTED …).</summary>
    public abstract IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates();

    /// <summary>The execution time and id of an instruction message, or null for other messages.</summary>
    public static (string Id, DateTimeOffset At)? InstructionOf(S2Message message) => message switch
    {
        FrbcInstruction m => (m.Id, m.ExecutionTime),
        DdbcInstruction m => (m.Id, m.ExecutionTime),
        OmbcInstruction m => (m.Id, m.ExecutionTime),
        PpbcSequenceInstruction m => (m.Id, m.ExecutionTime),
        PebcInstruction m => (m.Id, m.ExecutionTime),
        _ => null,
    };

    /// <summary>Details common to the simulated devices.</summary>
    protected ResourceManagerDetails DetailsOf(string name, string model, RoleType role, Commodity commodity = Commodity.Electricity, bool forecast = false) => new()
    {
        MessageId = S2Connection.NewId(),
        ResourceId = ResourceId,
        Name = name,
        Roles = [new Role { RoleType = role, Commodity = commodity }],
        Manufacturer = "Quartier",
        Model = model,
        FirmwareVersion = "rm-simulator",
        InstructionProcessingDelay = new Duration(1000),
        AvailableControlTypes = [ControlType],
        ProvidesForecast = forecast,
        ProvidesPowerMeasurementTypes = [CommodityQuantity.ElectricPower3PhaseSymmetric],
    };

    /// <summary>True (and remembered) when <paramref name="content"/> differs from what was last sent under <paramref name="key"/>.</summary>
    protected bool Changed(string key, string content)
    {
        if (_lastSent.TryGetValue(key, out var last) && last == content)
        {
            return false;
        }

        _lastSent[key] = content;
        return true;
    }

    /// <summary>The timers of <paramref name="timers"/> that were started and whose finish changed since last sent (under <paramref name="key"/>).</summary>
    protected IEnumerable<(string Id, DateTimeOffset FinishedAt)> ChangedTimers(RT.TimerSet timers, string key)
    {
        ArgumentNullException.ThrowIfNull(timers);
        for (var t = 0; t < timers.Count; t++)
        {
            var finished = timers.FinishedAt(t);
            if (finished.Year > 1 && Changed($"timer:{key}:{timers[t].Id}", finished.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))
            {
                yield return (timers[t].Id, finished);
            }
        }
    }

    /// <summary>Status updates of <paramref name="log"/> that carry an instruction id, then clears it.</summary>
    protected static IReadOnlyList<RT.InstructionStatusUpdate> Drain(RT.InstructionStatusLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var updates = log.Updates.Where(u => u.InstructionId is not null).ToArray();
        log.Clear();
        return updates;
    }
}
