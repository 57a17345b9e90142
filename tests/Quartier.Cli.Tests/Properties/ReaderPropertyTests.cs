using System.Text;
using Quartier.Core.Results;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;
using Quartier.Forecasting.Weather;
using Quartier.Resources.Eos;
using Quartier.Simulation.Runs;

namespace Quartier.Cli.Tests.Properties;

/// <summary>
/// Property tests: valid reference inputs mutated (truncated, bytes flipped, inserted or deleted, an element or member
/// dropped or repeated, a number made extreme) are either read into a valid result or refused with one located line —
/// through the same steps the commands take before they store anything. Fixed seeds, so CI sees the same cases.
/// </summary>
public sealed class ReaderPropertyTests
{
    private static readonly string[] Ratios = ["self_consumption", "self_sufficiency"];

    /// <summary>The weather files: each long one cut to three days.</summary>
    public static readonly TheoryData<string, ulong> WeatherFiles = new()
    {
        { "weather/tmy_45.000_8.000_2005_2023.epw", 11 },
        { "weather/tmy_45.000_8.000_2005_2023.csv", 12 },
        { "weather/NLD_Amsterdam062400_IWEC.epw", 13 },
        { "weather/pvgis_hourly_Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv", 14 },
        { "eos/weatherforecast_brightsky_1.json", 15 },
        { "eos/weatherforecast_openmeteo_1.json", 16 },
    };

    [Fact]
    public void Esdl_files_run_or_are_refused() => ReaderProperty.Check(Esdl(), 150, 1);

    [Fact]
    public void Dots_requests_run_or_are_refused() => ReaderProperty.Check(DotsRequest(), 150, 2);

    [Fact]
    public void Pyssmic_folders_schedule_or_are_refused() => ReaderProperty.Check(PyssmicFolder(), 400, 3);

    [Fact]
    public void Result_bundles_read_or_are_refused() => ReaderProperty.Check(Bundle(), 500, 4);

    [Theory]
    [MemberData(nameof(WeatherFiles))]
    public void Weather_files_read_or_are_refused(string file, ulong seed) => ReaderProperty.Check(Weather(file), 200, seed);

    [Fact]
    public void Eos_optimize_inputs_read_or_are_refused() => ReaderProperty.Check(EosInput(), 500, 5);

    internal static Subject Esdl() => Subject.OneFile("ESDL", "test.esdl", File.ReadAllBytes(Cli.Example("dots-small-test/test.esdl")), Run);

    internal static Subject DotsRequest() => Subject.OneFile("DOTS request", "small-test.post.json", File.ReadAllBytes(Cli.Example("dots-small-test/small-test.post.json")), Run);

    internal static Subject PyssmicFolder()
    {
        var folder = Cli.Reference("pyssmic/small_test");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f), File.ReadAllBytes(f))).ToList();
        return new Subject("PySSMic folder", files, ".", Schedule);
    }

    internal static Subject Bundle()
    {
        var scenario = CossmicImport.ReadFolder(Cli.Reference("pyssmic/small_test"));
        var runSet = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = CossmicAlgorithms.Naive, Runs = 2, Seed = 7 });
        using var bundle = new MemoryStream();
        CossmicBundle.Write(bundle, runSet);
        return Subject.OneFile("result bundle", "small.qcb", bundle.ToArray(), path => CossmicBundle.Read(path));
    }

    internal static Subject Weather(string file) =>
        Subject.OneFile("weather " + Path.GetFileName(file), Path.GetFileName(file), ThreeDays(Cli.Reference(file)), ReadWeather);

    internal static Subject EosInput() =>
        Subject.OneFile("EOS input", "optimize_input_1.json", File.ReadAllBytes(Cli.Reference("eos/optimize_input_1.json")), path => EosOptimizeInput.Load(path));

    [Fact]
    public void The_mutations_change_the_input_and_each_kind_does_what_it_says()
    {
        var xml = Encoding.UTF8.GetBytes("<a x=\"1.5\"><b/><c/></a>");
        Assert.Equal("<a x=\"1.5\"><c /></a>", Text(new Mutation(MutationKind.DropElement, 0, 0, 1, false).Apply(xml, InputShape.Xml)));
        Assert.Equal("<a x=\"1.5\"><b /><c /><c /></a>", Text(new Mutation(MutationKind.DuplicateElement, 0, 1, 1, false).Apply(xml, InputShape.Xml)));
        Assert.Equal("<a x=\"1e308\"><b/><c/></a>", Text(new Mutation(MutationKind.ExtremeNumber, 0, 0, 2, false).Apply(xml, InputShape.Xml)));
        Assert.Equal("<a x=", Text(new Mutation(MutationKind.Truncate, 0.25, 0, 1, false).Apply(xml, InputShape.Xml)));

        var json = Encoding.UTF8.GetBytes("{\"k\":1,\"v\":[2,3]}");
        var twice = Text(new Mutation(MutationKind.DuplicateElement, 0, 0, 1, false).Apply(json, InputShape.Json)).ReplaceLineEndings(string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal("{\"k\":1,\"k\":1,\"v\":[2,3]}", twice);
        var dropped = Text(new Mutation(MutationKind.DropElement, 0, 2, 1, false).Apply(json, InputShape.Json)).ReplaceLineEndings(string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal("{\"k\":1,\"v\":[3]}", dropped);

        // A gzip input is mutated inside and stays gzip.
        var gz = BadInput.CorpusInputs.Gzip(json);
        var inside = new Mutation(MutationKind.ExtremeNumber, 0, 0, 4, true).Apply(gz, InputShape.Json);
        Assert.Equal("{\"k\":NaN,\"v\":[2,3]}", Text(Mutation.Gunzip(inside)));
    }

    /// <summary>
    /// What <c>quartier run</c> does before and while storing: load, wire, run. A valid run has finite figures, and no
    /// more energy or power than its connections could carry at the reader's stated limit for a profile or a connection
    /// (<c>EsdlRanges</c>: 10 GW) — a mutated number inside the stated ranges is a valid, if unusual, input.
    /// </summary>
    private static void Run(string path)
    {
        var input = Quartier.Application.RunInput.Load(path);
        var runner = SimulationRunner.Prepare(input.System, new RunOptions { Start = input.Start, DurationSeconds = input.DurationSeconds });
        var result = runner.Execute(new NullSink());
        double maxKw = 1e7 * result.Connections, maxKwh = maxKw * runner.Grid.DurationSeconds / 3600;
        foreach (var kpi in result.Kpis.Where(k => k.Scope == "system" && !(Ratios.Contains(k.Name) && double.IsNaN(k.Value))))
        {
            Assert.True(double.IsFinite(kpi.Value), $"a run of {Path.GetFileName(path)} succeeded with {kpi.Name} = {kpi.Value}");
            double max = kpi.Unit switch { "kWh" => maxKwh, "kW" => maxKw, _ => double.PositiveInfinity };
            Assert.True(Math.Abs(kpi.Value) <= max, $"a run of {Path.GetFileName(path)} succeeded with {kpi.Name} = {kpi.Value:G4} {kpi.Unit} (at most {max:G4} possible)");
        }
    }

    /// <summary>What <c>quartier cossmic run --algorithm naive</c> does: import the folder and schedule it.</summary>
    private static void Schedule(string folder)
    {
        var scenario = CossmicImport.ReadFolder(folder);
        var runSet = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = CossmicAlgorithms.Naive, Runs = 1 });
        Assert.True(double.IsFinite(runSet.Statistics.PvShare.Mean), $"a schedule of {Path.GetFileName(folder)} has PV share {runSet.Statistics.PvShare.Mean}");
    }

    /// <summary>A weather series is valid when every value given (NaN marks a missing one) is physically possible.</summary>
    private static void ReadWeather(string path)
    {
        var w = WeatherReader.Read(path);
        foreach (var (name, values, min, max) in new[]
        {
            ("air temperature", w.AirTemperature, -100.0, 70.0), ("GHI", w.Ghi, -10.0, 1500.0), ("DNI", w.Dni, -10.0, 1500.0),
            ("DHI", w.Dhi, -10.0, 1500.0), ("wind speed", w.WindSpeed, 0.0, 120.0),
        })
        {
            Assert.All(values, v => Assert.True(double.IsNaN(v) || (v >= min && v <= max), $"{Path.GetFileName(path)} read with {name} {v}"));
        }
    }

    /// <summary>A long weather file cut to its first three days (header and footer kept), so each case reads quickly.</summary>
    private static byte[] ThreeDays(string path)
    {
        var lines = File.ReadAllLines(path);
        int first = Path.GetExtension(path) == ".epw" ? 8 : Array.FindIndex(lines, l => l.StartsWith("time", StringComparison.Ordinal)) + 1;
        if (first <= 0 || lines.Length - first < 24 * 30)
        {
            return File.ReadAllBytes(path);
        }

        int end = Array.FindIndex(lines, first, l => l.Length == 0 || !char.IsAsciiDigit(l[0]));
        var kept = lines[..first].Concat(lines[first..(first + 72)]).Concat(end < 0 ? [] : lines[end..]);
        return Encoding.UTF8.GetBytes(string.Join('\n', kept) + "\n");
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed class NullSink : IResultSink
    {
        public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
        {
        }

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
        {
        }
    }
}
