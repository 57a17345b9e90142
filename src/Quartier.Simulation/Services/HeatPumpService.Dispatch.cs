using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Resources.Devices;

namespace Quartier.Simulation.Services;

/// <summary>The plant under an EMS's dispatch and DOTS's rules: start state, dispatched heat, bounds, taps, the state the planner reads.</summary>
public sealed partial class HeatPumpService
{
    private const double BoundTolerance = 1e-4;

    /// <summary>
    /// How far past a bound a dispatched state may land and still be taken as on it (then moved inside like DOTS's nudge):
    /// the plan sees inputs rounded to 5 decimals, the plant does not, and a year of the small test under GLPK left a house
    /// 1.2e-4 K, later 1.1e-3 K, under its minimum — DOTS's 1e-4 K would have stopped that run. Beyond it the run stops, as in DOTS.
    /// </summary>
    private const double PlanMismatchTolerance = 0.01;

    /// <summary>
    /// The house at the first step. DOTS: the steady state with the step's weather that holds <c>house_temp_0</c> when that
    /// needs heat the pump can give, the free-running equilibrium when it needs none; a pump too small to hold it is refused.
    /// Quartier: <c>house_temp_0</c>, the fabric at its steady state for it.
    /// </summary>
    private void StartState(ref State s, double air, double soil, double irr, int i)
    {
        var h = _h;
        double ke = h.KExch[i], kc = h.KCond[i], kv = h.KVent[i], kf = h.KFloor[i], glass = h.Glass[i];
        if (_rules == ServiceRules.Dots)
        {
            double target = h.In[i];
            double fabric = ((ke * target) + (kc * air)) / (kc + ke);
            double required = ((kv + ke + kf) * target) - (ke * fabric) - (kv * air) - (kf * soil) - (glass * irr);
            double q = Math.Min(Math.Max(required, 0), s.QNominal);
            double ua = kv + kf + (ke * kc / (ke + kc));
            double tIn = ((kv * air) + (kf * soil) + (glass * irr) + q + (ke * kc * air / (ke + kc))) / ua;
            if (required >= 0 && Math.Abs(target - tIn) >= 1e-3)
            {
                throw new InputException(
                    $"{_kind} '{_names[i]}': it cannot hold house_temp_0 ({UnitConvert.CelsiusToKelvin(target):0.###} K) in the first step's weather: that takes {required:0} W of heat and it gives {s.QNominal:0} W (DOTS stops such a run at step 1)",
                    elementId: _parameters[i].Id);
            }

            h.In[i] = tIn;
        }

        h.Out[i] = ((ke * h.In[i]) + (kc * air)) / (kc + ke);
    }

    /// <summary>DOTS's update: the EMS's heat of the interval just ended, integrated over it.</summary>
    private void ApplyDispatch(ref State s, int i, HeatPumpFleet pumps, DateTimeOffset previous, double dt, int stepIndex)
    {
        s.ToBuffer = Math.Max(0, _dToBuffer.First(i));
        double toHouse = _h.ToHouse[i] = _dToHouse.First(i);
        _h.Gas[i] = 0;
        if (s.HasDhw)
        {
            s.DhwIn = _dToTank.First(i);
            s.DhwOut = _dToDhw.First(i);
        }

        _h.AdvanceOne(i, dt);
        s.AdvanceTank(dt);

        // DOTS's one-node buffer, integrated freely and then checked (the S2 resource, which keeps its buffer within its
        // range, stays the thermostat's; its mode follows the dispatch so that its status reports what runs)
        s.Buf += dt * (s.ToBuffer - toHouse) / s.CBuf;
        var want = s.ToBuffer > 0 ? HeatPumpMode.On : HeatPumpMode.Off;
        double factor = Math.Min(s.ToBuffer / s.QNominal, 1);
        if (want != pumps.Mode(i) || factor != pumps.Factor(i))
        {
            pumps.Instruct(i, want, factor, previous);
        }

        if (_rules == ServiceRules.Dots)
        {
            CheckBounds(ref s, i, stepIndex - 1);
        }
        else
        {
            s.Buf = Math.Clamp(s.Buf, s.BufMin, s.BufMax);
        }
    }

    /// <summary>DOTS's bound rule after an update: within 1e-4 K of a bound (or up to 0.01 K past it) is moved onto its inside; beyond it stops the run.</summary>
    private void CheckBounds(ref State s, int i, int dispatchStep)
    {
        s.Buf = Nudge(s.Buf, s.BufMin, s.BufMax);
        if (s.HasDhw)
        {
            s.Dhw = Nudge(s.Dhw, s.DhwMin, s.DhwMax);
        }

        ref double tIn = ref _h.In[i];
        if (AtMin(tIn, s.HouseMin))
        {
            tIn = s.HouseMin + BoundTolerance;
        }

        string? what = s.Buf < s.BufMin || s.Buf > s.BufMax ? $"buffer at {UnitConvert.CelsiusToKelvin(s.Buf):0.######} K outside {UnitConvert.CelsiusToKelvin(s.BufMin):0.##}..{UnitConvert.CelsiusToKelvin(s.BufMax):0.##} K"
            : s.HasDhw && (s.Dhw < s.DhwMin || s.Dhw > s.DhwMax) ? $"hot-water tank at {UnitConvert.CelsiusToKelvin(s.Dhw):0.######} K outside {UnitConvert.CelsiusToKelvin(s.DhwMin):0.##}..{UnitConvert.CelsiusToKelvin(s.DhwMax):0.##} K"
            : tIn < s.HouseMin ? $"house at {UnitConvert.CelsiusToKelvin(tIn):0.######} K below its minimum {UnitConvert.CelsiusToKelvin(s.HouseMin):0.##} K"
            : null;
        if (what is not null)
        {
            throw new SimulationException($"{_kind} '{_names[i]}': after the EMS's dispatch of step {dispatchStep} the {what} (DOTS stops the simulation here too; rules 'quartier' reports it as comfort_deficit)");
        }

        static double Nudge(double v, double min, double max) =>
            AtMin(v, min) ? min + BoundTolerance : AtMax(v, max) ? max - BoundTolerance : v;

        // within 1e-4 K inside a bound, or up to 0.01 K past it
        static bool AtMin(double v, double min) => v > min - PlanMismatchTolerance && v < min + BoundTolerance;

        static bool AtMax(double v, double max) => v < max + PlanMismatchTolerance && v > max - BoundTolerance;
    }

    /// <summary>Outputs under dispatch: the state, and the heat and electric power of the dispatch just applied.</summary>
    private void PublishDispatched(ref State s, int i, bool hybrid)
    {
        double cop = double.IsNaN(s.Cop) ? (hybrid ? HybridCop(s.BufSet - _h.Air[i]) : 4.0) : s.Cop;
        _outElectric[i] = (s.ToBuffer / cop) + (s.HasDhw ? s.DhwIn / 2.5 : 0);
        double tIn = _h.In[i];
        _outHouse[i] = tIn;
        _outBuffer[i] = s.Buf;
        _outToBuffer[i] = s.ToBuffer;
        _outToHouse[i] = _h.ToHouse[i];
        _outGas[i] = 0;
        _outDhw[i] = s.HasDhw ? s.Dhw : double.NaN;
        _outDeficit[i] = Math.Max(0, s.HouseMin - tIn);
    }

    /// <summary>DOTS's tap profile: its values by position, one per 900 s step from step 1, rounded to 5 decimals (L/s).</summary>
    private static double[] TapByPosition(Profile tap, Asset asset)
    {
        var values = tap switch
        {
            TimeSeriesProfile ts => ts.Values.ToArray(),
            DateTimeProfile dt => dt.Values.ToArray(),
            _ => throw asset.Error($"HeatPump '{asset.Name}': its tap profile must be a TimeSeriesProfile or DateTimeProfile of flows (L/s)"),
        };
        double factor = tap.Unit?.Factor ?? 1.0;
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = Math.Round(values[k] * factor, 5);
        }

        return values;
    }

    /// <summary>The tap draw (W) at array index <paramref name="index"/> (step index + 1) of asset <paramref name="asset"/>; 0 past the profile.</summary>
    public double TapHeatW(int asset, int index)
    {
        ref var s = ref _s[asset];
        var flows = _tapFlow[asset];
        return s.HasDhw && index >= 0 && index < flows.Length ? flows[index] * WaterHeatCapacity * (s.DhwSet - s.DhwTap) : 0;
    }

    private HeatPumpParameters Describe(State s, int i, Asset a)
    {
        static double K(double c) => UnitConvert.CelsiusToKelvin(c);
        bool dots = _rules == ServiceRules.Dots;
        return new HeatPumpParameters(a.Id, _kind == AssetKind.HybridHeatPump, _h.CIn[i], _h.COut[i], _h.KExch[i], _h.KFloor[i], _h.KVent[i], _h.KCond[i], _h.Glass[i],
            s.QNominal, s.MinRel, s.Cop, 2.5, s.CBuf, K(s.BufSet), K(s.BufMin), K(s.BufMax), K(s.BufHor), K(s.HouseMin), K(s.HouseMax), K(s.HouseHor),
            s.HasDhw, s.CDhw, K(s.DhwMin), dots ? K(s.BufMax) : K(s.DhwMax), K(s.DhwHor), s.Element, s.ElementCop);
    }

    /// <summary>The present state of asset <paramref name="asset"/> in K: air node, fabric node, buffer, hot-water tank.</summary>
    public (double InK, double OutK, double BufferK, double DhwK) StateK(int asset)
    {
        ref var s = ref _s[asset];
        return (UnitConvert.CelsiusToKelvin(_h.In[asset]), UnitConvert.CelsiusToKelvin(_h.Out[asset]), UnitConvert.CelsiusToKelvin(s.Buf), s.HasDhw ? UnitConvert.CelsiusToKelvin(s.Dhw) : double.NaN);
    }

    /// <summary>DOTS's hybrid heat pump COP as a function of the lift between buffer set point and outside air (K).</summary>
    public static double HybridCop(double lift) => Math.Max(1.0, 8.736555867367798 - (0.18997851 * lift) + (0.00125921 * lift * lift));
}
