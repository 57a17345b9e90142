using Quartier.Resources.Devices;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A heat pump as a DDBC resource manager: the CEM must supply the house's heat demand and chooses how. One actuator
/// (<c>heat_pump</c>) with OFF and ON (0 … 6 kW thermal), a one-hour minimum on time and minimum off time (timers
/// <c>MIN_ON</c>, <c>MIN_OFF</c> that block the opposite transition). The physics is <see cref="HeatPumpResource"/>: a 300 Wh/K
/// buffer at 45 … 55 °C takes up what supply and demand differ by, and its FRBC simulation decides acceptance.
/// <para>
/// Heat demand (thermal W, constant per quarter hour, by UTC hour h): outdoor temperature <c>8 + 6·sin(2π(h − 9)/24)</c> °C;
/// space heating <c>250·(18 − T)</c> from 06:00 to 12:00 and from 18:00 to 23:00 (none at night or in the warm afternoon);
/// a hot-water reheat of 2 kW from 12:30 to 13:30.
/// </para>
/// </summary>
public sealed class HeatPumpRm : RmDevice
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly HeatPumpResource _heatPump;
    private readonly double _nominalElectricW;
    private double _describedDemand = double.NaN;
    private DateTimeOffset _forecastAt;

    public HeatPumpRm(string resourceId)
        : base(resourceId)
    {
        _heatPump = new HeatPumpResource(resourceId, new HeatPumpSpec
        {
            MaxThermalPowerW = 6000,
            BufferCapacityWhPerK = 300,
            MinTempC = 45,
            MaxTempC = 55,
            InitialTempC = 50,
            MinOnTime = TimeSpan.FromHours(1),
            MinOffTime = TimeSpan.FromHours(1),
        });
        _heatPump.Simulation.StatusUpdates.Enabled = true;
        _nominalElectricW = _heatPump.Spec.MaxThermalPowerW / _heatPump.Spec.Cop(7, _heatPump.Spec.MaxTempC);
    }

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.DemandDrivenBasedControl;

    /// <summary>Outdoor temperature (°C) at <paramref name="at"/>.</summary>
    public static double OutdoorTempC(DateTimeOffset at) => 8 + (6 * Math.Sin(2 * Math.PI * (HourOf(at) - 9) / 24));

    /// <summary>Heat demand (thermal W) at <paramref name="at"/>, constant over each quarter hour.</summary>
    public static double HeatDemandW(DateTimeOffset at)
    {
        var start = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % Quarter.Ticks), TimeSpan.Zero);
        var h = HourOf(start);
        var heating = (h >= 6 && h < 12) || (h >= 18 && h < 23) ? 250 * (18 - OutdoorTempC(start)) : 0;
        var hotWater = h >= 12.5 && h < 13.5 ? 2000 : 0;
        return heating + hotWater;
    }

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("heat pump", "air-water heat pump 6 kW", RoleType.EnergyConsumer, forecast: false);

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now)
    {
        yield return Description(now);
        _forecastAt = now;
        yield return Forecast(now);
    }

    private DdbcSystemDescription Description(DateTimeOffset now)
    {
        _describedDemand = HeatDemandW(now);
        var model = _heatPump.Simulation.Model.Actuators[0];
        return new DdbcSystemDescription
        {
            MessageId = S2Connection.NewId(),
            ValidFrom = now,
            Actuators =
            [
                new DdbcActuatorDescription
                {
                    Id = HeatPumpResource.ActuatorId,
                    DiagnosticLabel = "heat pump",
                    SupportedCommodities = [Commodity.Electricity],
                    OperationModes =
                    [
                        Mode("OFF", 0, 0),
                        Mode("ON", _heatPump.Spec.MaxThermalPowerW, _nominalElectricW),
                    ],
                    Transitions = [.. model.Transitions.Select(FrbcRmDevice.Transition)],
                    Timers = [.. model.Timers.Select(FrbcRmDevice.Timer)],
                },
            ],
            PresentDemandRate = NumberRange.Of(_describedDemand, _describedDemand),
            ProvidesAverageDemandRateForecast = true,
        };
    }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        if (HeatDemandW(now) != _describedDemand)
        {
            yield return Description(now);
        }

        if (now - _forecastAt >= TimeSpan.FromHours(6))
        {
            _forecastAt = now;
            yield return Forecast(now);
        }

        var sim = _heatPump.Simulation;
        const string Id = HeatPumpResource.ActuatorId;
        var status = new DdbcActuatorStatus
        {
            MessageId = S2Connection.NewId(),
            ActuatorId = Id,
            ActiveOperationModeId = sim.ActiveModeId(Id),
            OperationModeFactor = Math.Round(sim.Factor(Id), 9),
            PreviousOperationModeId = sim.PreviousModeId(Id),
            TransitionTimestamp = sim.TransitionTimestamp(Id),
        };
        if (Changed("actuator", $"{status.ActiveOperationModeId}|{status.OperationModeFactor}|{status.TransitionTimestamp:O}"))
        {
            yield return status;
        }

        foreach (var (timer, finished) in ChangedTimers(sim.Timers(Id), Id))
        {
            yield return new DdbcTimerStatus { MessageId = S2Connection.NewId(), TimerId = timer, ActuatorId = Id, FinishedAt = finished };
        }
    }

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds) =>
        _heatPump.Step(at, seconds, HeatDemandW(at), OutdoorTempC(at)).ElectricW;

    /// <inheritdoc />
    public override string? CheckReferences(S2IdentifiedMessage instruction)
    {
        if (instruction is not DdbcInstruction m)
        {
            return $"{instruction?.MessageType} does not fit the selected control type DEMAND_DRIVEN_BASED_CONTROL";
        }

        if (m.ActuatorId != HeatPumpResource.ActuatorId)
        {
            return $"resource '{ResourceId}' has no actuator '{m.ActuatorId}'; valid: {HeatPumpResource.ActuatorId}";
        }

        return m.OperationModeId is "ON" or "OFF" ? null : $"actuator '{m.ActuatorId}' has no operation mode '{m.OperationModeId}'; valid: OFF, ON";
    }

    /// <inheritdoc />
    public override string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at)
    {
        var m = (DdbcInstruction)instruction;
        var outcome = _heatPump.Simulation.Instruct(m.ActuatorId, m.OperationModeId, m.OperationModeFactor, at, m.AbnormalCondition, m.Id);
        return outcome.IsAccepted ? null : outcome.Reason;
    }

    /// <inheritdoc />
    public override IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates() => Drain(_heatPump.Simulation.StatusUpdates);

    private static double HourOf(DateTimeOffset at) => at.UtcDateTime.TimeOfDay.TotalHours;

    private static DdbcOperationMode Mode(string id, double supplyW, double electricW) => new()
    {
        Id = id,
        DiagnosticLabel = id == "ON" ? "heating" : "off",
        SupplyRange = NumberRange.Of(0, supplyW),
        PowerRanges = [new PowerRange { StartOfRange = 0, EndOfRange = electricW, CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric }],
        AbnormalConditionOnly = false,
    };

    private static DdbcAverageDemandRateForecast Forecast(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Quarter.Ticks), TimeSpan.Zero);
        return new DdbcAverageDemandRateForecast
        {
            MessageId = S2Connection.NewId(),
            StartTime = start,
            Elements = [.. Enumerable.Range(0, 192).Select(i => new DdbcAverageDemandRateForecastElement
            {
                Duration = Duration.FromTimeSpan(Quarter),
                DemandRateExpected = HeatDemandW(start + (Quarter * i)),
            })],
        };
    }
}
