using Quartier.Optimization.Home;
using Quartier.Resources.S2.Frbc;

namespace Quartier.Server.S2;

/// <summary>
/// What the planner needs of an FRBC storage, read from its system description: the fill-level span and, from the modes'
/// fill rate per watt at their range ends, fill units per watt-second charged (<see cref="ChargeRate"/>) and discharged
/// (<see cref="DischargeRate"/>), and the largest charging and discharging powers.
/// </summary>
internal sealed record FrbcStorage(double Low, double High, double ChargeRate, double DischargeRate, double MaxChargeW, double MaxDischargeW)
{
    public bool CanDischarge => MaxDischargeW > 0 && DischargeRate > 0;

    public double Span => High - Low;

    public static FrbcStorage From(FrbcSystemDescription d)
    {
        double kc = 0, kd = 0, pc = 0, pd = 0;
        foreach (var mode in d.Actuators[0].OperationModes.Where(m => !m.AbnormalConditionOnly))
        {
            foreach (var e in mode.Elements)
            {
                foreach (var (power, rate) in new[] { (e.PowerRanges.Sum(p => p.StartOfRange), e.FillRate.StartOfRange), (e.PowerRanges.Sum(p => p.EndOfRange), e.FillRate.EndOfRange) })
                {
                    if (power > 0 && rate > 0)
                    {
                        kc = Math.Max(kc, rate / power);
                        pc = Math.Max(pc, power);
                    }
                    else if (power < 0 && rate < 0)
                    {
                        kd = Math.Max(kd, rate / power);
                        pd = Math.Max(pd, -power);
                    }
                }
            }
        }

        var range = d.Storage.FillLevelRange;
        return new FrbcStorage(range.StartOfRange, range.EndOfRange, kc, kd, pc, pd);
    }

    /// <summary>The battery for the planner: η_c = η_d = √(k_c/k_d), capacity η_c·span/(3600·k_c).</summary>
    public HomeBattery Battery(string id, double fill)
    {
        var eta = Math.Min(Math.Sqrt(ChargeRate / DischargeRate), 1);
        return new HomeBattery
        {
            Id = id,
            CapacityWh = eta * Span / (3600 * ChargeRate),
            ChargeEfficiency = eta,
            DischargeEfficiency = eta,
            MaxChargeW = MaxChargeW,
            MaxDischargeW = MaxDischargeW,
            InitialSoc = Soc(fill),
        };
    }

    /// <summary>The EV for the planner, if its target profile asks for a fill level ahead (else null).</summary>
    public HomeEv? Ev(string id, double fill, FrbcFillLevelTargetProfile target, DateTimeOffset start, int steps, TimeSpan step)
    {
        if (ChargeRate <= 0)
        {
            return null;
        }

        var at = target.StartTime;
        foreach (var e in target.Elements)
        {
            if (e.FillLevelRange.StartOfRange > Low + 1e-9)
            {
                var departure = (int)Math.Ceiling((at - start) / step);
                if (departure < 1)
                {
                    return null;
                }

                departure = Math.Min(departure, steps);
                return new HomeEv
                {
                    Id = id,
                    CapacityWh = Span / (3600 * ChargeRate),
                    ChargeEfficiency = 1,
                    MaxChargeW = MaxChargeW,
                    InitialSoc = Soc(fill),
                    Available = [new StepRange(0, departure)],
                    Departures = [new EvDeparture(departure, Soc(e.FillLevelRange.StartOfRange))],
                };
            }

            at += e.Duration.ToTimeSpan();
        }

        return null;
    }

    private double Soc(double fill) => Math.Clamp((fill - Low) / Span, 0, 1);
}
