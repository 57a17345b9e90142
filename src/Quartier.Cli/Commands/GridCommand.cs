using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Esdl;
using Quartier.Grid.Network;
using Quartier.Grid.PowerFlow;

namespace Quartier.Cli.Commands;

/// <summary>
/// <c>quartier grid check</c>: builds the LV network of an ESDL (DOTS's cable and transformer codes), prints it and a
/// snapshot three-phase power flow with the same load on every phase of every house connection.
/// </summary>
internal static class GridCommand
{
    /// <summary>The snapshot load per phase and connection, W or var (a megawatt per phase is far beyond any LV connection).</summary>
    private static readonly PhysicalRange LoadPerPhase = new(-1e6, 1e6, "W per phase");

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ESDL file with Transformer, ElectricityCables, Joints and EConnections" };
        var lineCodes = new Option<string?>("--line-codes") { Description = "OpenDSS LineCode library (default: LineCode.dss next to the ESDL, else DOTS's built-in copy)" };
        var xfmrCodes = new Option<string?>("--transformer-codes") { Description = "OpenDSS XFMRCode library (default: XFMRCode.dss next to the ESDL, else DOTS's built-in copy)" };
        var load = new Option<double>("--load-per-phase") { Description = "active power on every phase of every connection, W (negative = feed-in)", DefaultValueFactory = _ => 1000 };
        var reactive = new Option<double>("--q-per-phase") { Description = "reactive power on every phase of every connection, var", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print every element as a JSON object named as DOTS names it (transformer1, cable1, connectionhome2.1 …)" };
        var check = new Command("check", "Print the LV network (buses, cables, codes, lengths) and a snapshot power flow with a uniform load")
        {
            file, lineCodes, xfmrCodes, load, reactive, json,
        };
        check.SetAction(parse => CliGuard.Run(() => Check(
            parse.GetValue(file)!,
            parse.GetValue(lineCodes),
            parse.GetValue(xfmrCodes),
            parse.GetValue(load),
            parse.GetValue(reactive),
            parse.GetValue(json))));
        return new Command("grid", "Low-voltage network: three-phase four-wire unbalanced power flow from ESDL") { check };
    }

    private static int Check(string path, string? lineCodePath, string? xfmrCodePath, double pPerPhase, double qPerPhase, bool json)
    {
        LoadPerPhase.Check(pPerPhase, "--load-per-phase");
        LoadPerPhase.Check(qPerPhase, "--q-per-phase");

        var system = EsdlReader.ReadFile(path);
        var codes = CodeLibraries.Resolve(path, lineCodePath, xfmrCodePath);
        string lineSource = codes.LineCodeSource, xfmrSource = codes.TransformerCodeSource;
        var feeders = new List<(LvNetwork Net, PowerFlowResult Result)>();
        foreach (var net in NetworkBuilder.FeedersFromEsdl(system, codes.LineCodes, codes.TransformerCodes))
        {
            var solver = new PowerFlowSolver(net);
            solver.SetUniformLoad(pPerPhase, qPerPhase);
            solver.Solve();
            feeders.Add((net, solver.Result));
        }

        if (json)
        {
            WriteJson(path, lineSource, xfmrSource, pPerPhase, qPerPhase, feeders);
        }
        else
        {
            for (int f = 0; f < feeders.Count; f++)
            {
                if (f > 0)
                {
                    Console.WriteLine();
                }

                WriteText(path, lineSource, xfmrSource, pPerPhase, qPerPhase, feeders[f].Net, feeders[f].Result);
            }
        }

        int exit = ExitCodes.Ok;
        foreach (var (net, r) in feeders.Where(f => !f.Result.Converged))
        {
            Console.Error.WriteLine($"failed: the power flow of {net.Transformer?.Name ?? "the network"} did not converge in {r.Iterations} sweeps (last change {r.LastChangePu:e2} pu); the load is too high for the network");
            exit = ExitCodes.Failure;
        }

        return exit;
    }

    private static string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);

    private static void WriteText(string path, string lineSource, string xfmrSource, double p, double q, LvNetwork net, PowerFlowResult r)
    {
        var t = net.Transformer;
        Console.WriteLine($"LV network {path}: {net.Buses.Count} buses, {net.Branches.Count} cables ({F(net.Branches.Sum(b => b.LengthM))} m), {net.Loads.Count} connections");
        Console.WriteLine(t is null
            ? $"Source: bus {net.Buses[net.SlackBus].Name} at {F(net.SourcePhaseVoltage)} V phase"
            : $"Transformer {t.Name}: code {t.CodeName ?? "–"}, {F(t.RatedKva, "0.#")} kVA, {F(t.PrimaryKv, "0.###")}/{F(t.SecondaryKv, "0.###")} kV, source {F(net.SourcePhaseVoltage)} V phase at bus {net.Buses[net.SlackBus].Name}");
        Console.WriteLine($"Line codes: {lineSource}; transformer codes: {xfmrSource}");
        foreach (var note in net.Notes)
        {
            Console.WriteLine($"  note: {note}");
        }

        int nameWidth = Math.Max(5, net.Branches.Select(b => b.Name.Length).DefaultIfEmpty(0).Max());
        int busWidth = Math.Max(4, net.Buses.Select(b => b.Name.Length).Max());
        int codeWidth = Math.Max(4, net.Branches.Select(b => b.CodeName.Length).DefaultIfEmpty(0).Max());
        Console.WriteLine();
        Console.WriteLine($"{"Cable".PadRight(nameWidth)}  {"From".PadRight(busWidth)}  {"To".PadRight(busWidth)}  {"Code".PadRight(codeWidth)}  {"Length m",9}  {"Limit A",7}  {"Max phase A",11}  {"Neutral A",9}  {"Loading %",9}");
        foreach (var b in net.Branches)
        {
            var max = r.MaxPhaseCurrent(b.Index);
            Console.WriteLine(
                $"{b.Name.PadRight(nameWidth)}  {net.Buses[b.FromBus].Name.PadRight(busWidth)}  {net.Buses[b.ToBus].Name.PadRight(busWidth)}  {b.CodeName.PadRight(codeWidth)}  " +
                $"{F(b.LengthM),9}  {F(b.AmpacityA, "0"),7}  {F(max, "0.00"),11}  {F(r.CurrentMagnitude(b.Index, 3), "0.00"),9}  {(b.AmpacityA > 0 ? F(100 * max / b.AmpacityA) : "–"),9}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"Bus".PadRight(busWidth)}  {"Kind",-13}  {"Va V",8}  {"Vb V",8}  {"Vc V",8}");
        foreach (var bus in net.Buses)
        {
            Console.WriteLine($"{bus.Name.PadRight(busWidth)}  {bus.Kind,-13}  {F(r.PhaseToNeutral(bus.Index, 0), "0.00"),8}  {F(r.PhaseToNeutral(bus.Index, 1), "0.00"),8}  {F(r.PhaseToNeutral(bus.Index, 2), "0.00"),8}");
        }

        Console.WriteLine();
        Console.WriteLine($"Snapshot: {F(p, "0.###")} W + {F(q, "0.###")} var on each phase of {net.Loads.Count} connections: {(r.Converged ? $"converged in {r.Iterations} sweeps" : "NOT converged")}");
        if (t is not null)
        {
            Console.WriteLine($"Transformer {t.Name}: {F(r.TransformerP / 1000, "0.000")} kW, {F(r.TransformerQ / 1000, "0.000")} kvar, {F(r.TransformerS / 1000, "0.000")} kVA of {F(t.RatedKva, "0.#")} kVA = {F(r.TransformerLoading * 100, "0.0")} % loading");
        }

        Console.WriteLine($"Loads {F(r.LoadP / 1000, "0.000")} kW; losses: cables {F(r.CableLossesW / 1000, "0.0000")} kW, transformer {F(r.TransformerLossesW / 1000, "0.0000")} kW");
        Console.WriteLine($"Voltage min {F(r.MinVoltage, "0.00")} V at {net.Buses[r.MinVoltageBus].Name}, max {F(r.MaxVoltage, "0.00")} V at {net.Buses[r.MaxVoltageBus].Name}; max unbalance {F(r.MaxUnbalancePercent, "0.000")} % at {net.Buses[r.MaxUnbalanceBus].Name}");
    }

    /// <summary>One feeder: its elements at the top level (as before); several: the same object per feeder under "feeders".</summary>
    private static void WriteJson(string path, string lineSource, string xfmrSource, double p, double q, List<(LvNetwork Net, PowerFlowResult Result)> feeders)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteString("line_codes", lineSource);
            w.WriteString("transformer_codes", xfmrSource);
            w.WriteNumber("load_per_phase_w", p);
            w.WriteNumber("reactive_per_phase_var", q);
            if (feeders.Count == 1)
            {
                WriteFeeder(w, feeders[0].Net, feeders[0].Result);
            }
            else
            {
                w.WriteStartArray("feeders");
                foreach (var (net, r) in feeders)
                {
                    w.WriteStartObject();
                    WriteFeeder(w, net, r);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        Console.WriteLine();
    }

    private static void WriteFeeder(Utf8JsonWriter w, LvNetwork net, PowerFlowResult r)
    {
        w.WriteBoolean("converged", r.Converged);
        w.WriteNumber("iterations", r.Iterations);
        w.WriteStartArray("notes");
        foreach (var n in net.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        if (net.Transformer is { } t)
        {
            w.WriteStartObject("transformer");
            w.WriteString("name", t.DotsName);
            w.WriteString("esdl_name", t.Name);
            w.WriteString("code", t.CodeName);
            w.WriteNumber("primary_kv", t.PrimaryKv);
            w.WriteNumber("secondary_kv", t.SecondaryKv);
            w.WriteNumber("p_kw", Math.Round(r.TransformerP / 1000, 6));
            w.WriteNumber("q_kvar", Math.Round(r.TransformerQ / 1000, 6));
            w.WriteNumber("s_kva", Math.Round(r.TransformerS / 1000, 6));
            w.WriteNumber("limit_kva", t.RatedKva);
            w.WriteNumber("loading_percent", Math.Round(r.TransformerLoading * 100, 4));
            w.WriteNumber("lv_p_kw", Math.Round(r.TransformerLvP / 1000, 6));
            w.WriteNumber("losses_kw", Math.Round(r.TransformerLossesW / 1000, 6));
            w.WriteEndObject();
        }

        w.WriteStartArray("cables");
        foreach (var b in net.Branches)
        {
            w.WriteStartObject();
            w.WriteString("name", b.DotsName);
            w.WriteString("esdl_name", b.Name);
            w.WriteString("from", net.Buses[b.FromBus].DotsName);
            w.WriteString("to", net.Buses[b.ToBus].DotsName);
            w.WriteString("code", b.CodeName);
            w.WriteNumber("length_m", b.LengthM);
            w.WriteNumber("limit_a", b.AmpacityA);
            w.WriteStartArray("current_a");
            for (int c = 0; c < 3; c++)
            {
                w.WriteNumberValue(Math.Round(r.CurrentMagnitude(b.Index, c), 4));
            }

            w.WriteEndArray();
            w.WriteNumber("neutral_a", Math.Round(r.CurrentMagnitude(b.Index, 3), 4));
            w.WriteNumber("max_phase_a", Math.Round(r.MaxPhaseCurrent(b.Index), 4));

            // DOTS publishes 'cable1' as the sum of the three phase-current magnitudes.
            w.WriteNumber("dots_total_a", Math.Round(r.CurrentMagnitude(b.Index, 0) + r.CurrentMagnitude(b.Index, 1) + r.CurrentMagnitude(b.Index, 2), 4));
            if (b.AmpacityA > 0)
            {
                w.WriteNumber("loading_percent", Math.Round(100 * r.MaxPhaseCurrent(b.Index) / b.AmpacityA, 4));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("buses");
        foreach (var bus in net.Buses)
        {
            w.WriteStartObject();
            w.WriteString("name", bus.DotsName);
            w.WriteString("esdl_name", bus.Name);
            w.WriteString("kind", bus.Kind.ToString());
            w.WriteStartArray("phase_voltage_v");
            for (int c = 0; c < 3; c++)
            {
                w.WriteNumberValue(Math.Round(r.PhaseToNeutral(bus.Index, c), 4));
            }

            w.WriteEndArray();

            // DOTS's node names: bus.1 … bus.3 (and bus.4, the neutral, away from the transformer), V to ground.
            w.WriteStartObject("nodes");
            int conductors = bus.Index == net.SlackBus ? 3 : 4;
            for (int c = 0; c < conductors; c++)
            {
                w.WriteNumber($"{bus.DotsName}.{c + 1}", Math.Round(r.NodeVoltage(bus.Index, c), 4));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("load_kw", Math.Round(r.LoadP / 1000, 6));
        w.WriteNumber("cable_losses_kw", Math.Round(r.CableLossesW / 1000, 6));
        w.WriteNumber("transformer_losses_kw", Math.Round(r.TransformerLossesW / 1000, 6));
        w.WriteNumber("min_voltage_v", Math.Round(r.MinVoltage, 4));
        w.WriteString("min_voltage_bus", net.Buses[r.MinVoltageBus].DotsName);
        w.WriteNumber("max_voltage_v", Math.Round(r.MaxVoltage, 4));
        w.WriteString("max_voltage_bus", net.Buses[r.MaxVoltageBus].DotsName);
        w.WriteNumber("max_unbalance_percent", Math.Round(r.MaxUnbalancePercent, 6));
        w.WriteEndObject();
    }
}
