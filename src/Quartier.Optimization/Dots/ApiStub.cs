// TEMPORARY stub of the planner API (replaced by the real planner at merge)
using Quartier.Optimization.Modeling;
using Quartier.Optimization.Solvers;

namespace Quartier.Optimization.Dots;

public enum GridTariffKind { None, StaticBandwidth, Variable, VariablePeak }
public sealed record EmsHouse(double CIn, double COut, double KExch, double KFloor, double KVent, double KCond, double GlassM2, double TInK, double TOutK, double MinK, double MaxK, double HorizonK);
public sealed record EmsHeatPump(double QNominalW, double MinRel, double CopSpaceHeating, double CopHotWater,
    double DhwCapacitance, double DhwMinK, double DhwMaxK, double DhwHorizonK, double DhwK,
    double BufferCapacitance, double BufferMinK, double BufferMaxK, double BufferHorizonK, double BufferK,
    double ElementW, double CopElement, double[] TapHeatW);
public sealed record EmsHybrid(double QNominalW, double MinRel, double[] Cop, double BufferCapacitance, double BufferMinK, double BufferMaxK, double BufferHorizonK, double BufferK);
public sealed record EmsEvSession(int Arrival, int Departure, double ArrivalSocJ, double DepartureSocJ);
public sealed record EmsEv(double PowerW, double MaxSocJ, double SocJ, double Efficiency, IReadOnlyList<EmsEvSession> Sessions);
public sealed record EmsBattery(double CapacityJ, double SocJ, double ChargeEfficiency, double DischargeEfficiency, double MaxChargeW, double MaxDischargeW, double TerminalFraction);
public sealed class EmsPlanInput
{
    public int Steps { get; init; } = 48;
    public double StepSeconds { get; init; } = 900;
    public required double[] DemandW { get; init; }
    public double[]? PvMaxW { get; init; }
    public required double[] AirK { get; init; }
    public required double[] SoilK { get; init; }
    public required double[] IrradianceWm2 { get; init; }
    public required double[] BuyEurPerKwh { get; init; }
    public required double[] SellEurPerKwh { get; init; }
    public GridTariffKind Tariff { get; init; }
    public double[]? TariffValues { get; init; }
    public double BandwidthPriceEurPerKwh { get; init; }
    public double BandwidthW { get; init; }
    public double PeakOldEur { get; init; }
    public double GridLimitW { get; init; } = 17_000;
    public EmsHouse? House { get; init; }
    public EmsHeatPump? HeatPump { get; init; }
    public EmsHybrid? Hybrid { get; init; }
    public EmsEv? Ev { get; init; }
    public EmsBattery? Battery { get; init; }
    public bool DotsQuirks { get; init; } = true;
}
public sealed record EmsPlanOptions { public double RelativeGap { get; init; } = 0.15; public double TimeLimitSeconds { get; init; } = 10; public ISolver? Solver { get; init; } public bool KeepSeries { get; init; } }
public sealed class EmsPlan
{
    public SolveStatus Status { get; init; }
    public bool Feasible { get; init; }
    public double Objective { get; init; }
    public double? BestBound { get; init; }
    public double SolveSeconds { get; init; }
    public string? Message { get; init; }
    public double PvUseW { get; init; }
    public double PvSellW { get; init; }
    public double EvW { get; init; }
    public double HeatPumpW { get; init; }
    public double HybridW { get; init; }
    public double BatteryW { get; init; }
    public double ImportW { get; init; }
    public double ExportW { get; init; }
    public double HeatToDhwTankW { get; init; }
    public double HeatToBufferW { get; init; }
    public double HeatToDhwW { get; init; }
    public double HeatToHouseW { get; init; }
    public double HybridHeatToBufferW { get; init; }
    public double HybridHeatToHouseW { get; init; }
    public double PeakFirstEur { get; init; }
}
public static class EmsPlanner
{
    public static EmsPlan Plan(EmsPlanInput input, EmsPlanOptions? options = null)
    {
        double net = input.DemandW[0] - (input.PvMaxW?[0] ?? 0);
        return new EmsPlan { Feasible = true, PvUseW = Math.Min(input.PvMaxW?[0] ?? 0, input.DemandW[0]), PvSellW = Math.Max(-net, 0) };
    }
}
