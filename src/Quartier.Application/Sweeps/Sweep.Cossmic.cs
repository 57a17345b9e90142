using System.Globalization;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Cossmic.Runs;

namespace Quartier.Application.Sweeps;

/// <summary>
/// Sweeps over a CoSSMic neighbourhood (a PySSMic folder or its zip on the command line, a stored CoSSMic scenario on the
/// server): the settings and axes are the run set's options — <c>algorithm</c>, <c>runs</c>, <c>seed</c>, <c>days</c>,
/// <c>prediction_error</c>, <c>jitter</c>, <c>solver</c>, <c>start_grid</c>, <c>milp_slot</c> — and each combination is one
/// stored run set with its key figures:
/// <code>
/// {"name": "algorithms", "base": "small_test", "settings": {"runs": 5},
///  "axes": [{"name": "algorithm", "values": ["naive", "fifty-fifty", "exact"]}, {"name": "seed", "values": [1, 2]}]}
/// </code>
/// </summary>
public sealed partial class Sweep
{
    private static readonly string[] CossmicSettings = ["algorithm", "runs", "seed", "days", "prediction_error", "jitter", "solver", "start_grid", "milp_slot"];

    /// <summary>The options every run set of a CoSSMic sweep shares (before its axes), null for an ESDL or DOTS sweep.</summary>
    public CossmicRunOptions? CossmicOptions { get; }

    /// <summary>Whether the base is a CoSSMic neighbourhood (each run is a CoSSMic run set).</summary>
    public bool IsCossmic => CossmicOptions is not null;

    private static Sweep ParseCossmic(JsonObject o, string name, string path, string basePath, Func<(byte[] Bytes, bool Json)> load)
    {
        var options = new CossmicRunOptions();
        if (o["settings"] is { } s)
        {
            if (s is not JsonObject so)
            {
                throw new InputException("'settings' must be an object of CoSSMic run options", path, field: "settings");
            }

            foreach (var (key, value) in so)
            {
                options = ApplyCossmic(options, key, Scalar(value, path, $"settings.{key}"), path, $"settings.{key}");
            }
        }

        Checked(options, path, "settings");
        var axes = new List<SweepAxis>();
        foreach (var (at, a, axisName, values) in AxisNodes(o, path, "{name, values}"))
        {
            if (a["set"] is not null)
            {
                throw new InputException($"'{at}.set': the base is a CoSSMic neighbourhood, which has no ESDL attributes; its axes are run options ({string.Join(", ", CossmicSettings)})", path, field: at + ".set");
            }

            var setting = axisName.Trim().ToLowerInvariant().Replace('-', '_');
            if (Array.IndexOf(CossmicSettings, setting) < 0)
            {
                throw new InputException($"axis '{axisName}' is not a CoSSMic run option ({string.Join(", ", CossmicSettings)})", path, field: at + ".name");
            }

            var texts = values.Select((v, k) => Scalar(v, path, $"{at}.values[{k}]")).ToList();
            for (int k = 0; k < texts.Count; k++)
            {
                Checked(ApplyCossmic(options, setting, texts[k], path, $"{at}.values[{k}]"), path, $"{at}.values[{k}]");
            }

            axes.Add(new SweepAxis(axisName, setting, null, null, null, texts));
        }

        if (axes.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InputException($"two axes are named '{twice.Key}'", path, field: "axes");
        }

        long count = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (count > MaxRuns)
        {
            throw new InputException($"the axes give {count:N0} runs; a sweep runs at most {MaxRuns:N0}", path, field: "axes");
        }

        return new Sweep(name, path, basePath, new RunSettings(), axes, load, options);
    }

    private List<SweepRun> ExpandCossmic(byte[] zip)
    {
        var runs = new List<SweepRun>();
        var index = new int[Axes.Count];
        for (int r = 0; r < Count; r++)
        {
            Combination(r, index);
            var options = CossmicOptions!;
            var values = new List<(string, string)>();
            for (int a = 0; a < Axes.Count; a++)
            {
                var value = Axes[a].Values[index[a]];
                values.Add((Axes[a].Name, value));
                options = ApplyCossmic(options, Axes[a].Setting!, value, Source, $"axes[{a}]");
            }

            var run = new SweepRun(r + 1, values, null, new RunSettings(), zip, false) { Cossmic = Checked(options, Source, "axes") };
            runs.Add(run with { Settings = run.Settings with { Name = run.Name(Name) } });
        }

        return runs;
    }

    /// <summary><paramref name="options"/> checked as a run set checks them; a refusal names the sweep's field.</summary>
    private static CossmicRunOptions Checked(CossmicRunOptions options, string file, string field)
    {
        try
        {
            return options.Resolve();
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, file, field: field);
        }
    }

    private static CossmicRunOptions ApplyCossmic(CossmicRunOptions o, string key, string value, string file, string field)
    {
        int Int() => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new InputException($"'{value}' is not a whole number", file, field: field);
        return key switch
        {
            "algorithm" => o with { Algorithm = value },
            "runs" => o with { Runs = Int() },
            "seed" => o with { Seed = Int() },
            "days" => o with { Days = Int() },
            "prediction_error" => o with { PredictionError = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new InputException($"'{value}' is not a number", file, field: field) },
            "jitter" => o with { ArrivalJitterSeconds = Int() },
            "solver" => o with { Solver = value },
            "start_grid" => o with { StartGridSeconds = Int() },
            "milp_slot" => o with { MilpSlotSeconds = Int() },
            _ => throw new InputException($"'{key}' is not a CoSSMic run option; options: {string.Join(", ", CossmicSettings)}", file, field: field),
        };
    }
}
