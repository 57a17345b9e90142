using Quartier.Optimization.Home;

namespace Quartier.Optimization.Mpc;

/// <summary>
/// A home for <see cref="MpcSimulation"/>: its actual PV and base load per step over the whole run, and its devices.
/// The EV commutes: it leaves every day at <see cref="EvCommute.DepartureHour"/> and comes back at
/// <see cref="EvCommute.ArrivalHour"/> with <see cref="EvCommute.ArrivalSoc"/>, wanting <see cref="EvCommute.TargetSoc"/>
/// by the next departure. The appliance runs once a day inside its window.
/// </summary>
public sealed record MpcHome
{
    public required string Id { get; init; }

    /// <summary>Actual PV generation (W ≥ 0), one value per step of the run.</summary>
    public required double[] PvW { get; init; }

    /// <summary>Actual base load (W ≥ 0), one value per step of the run.</summary>
    public required double[] LoadW { get; init; }

    public HomeBattery? Battery { get; init; }

    public EvCommute? Ev { get; init; }

    public DailyAppliance? Appliance { get; init; }
}

/// <summary>A commuting electric vehicle (hours are local clock hours of the run's start offset).</summary>
public sealed record EvCommute(double CapacityWh, double MaxChargeW, double ChargeEfficiency, int ArrivalHour, int DepartureHour, double ArrivalSoc, double TargetSoc);

/// <summary>An appliance that runs <see cref="ProfileW"/> (per step) once a day, starting no earlier than <see cref="EarliestHour"/> and ending by <see cref="LatestEndHour"/>; without control it starts at <see cref="DefaultStartHour"/>.</summary>
public sealed record DailyAppliance(string Id, double[] ProfileW, int EarliestHour, int LatestEndHour, int DefaultStartHour);
