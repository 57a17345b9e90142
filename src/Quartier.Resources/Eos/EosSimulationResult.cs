namespace Quartier.Resources.Eos;

/// <summary>
/// The outcome of replaying a plan with <see cref="EosSimulation"/>, shaped like EOS's <c>GeneticSimulationResult</c>:
/// per-hour series from the start hour to the end of the horizon (index 0 = the start hour) and totals.
/// SoC series hold the state at the <em>start</em> of each hour; energies are Wh, money in currency.
/// </summary>
public sealed class EosSimulationResult
{
    /// <summary>First simulated hour of the horizon.</summary>
    public required int StartHour { get; init; }

    /// <summary>Hours in the horizon (the series cover <see cref="StartHour"/> … <see cref="Hours"/> − 1).</summary>
    public required int Hours { get; init; }

    /// <summary><c>Last_Wh_pro_Stunde</c>: household load incl. appliance, EV charging and AC battery charging, Wh.</summary>
    public required double[] LoadWhPerHour { get; init; }

    /// <summary><c>Netzeinspeisung_Wh_pro_Stunde</c>: energy exported, Wh.</summary>
    public required double[] GridFeedInWhPerHour { get; init; }

    /// <summary><c>Netzbezug_Wh_pro_Stunde</c>: energy imported, Wh.</summary>
    public required double[] GridConsumptionWhPerHour { get; init; }

    /// <summary><c>Kosten_Euro_pro_Stunde</c>: import cost.</summary>
    public required double[] CostsPerHour { get; init; }

    /// <summary><c>Einnahmen_Euro_pro_Stunde</c>: feed-in revenue.</summary>
    public required double[] RevenuePerHour { get; init; }

    /// <summary><c>Verluste_Pro_Stunde</c>: conversion and curtailment losses, Wh.</summary>
    public required double[] LossesWhPerHour { get; init; }

    /// <summary><c>akku_soc_pro_stunde</c>: PV battery SoC at the start of the hour, % (0 without a battery).</summary>
    public required double[] BatterySocPerHour { get; init; }

    /// <summary><c>EAuto_SoC_pro_Stunde</c>: EV SoC at the start of the hour, % (0 without an EV).</summary>
    public required double[] EvSocPerHour { get; init; }

    /// <summary><c>Home_appliance_wh_per_hour</c>: appliance energy, Wh (0 without a run).</summary>
    public required double[] HomeApplianceWhPerHour { get; init; }

    /// <summary><c>Electricity_price</c>: import price per Wh.</summary>
    public required double[] ElectricityPrice { get; init; }

    /// <summary><c>Gesamtkosten_Euro</c>: total import cost.</summary>
    public required double TotalCosts { get; init; }

    /// <summary><c>Gesamteinnahmen_Euro</c>: total feed-in revenue.</summary>
    public required double TotalRevenue { get; init; }

    /// <summary><c>Gesamtbilanz_Euro</c>: costs − revenue (EOS's fitness).</summary>
    public required double TotalBalance { get; init; }

    /// <summary><c>Gesamt_Verluste</c>: total losses, Wh.</summary>
    public required double TotalLosses { get; init; }

    /// <summary>PV battery SoC after the last hour, % (<c>null</c> without a battery).</summary>
    public double? FinalBatterySocPercentage { get; init; }

    /// <summary>PV battery energy after the last hour, Wh (<c>null</c> without a battery).</summary>
    public double? FinalBatterySocWh { get; init; }

    /// <summary>EV SoC after the last hour, % (<c>null</c> without an EV).</summary>
    public double? FinalEvSocPercentage { get; init; }

    /// <summary>EV energy after the last hour, Wh (<c>null</c> without an EV).</summary>
    public double? FinalEvSocWh { get; init; }

    /// <summary>The AC charge factors replayed (hours before the start zeroed), whole horizon.</summary>
    public required double[] AcCharge { get; init; }

    /// <summary>The DC charge permissions replayed (hours before the start zeroed), whole horizon.</summary>
    public required double[] DcCharge { get; init; }

    /// <summary>The discharge permissions replayed (hours before the start zeroed), whole horizon.</summary>
    public required double[] DischargeAllowed { get; init; }

    /// <summary>The EV charge factors as given in the controls (EOS reports them unchanged), or <c>null</c>.</summary>
    public double[]? EvChargeHours { get; init; }

    /// <summary>The EV charge factors actually used (zeroed before the start, lowered where the EV was nearly full), or <c>null</c> without an EV.</summary>
    public double[]? EvEffectiveChargeArray { get; init; }

    /// <summary>The appliance start hour actually used (EOS moves starts the time windows forbid), or <c>null</c>.</summary>
    public int? WashingStart { get; init; }

    /// <summary>The EV's parameters, for EOS's <c>eauto_obj</c> (<c>null</c> without an EV).</summary>
    public EosBatteryParameters? Ev { get; init; }
}
