using Quartier.Core.Model;

namespace Quartier.Core.Tariffs;

/// <summary>One step's network tariff cost of a connection (EUR), by instrument.</summary>
public readonly record struct TariffCost(double Bandwidth, double Variable, double Peak)
{
    public double Total => Bandwidth + Variable + Peak;
}

/// <summary>
/// DOTS's network tariff instruments, read from the system's measures by exact name (as DOTS does):
/// <list type="bullet">
/// <item><c>static_bandwidth_tariff</c>: a SingleValue price (EUR/kWh) on the energy exchanged (import or export)
/// above the bandwidth, the EConnection's <c>capacity</c> (W; absent ⇒ 0 W, so every exchanged kWh is priced);</item>
/// <item><c>variable_tariff</c>: a profile of EUR/kWh values on all exchanged energy (import and export);</item>
/// <item><c>variable_peak_tariff</c>: a profile of EUR/kW values on the step's average exchanged power.</item>
/// </list>
/// Profile values are used by index (element times ignored, as DOTS); DOTS's EMS at step s reads element s − 1
/// (<see cref="Index"/>). Measures with any other name are ignored and listed in <see cref="Notes"/> (DOTS ignores
/// them too). With several tariff measures all are priced (summed) — DOTS builds each into one Pyomo component of the
/// same name, so only the last built (variable peak, else variable, else static bandwidth) is priced there; see
/// <see cref="Notes"/>. Host-neutral: no simulation types.
/// </summary>
public sealed class GridTariff
{
    public const string StaticBandwidth = "static_bandwidth_tariff";
    public const string VariableName = "variable_tariff";
    public const string VariablePeakName = "variable_peak_tariff";

    private const string Role = "variableOperationalCosts";

    private readonly double[]? _variable;
    private readonly double[]? _peak;
    private readonly Measure? _variableMeasure;
    private readonly Measure? _peakMeasure;

    private GridTariff(double? bandwidthPrice, Measure? variable, double[]? variableValues, Measure? peak, double[]? peakValues, IReadOnlyList<string> notes)
    {
        BandwidthPrice = bandwidthPrice;
        _variableMeasure = variable;
        _variable = variableValues;
        _peakMeasure = peak;
        _peak = peakValues;
        Notes = notes;
    }

    /// <summary>No tariff measure.</summary>
    public static GridTariff None { get; } = new(null, null, null, null, null, []);

    /// <summary>The static bandwidth tariff's price (EUR/kWh above the bandwidth), or null without one.</summary>
    public double? BandwidthPrice { get; }

    /// <summary>The variable tariff's values (EUR/kWh) by index, or null.</summary>
    public IReadOnlyList<double>? Variable => _variable;

    /// <summary>The variable peak tariff's values (EUR/kW) by index, or null.</summary>
    public IReadOnlyList<double>? VariablePeak => _peak;

    public bool IsEmpty => BandwidthPrice is null && _variable is null && _peak is null;

    /// <summary>What was ignored or decided while reading (measure names not recognised, several tariffs at once).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>DOTS's index convention: the EMS at step <paramref name="step"/> (first step 1) reads profile element step − 1.</summary>
    public static int Index(int step) => step - 1;

    /// <summary>The bandwidth of a connection: its ESDL <c>capacity</c> (W), absent ⇒ 0 W (ESDL's default, as DOTS).</summary>
    public static double Bandwidth(Asset connection) => connection.DoubleOr("capacity", 0);

    /// <summary>Reads the tariff measures of <paramref name="system"/>; a tariff measure of the wrong shape is an input error naming it.</summary>
    public static GridTariff FromSystem(EnergySystem system)
    {
        var notes = new List<string>();
        double? bandwidth = null;
        Measure? variable = null, peak = null;
        double[]? variableValues = null, peakValues = null;
        var seen = new List<string>();
        foreach (var m in system.Measures)
        {
            switch (m.Name)
            {
                case StaticBandwidth:
                    bandwidth = SingleValue(m);
                    break;
                case VariableName:
                    variable = m;
                    variableValues = ProfileValues(m);
                    break;
                case VariablePeakName:
                    peak = m;
                    peakValues = ProfileValues(m);
                    break;
                case ConnectionContract.FeedInMeasure:
                    continue;
                default:
                    notes.Add($"measure '{m.Name}' is ignored: tariffs are recognised by the exact names {StaticBandwidth}, {VariableName}, {VariablePeakName} (and {ConnectionContract.FeedInMeasure} for the contract); DOTS ignores it too");
                    continue;
            }

            if (seen.Contains(m.Name))
            {
                notes.Add($"measure '{m.Name}' appears more than once: the last one is used (as DOTS, which reads them in order)");
            }
            else
            {
                seen.Add(m.Name);
            }
        }

        if (seen.Count > 1)
        {
            notes.Add($"{string.Join(" and ", seen)} are all priced (their costs add up); DOTS prices only the last one it builds (order: {StaticBandwidth}, {VariableName}, {VariablePeakName})");
        }

        return new GridTariff(bandwidth, variable, variableValues, peak, peakValues, notes);
    }

    /// <summary>The variable tariff (EUR/kWh) DOTS's EMS uses at step <paramref name="step"/> (element step − 1); 0 without the measure.</summary>
    public double VariableAt(int step) => At(_variable, _variableMeasure, step);

    /// <summary>The variable peak tariff (EUR/kW) DOTS's EMS uses at step <paramref name="step"/> (element step − 1); 0 without the measure.</summary>
    public double VariablePeakAt(int step) => At(_peak, _peakMeasure, step);

    /// <summary>
    /// The tariff cost (EUR) of step <paramref name="step"/> for a connection that imported <paramref name="importWh"/>
    /// and exported <paramref name="exportWh"/> (both ≥ 0) over <paramref name="stepSeconds"/>, with bandwidth
    /// <paramref name="capacityW"/>: static bandwidth = price · max(0, |exchange| − capacity·dt) in kWh; variable =
    /// value · (import + export) kWh; variable peak = the step's average exchanged power (kW) · value — the per-step
    /// peak cost without DOTS's memory (see <see cref="DotsPeakMemory"/>).
    /// </summary>
    public TariffCost Cost(int step, double importWh, double exportWh, double capacityW, int stepSeconds)
    {
        double exchangedKwh = (Math.Abs(importWh) + Math.Abs(exportWh)) / 1000.0;
        double band = BandwidthPrice is { } price ? price * Math.Max(0, exchangedKwh - (capacityW * stepSeconds / 3.6e6)) : 0;
        double variable = _variable is null ? 0 : VariableAt(step) * exchangedKwh;
        double peak = _peak is null ? 0 : PeakCost(step, exchangedKwh, stepSeconds);
        return new TariffCost(band, variable, peak);
    }

    /// <summary>The step's peak cost DOTS computes: average exchanged power (kW) over the step × the peak tariff (EUR/kW).</summary>
    public double PeakCost(int step, double exchangedKwh, int stepSeconds) => exchangedKwh / (stepSeconds / 3600.0) * VariablePeakAt(step);

    private double At(double[]? values, Measure? measure, int step)
    {
        if (values is null || measure is null)
        {
            return 0;
        }

        int i = Index(step);
        if (i < 0 || i >= values.Length)
        {
            throw measure.Error($"has {values.Length} values; step {step} needs element {i} (DOTS's index: step − 1)");
        }

        return values[i];
    }

    private static double SingleValue(Measure m)
    {
        if (m.Cost(Role) is not { IsSingleValue: true } cost)
        {
            throw m.Error($"needs a SingleValue {Role} cost (EUR/kWh), as DOTS reads it");
        }

        return NonNegative(m, cost, cost.Values[0], 0);
    }

    private static double[] ProfileValues(Measure m)
    {
        if (m.Cost(Role) is not { IsSingleValue: false } cost)
        {
            throw m.Error($"needs a DateTimeProfile or TimeSeriesProfile {Role} cost (values by index), as DOTS reads it");
        }

        var values = cost.Values.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            NonNegative(m, cost, values[i], i);
        }

        return values;
    }

    private static double NonNegative(Measure m, MeasureCost cost, double value, int index) =>
        value >= 0 ? value : throw m.Error($"value {value} (element {index}) is negative; tariffs are non-negative (DOTS declares them so)", cost.Line, "value");
}

/// <summary>
/// DOTS's variable-peak "memory" per connection: the plan's peak cost is max(peak of every plan step, previous), and
/// after each solve DOTS keeps the first plan step's peak cost — not the maximum — as the next step's previous value
/// (starting at 0). So the memory is the previous step's realised peak cost only, not a running maximum.
/// </summary>
public sealed class DotsPeakMemory
{
    /// <summary>The previous step's peak cost (EUR); 0 before the first step.</summary>
    public double Previous { get; private set; }

    /// <summary>The peak term DOTS's objective carries for a step whose own peak cost is <paramref name="peakCost"/>: max(peakCost, previous); then remembers <paramref name="peakCost"/>.</summary>
    public double Charge(double peakCost)
    {
        double charged = Math.Max(peakCost, Previous);
        Previous = Math.Max(0, peakCost);
        return charged;
    }
}
