using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Dots;

/// <summary>Which grid-tariff measure the EMS prices (DOTS prices one at a time).</summary>
public enum GridTariffKind
{
    None,

    /// <summary><c>static_bandwidth_tariff</c>: energy exchanged beyond capacity × step, EUR/kWh.</summary>
    StaticBandwidth,

    /// <summary><c>variable_tariff</c>: all energy exchanged (import and export), EUR/kWh per step.</summary>
    Variable,

    /// <summary><c>variable_peak_tariff</c>: the plan's highest average kW × EUR/kW, with a one-value memory.</summary>
    VariablePeak,
}

/// <summary>DOTS's 2-node house (air node <c>T_in</c>, fabric node <c>T_out</c>): capacities J/K, conductances W/K, glass m², state and limits in K.</summary>
public sealed record EmsHouse(double CIn, double COut, double KExch, double KFloor, double KVent, double KCond, double GlassM2, double TInK, double TOutK, double MinK, double MaxK, double HorizonK);

/// <summary>
/// An all-electric heat pump with a buffer (space heating) and a hot-water tank with an electric element: nominal heat
/// <see cref="QNominalW"/>, minimum modulation, COPs, capacities (J/K), limits and present temperatures (K), the tap
/// draw per plan step (W).
/// </summary>
public sealed record EmsHeatPump(double QNominalW, double MinRel, double CopSpaceHeating, double CopHotWater,
    double DhwCapacitance, double DhwMinK, double DhwMaxK, double DhwHorizonK, double DhwK,
    double BufferCapacitance, double BufferMinK, double BufferMaxK, double BufferHorizonK, double BufferK,
    double ElementW, double CopElement, double[] TapHeatW);

/// <summary>A hybrid heat pump's electric part with its buffer; <see cref="Cop"/> per plan step.</summary>
public sealed record EmsHybrid(double QNominalW, double MinRel, double[] Cop, double BufferCapacitance, double BufferMinK, double BufferMaxK, double BufferHorizonK, double BufferK);

/// <summary>A charging session in plan steps relative to the plan's first step (may be negative or past the horizon); energies in J.</summary>
public sealed record EmsEvSession(int Arrival, int Departure, double ArrivalSocJ, double DepartureSocJ);

/// <summary>An EV charging station: its power, the car's capacity and present energy (J), charging efficiency and sessions.</summary>
public sealed record EmsEv(double PowerW, double MaxSocJ, double SocJ, double Efficiency, IReadOnlyList<EmsEvSession> Sessions);

/// <summary>A battery: capacity and energy (J), efficiencies, power limits (W), the fraction of capacity it must hold at the horizon's end.</summary>
public sealed record EmsBattery(double CapacityJ, double SocJ, double ChargeEfficiency, double DischargeEfficiency, double MaxChargeW, double MaxDischargeW, double TerminalFraction);

/// <summary>One EConnection's planning problem: the look-ahead per plan step, prices, tariff and the assets' state.</summary>
public sealed class EmsPlanInput
{
    public int Steps { get; init; } = 48;

    public double StepSeconds { get; init; } = 900;

    /// <summary>Base load (W) per plan step.</summary>
    public required double[] DemandW { get; init; }

    /// <summary>PV potential (W) per plan step; null without PV.</summary>
    public double[]? PvMaxW { get; init; }

    public required double[] AirK { get; init; }

    public required double[] SoilK { get; init; }

    public required double[] IrradianceWm2 { get; init; }

    public required double[] BuyEurPerKwh { get; init; }

    public required double[] SellEurPerKwh { get; init; }

    public GridTariffKind Tariff { get; init; }

    /// <summary>Per plan step: EUR/kWh (variable tariff) or EUR/kW (variable peak tariff).</summary>
    public double[]? TariffValues { get; init; }

    public double BandwidthPriceEurPerKwh { get; init; }

    public double BandwidthW { get; init; }

    /// <summary>The variable peak tariff's memory: the previous step's peak cost (EUR).</summary>
    public double PeakOldEur { get; init; }

    /// <summary>DOTS's hard-coded limit on import and on export (W); infinite = none.</summary>
    public double GridLimitW { get; init; } = 17_000;

    public EmsHouse? House { get; init; }

    public EmsHeatPump? HeatPump { get; init; }

    public EmsHybrid? Hybrid { get; init; }

    public EmsEv? Ev { get; init; }

    public EmsBattery? Battery { get; init; }

    /// <summary>
    /// DOTS as it is: inputs rounded to 5 decimals, EV efficiency ignored, battery charge efficiency used both ways, the
    /// overheating check's sun on both house nodes, every bound hard. False: Quartier's physics (efficiencies applied, sun
    /// on the air node only) with comfort and EV targets as penalised soft bounds so that a plan always exists.
    /// </summary>
    public bool DotsQuirks { get; init; } = true;
}

/// <summary>How a plan is solved.</summary>
public sealed record EmsPlanOptions
{
    /// <summary>Relative MIP gap at which the first good-enough plan is taken (DOTS: 0.15 with GLPK).</summary>
    public double RelativeGap { get; init; } = 0.15;

    public double TimeLimitSeconds { get; init; } = 10;

    /// <summary>Default CBC.</summary>
    public ISolver? Solver { get; init; }

    /// <summary>Stops the plan's solve (which then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Keep every plan step's powers in <see cref="EmsPlan"/>.</summary>
    public bool KeepSeries { get; init; }
}

/// <summary>A plan: how it was solved, its first step (what is dispatched), and optionally every step.</summary>
public sealed class EmsPlan
{
    public SolveStatus Status { get; init; }

    public bool Feasible { get; init; }

    /// <summary>Objective (EUR): buy cost − sell revenue + grid-tariff cost (+ penalties of soft bounds without DOTS quirks).</summary>
    public double Objective { get; init; }

    public double? BestBound { get; init; }

    public double SolveSeconds { get; init; }

    public string? Message { get; init; }

    public double PvUseW { get; init; }

    public double PvSellW { get; init; }

    public double EvW { get; init; }

    public double HeatPumpW { get; init; }

    public double HybridW { get; init; }

    /// <summary>Battery AC power, charging positive.</summary>
    public double BatteryW { get; init; }

    public double ImportW { get; init; }

    public double ExportW { get; init; }

    /// <summary>Heat into the hot-water tank from the heat pump and the element.</summary>
    public double HeatToDhwTankW { get; init; }

    public double HeatToBufferW { get; init; }

    /// <summary>The tap draw of the first step (a parameter of the plan).</summary>
    public double HeatToDhwW { get; init; }

    public double HeatToHouseW { get; init; }

    public double HybridHeatToBufferW { get; init; }

    public double HybridHeatToHouseW { get; init; }

    /// <summary>The first step's peak cost under a variable peak tariff (DOTS keeps it as the next step's memory).</summary>
    public double PeakFirstEur { get; init; }

    /// <summary>Whether the house's upper bound was imposed (the free-running check found it would not overheat by itself).</summary>
    public bool HouseMaxImposed { get; init; }

    public double[]? ImportSeriesW { get; init; }

    public double[]? ExportSeriesW { get; init; }

    public double[]? EvSeriesW { get; init; }

    public double[]? HeatPumpSeriesW { get; init; }

    public double[]? HybridSeriesW { get; init; }

    public double[]? BatterySeriesW { get; init; }
}
