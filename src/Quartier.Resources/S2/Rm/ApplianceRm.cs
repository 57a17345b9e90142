using Quartier.Resources.Devices;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A dishwasher as a PPBC resource manager: <see cref="HomeApplianceResource"/> running a two-hour programme (quarter hours
/// of 2000, 2000, 150, 150, 150, 150, 1800, 100 W; 1.625 kWh) once a day, starting and ending between 09:00 and 17:00 UTC.
/// Each day it offers a new <c>PPBC.PowerProfileDefinition</c> (container <c>run</c>, sequence <c>RUN</c>); a second start
/// on the same day, a start outside the window or an interruption of the running programme is refused by the resource.
/// </summary>
public sealed class ApplianceRm : RmDevice
{
    private const string Container = "run";
    private const string Sequence = "RUN";
    private static readonly double[] ProgrammeW = [2000, 2000, 150, 150, 150, 150, 1800, 100];
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly List<RT.InstructionStatusUpdate> _updates = [];
    private HomeApplianceResource? _appliance;
    private DateTime _day;
    private string? _runningInstruction;

    public ApplianceRm(string resourceId)
        : base(resourceId)
    {
    }

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.PowerProfileBasedControl;

    /// <summary>The id of the power profile offered for the day of <paramref name="at"/>.</summary>
    public string ProfileId(DateTimeOffset at) => $"{ResourceId}-{at.UtcDateTime:yyyyMMdd}";

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("dishwasher", "dishwasher eco 2 h", RoleType.EnergyConsumer);

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now)
    {
        NewDay(now);
        yield return Definition(now);
    }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        if (now.UtcDateTime.Date != _day)
        {
            foreach (var m in Describe(now))
            {
                yield return m;
            }
        }

        var status = _appliance!.Status(now);
        if (_runningInstruction is { } id && status == RT.PowerSequenceStatus.Finished)
        {
            _updates.Add(new RT.InstructionStatusUpdate(id, Container, RT.InstructionStatus.Succeeded, now));
            _runningInstruction = null;
        }

        var selected = status == RT.PowerSequenceStatus.NotScheduled ? null : Sequence;
        var progress = status is RT.PowerSequenceStatus.Executing or RT.PowerSequenceStatus.Interrupted or RT.PowerSequenceStatus.Finished
            ? Duration.FromTimeSpan(_appliance.Simulation.Progress(Container, now))
            : (Duration?)null;
        if (Changed("profile", $"{ProfileId(now)}|{status}"))
        {
            yield return new PpbcPowerProfileStatus
            {
                MessageId = S2Connection.NewId(),
                SequenceContainerStatus =
                [
                    new PpbcPowerSequenceContainerStatus
                    {
                        PowerProfileId = ProfileId(now),
                        SequenceContainerId = Container,
                        SelectedSequenceId = selected,
                        Progress = progress,
                        Status = Wire(status),
                    },
                ],
            };
        }
    }

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds)
    {
        if (_appliance is null)
        {
            NewDay(at);
        }

        return _appliance!.Step(at, seconds).PowerW;
    }

    /// <inheritdoc />
    public override string? CheckReferences(S2IdentifiedMessage instruction)
    {
        if (instruction is not PpbcSequenceInstruction m)
        {
            return $"{instruction?.MessageType} does not fit the selected control type POWER_PROFILE_BASED_CONTROL";
        }

        if (m.PowerProfileId != ProfileId(m.ExecutionTime) && m.PowerProfileId != ProfileId(new DateTimeOffset(_day, TimeSpan.Zero)))
        {
            return $"no power profile '{m.PowerProfileId}'; the present one is '{ProfileId(new DateTimeOffset(_day, TimeSpan.Zero))}'";
        }

        return m.SequenceContainerId != Container ? $"power profile '{m.PowerProfileId}' has no sequence container '{m.SequenceContainerId}'; valid: {Container}"
            : m.PowerSequenceId != Sequence ? $"sequence container '{Container}' has no power sequence '{m.PowerSequenceId}'; valid: {Sequence}"
            : null;
    }

    /// <inheritdoc />
    public override string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at)
    {
        var m = (PpbcSequenceInstruction)instruction;
        if (at.UtcDateTime.Date != _day)
        {
            NewDay(at);
        }

        var outcome = m switch
        {
            PpbcStartInterruptionInstruction => _appliance!.Instruct(ApplianceMode.Off, at),
            _ => _appliance!.Instruct(ApplianceMode.Run, at),
        };
        if (!outcome.IsAccepted)
        {
            _updates.Add(new RT.InstructionStatusUpdate(m.Id, Container, RT.InstructionStatus.Rejected, at, outcome.Reason));
            return outcome.Reason;
        }

        _updates.Add(new RT.InstructionStatusUpdate(m.Id, Container, RT.InstructionStatus.Accepted, at));
        _updates.Add(new RT.InstructionStatusUpdate(m.Id, Container, RT.InstructionStatus.Started, at));
        if (m is PpbcScheduleInstruction)
        {
            _runningInstruction = m.Id;
        }
        else
        {
            _updates.Add(new RT.InstructionStatusUpdate(m.Id, Container, RT.InstructionStatus.Succeeded, at));
        }

        return null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates()
    {
        var updates = _updates.ToArray();
        _updates.Clear();
        return updates;
    }

    private static PpbcPowerSequenceStatus Wire(RT.PowerSequenceStatus status) => status switch
    {
        RT.PowerSequenceStatus.NotScheduled => PpbcPowerSequenceStatus.NotScheduled,
        RT.PowerSequenceStatus.Scheduled => PpbcPowerSequenceStatus.Scheduled,
        RT.PowerSequenceStatus.Executing => PpbcPowerSequenceStatus.Executing,
        RT.PowerSequenceStatus.Interrupted => PpbcPowerSequenceStatus.Interrupted,
        RT.PowerSequenceStatus.Finished => PpbcPowerSequenceStatus.Finished,
        _ => PpbcPowerSequenceStatus.Aborted,
    };

    private static (DateTimeOffset Start, DateTimeOffset End) Window(DateTime day) =>
        (new DateTimeOffset(day, TimeSpan.Zero).AddHours(9), new DateTimeOffset(day, TimeSpan.Zero).AddHours(17));

    private void NewDay(DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date;
        if (_appliance is not null && day == _day)
        {
            return;
        }

        // yesterday's run ended by 17:00; today one start is allowed, within today's window
        _appliance = new HomeApplianceResource(ResourceId, ProgrammeW, Quarter, interruptible: false, [Window(day)]);
        _appliance.BeginHorizon(new DateTimeOffset(day, TimeSpan.Zero), new DateTimeOffset(day.AddDays(1), TimeSpan.Zero));
        _day = day;
    }

    private PpbcPowerProfileDefinition Definition(DateTimeOffset now)
    {
        var (start, end) = Window(now.UtcDateTime.Date);
        return new PpbcPowerProfileDefinition
        {
            MessageId = S2Connection.NewId(),
            Id = ProfileId(now),
            StartTime = start,
            EndTime = end,
            PowerSequencesContainers =
            [
                new PpbcPowerSequenceContainer
                {
                    Id = Container,
                    PowerSequences =
                    [
                        new PpbcPowerSequence
                        {
                            Id = Sequence,
                            IsInterruptible = false,
                            AbnormalConditionOnly = false,
                            Elements = [.. ProgrammeW.Select(w => new PpbcPowerSequenceElement
                            {
                                Duration = Duration.FromTimeSpan(Quarter),
                                PowerValues = [new PowerForecastValue { ValueExpected = w, CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric }],
                            })],
                        },
                    ],
                },
            ],
        };
    }
}
