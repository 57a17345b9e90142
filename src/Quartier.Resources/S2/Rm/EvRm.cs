using Quartier.Resources.Devices;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// An electric vehicle at a home charger as an FRBC resource manager: <see cref="EvResource"/> with 60 kWh and 11 kW. It
/// arrives at 18:00 UTC at 30 % and leaves at 07:00 wanting 80 %, told to the CEM as an <c>FRBC.FillLevelTargetProfile</c>;
/// FORCED_CHARGE while it is away is refused by the resource ("not plugged in").
/// </summary>
public sealed class EvRm : FrbcRmDevice
{
    private const int ArrivalHour = 18;
    private const int DepartureHour = 7;
    private const double ArrivalSoc = 0.3;
    private const double TargetSoc = 0.8;
    private readonly EvResource _ev;
    private bool _described;

    public EvRm(string resourceId)
        : base(resourceId)
    {
        _ev = new EvResource(resourceId, new EvSpec { CapacityWh = 60_000, MaxChargePowerW = 11_000, InitialSoc = ArrivalSoc });
        _ev.Simulation.StatusUpdates.Enabled = true;
    }

    /// <inheritdoc />
    protected override RT.FrbcSimulation Simulation => _ev.Simulation;

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("electric vehicle", "EV 60 kWh / 11 kW charger", RoleType.EnergyConsumer);

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now)
    {
        _described = true;
        UpdatePlug(now);
        var description = SystemDescription(Simulation.Model, now);
        yield return description with { Storage = description.Storage with { ProvidesFillLevelTargetProfile = true } };
        if (_ev.Departure is { } departure)
        {
            yield return Target(now, departure);
        }
    }

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds)
    {
        UpdatePlug(at);
        return _ev.Step(at, seconds).PowerW;
    }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        var wasPlugged = _ev.IsPlugged;
        UpdatePlug(now);
        if (_described && !wasPlugged && _ev.Departure is { } departure)
        {
            yield return Target(now, departure);
        }

        foreach (var s in base.Statuses(now))
        {
            yield return s;
        }
    }

    /// <inheritdoc />
    protected override RT.InstructionOutcome Instruct(FrbcInstruction m, double factor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(m);
        UpdatePlug(at);
        return _ev.Instruct(EvModes.Parse(m.OperationMode), factor, at, m.AbnormalCondition, m.Id);
    }

    private static FrbcFillLevelTargetProfile Target(DateTimeOffset now, DateTimeOffset departure) => new()
    {
        MessageId = S2Connection.NewId(),
        StartTime = now,
        Elements =
        [
            new FrbcFillLevelTargetProfileElement { Duration = Duration.FromTimeSpan(departure - now), FillLevelRange = NumberRange.Of(0, 1) },
            new FrbcFillLevelTargetProfileElement { Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)), FillLevelRange = NumberRange.Of(TargetSoc, 1) },
        ],
    };

    private void UpdatePlug(DateTimeOffset at)
    {
        var hour = at.UtcDateTime.Hour;
        var home = hour >= ArrivalHour || hour < DepartureHour;
        if (home && !_ev.IsPlugged)
        {
            var day = at.UtcDateTime.Date;
            var departure = new DateTimeOffset(hour >= ArrivalHour ? day.AddDays(1) : day, TimeSpan.Zero).AddHours(DepartureHour);
            if (hour >= ArrivalHour)
            {
                _ev.SetSoc(ArrivalSoc);
            }

            _ev.Plug(departure, TargetSoc);
        }
        else if (!home && _ev.IsPlugged)
        {
            _ev.Unplug();
        }
    }
}
