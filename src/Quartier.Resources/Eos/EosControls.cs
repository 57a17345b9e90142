using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Resources.Eos;

/// <summary>
/// A plan to replay: the control part of an EOS optimisation result (<c>optimize_result.json</c>, EOS's
/// <c>GeneticSolution</c>). Everything else in the file (the stored <c>result</c>, <c>eauto_obj</c>, …) is ignored.
/// </summary>
public sealed class EosControls
{
    /// <summary><c>ac_charge</c>: per hour, the factor (0…1) of the battery's maximum charge power drawn from the grid.</summary>
    public required double[] AcCharge { get; init; }

    /// <summary><c>dc_charge</c>: per hour, non-zero when PV surplus may charge the battery.</summary>
    public required double[] DcCharge { get; init; }

    /// <summary><c>discharge_allowed</c>: per hour, 1 when the battery may discharge, 0 otherwise.</summary>
    public required double[] DischargeAllowed { get; init; }

    /// <summary><c>eautocharge_hours_float</c> / <c>ev_charge_hours_float</c>: per hour, the EV charge factor (0…1); <c>null</c> means none.</summary>
    public double[]? EvChargeHours { get; init; }

    /// <summary><c>washingstart</c>: the appliance's start hour, or <c>null</c> for no run.</summary>
    public int? WashingStart { get; init; }

    /// <summary>Where the controls came from (file path or a label), used in messages.</summary>
    public string Source { get; init; } = "controls";

    /// <summary>Reads and checks a controls file.</summary>
    public static EosControls Load(string path) => Parse(EosJson.ReadFile(path, "EOS controls"), path);

    /// <summary>Parses and checks a controls document; <paramref name="source"/> names it in error messages.</summary>
    public static EosControls Parse(string json, string source = "controls")
    {
        using var doc = EosJson.Parse(json, source);
        var root = doc.RootElement;
        EosJson.RequireObject(root, string.Empty, source);
        var ac = Factors(root, source, "ac_charge");
        var dc = Factors(root, source, "dc_charge");
        var discharge = EosJson.NumberArray(EosJson.Require(root, string.Empty, source, "discharge_allowed", null, out var disPath), disPath, source, allowBooleans: true);
        for (int h = 0; h < discharge.Length; h++)
        {
            if (discharge[h] != 0 && discharge[h] != 1)
            {
                throw new InputException($"{disPath}[{h}] is {EosJson.Format(discharge[h])}; allowed are 0 and 1", source);
            }
        }

        double[]? ev = null;
        if (EosJson.TryGet(root, string.Empty, source, "eautocharge_hours_float", "ev_charge_hours_float", out var e, out var evPath))
        {
            ev = EosJson.NumberArray(e, evPath, source);
            CheckFactors(ev, evPath, source);
        }

        int? washing = null;
        if (EosJson.TryGet(root, string.Empty, source, "washingstart", null, out var w, out var wPath))
        {
            washing = EosJson.Integer(w, wPath, source);
            if (washing < 0)
            {
                throw new InputException($"{wPath} is {washing}; a start hour must be ≥ 0 (or null for no run)", source);
            }
        }

        return new EosControls { AcCharge = ac, DcCharge = dc, DischargeAllowed = discharge, EvChargeHours = ev, WashingStart = washing, Source = source };
    }

    private static double[] Factors(JsonElement root, string source, string name)
    {
        var values = EosJson.NumberArray(EosJson.Require(root, string.Empty, source, name, null, out var path), path, source, allowBooleans: true);
        CheckFactors(values, path, source);
        return values;
    }

    private static void CheckFactors(double[] values, string path, string source)
    {
        for (int h = 0; h < values.Length; h++)
        {
            if (values[h] < 0 || values[h] > 1)
            {
                throw new InputException($"{path}[{h}] is {EosJson.Format(values[h])}; allowed are factors 0…1 of the maximum charge power", source);
            }
        }
    }
}
