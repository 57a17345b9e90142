using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary>
/// <c>GET /visualization_results.pdf</c>: the latest optimisation (<see cref="EosState.Solution"/>, or the legacy
/// <c>POST /optimize</c> answer when that came later) as a one-page
/// PDF 1.4 written here without a library — the plan's id, times and totals as text, and three line charts drawn with
/// PDF path operators: the battery's state of charge, grid import and export, and the import price and feed-in
/// tariff. 404 before the first optimisation, as EOS when it has no result file.
/// </summary>
public static class EosPlanPdf
{
    private const double Width = 595;
    private const double Height = 842;

    public static IEndpointRouteBuilder MapEosPlanPdfApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/visualization_results.pdf", (EosState state) =>
        {
            JsonObject? plan, solution;
            (DateTimeOffset At, JsonObject Answer)? legacy;
            DateTimeOffset? lastRun;
            lock (state.Gate)
            {
                (plan, solution, legacy, lastRun) = (state.Plan?.DeepClone().AsObject(), state.Solution?.DeepClone().AsObject(), state.LegacyResult, state.LastRun);
            }

            if (legacy is { } l && (plan is null || solution is null || lastRun is not { } run || l.At > run))
            {
                return Results.File(WriteLegacy(l.At, l.Answer), "application/pdf", "visualization_results.pdf");
            }

            return plan is null || solution is null
                ? Problems.NotFound("No visualization result available: no optimisation has run yet (POST /v1/optimize, the energy-management loop or POST /optimize)")
                : Results.File(Write(plan, solution), "application/pdf", "visualization_results.pdf");
        }).WithTags("EOS").WithSummary("The latest optimisation as PDF (plan, state of charge, grid, prices)");
        return app;
    }

    /// <summary>The PDF of an energy-management plan and its solution.</summary>
    public static byte[] Write(JsonObject plan, JsonObject solution)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(solution);
        var data = solution["solution"]?["data"] as JsonObject ?? [];
        var rows = data.Select(r => r.Value as JsonObject ?? []).ToList();
        var predictions = (solution["prediction"]?["data"] as JsonObject ?? []).Select(r => r.Value as JsonObject ?? []).ToList();
        var hours = rows.Count > 1 && EosNodes.TryParseTime(data.ElementAt(1).Key, out var t1) && EosNodes.TryParseTime(data.ElementAt(0).Key, out var t0) ? (t1 - t0).TotalHours : 1;
        var socKey = rows.FirstOrDefault()?.Select(c => c.Key).FirstOrDefault(k => k.EndsWith("_soc_factor", StringComparison.Ordinal));
        var grid = rows.Select(r => (EosNodes.AsDouble(r["grid_energy_wh"]) ?? 0) / hours).ToArray();
        return Render(new Content(
            EosNodes.AsText(plan["id"]) ?? "plan",
            [
                $"solution {EosNodes.AsText(solution["id"])}, generated {EosNodes.AsText(plan["generated_at"])}",
                $"valid {EosNodes.AsText(plan["valid_from"])} to {EosNodes.AsText(plan["valid_until"])}, {rows.Count} steps of {Num(hours * 60)} min",
                $"costs {Num(EosNodes.AsDouble(solution["total_costs_amt"]) ?? 0)}, revenues {Num(EosNodes.AsDouble(solution["total_revenues_amt"]) ?? 0)}, losses {Num(EosNodes.AsDouble(solution["total_losses_energy_wh"]) ?? 0)} Wh, {plan["instructions"]?.AsArray().Count ?? 0} instructions",
            ],
            socKey is null ? ": no battery" : " - " + socKey[..^"_soc_factor".Length],
            [.. rows.Select(r => socKey is null ? double.NaN : (EosNodes.AsDouble(r[socKey]) ?? double.NaN) * 100)],
            [.. grid.Select(g => Math.Max(0, g))],
            [.. grid.Select(g => Math.Max(0, -g))],
            [.. predictions.Select(p => (EosNodes.AsDouble(p["elec_price_amt_kwh"]) ?? double.NaN) * 100)],
            [.. predictions.Select(p => (EosNodes.AsDouble(p["feed_in_tariff_amt_kwh"]) ?? double.NaN) * 100)]));
    }

    /// <summary>The PDF of a legacy <c>POST /optimize</c> answer (<c>GeneticSolution</c>, hourly from its start hour); its id is <c>optimize-</c> and the time.</summary>
    public static byte[] WriteLegacy(DateTimeOffset at, JsonObject answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var result = answer["result"] as JsonObject ?? [];
        double[] Series(string key, double scale) => [.. (result[key] as JsonArray ?? []).Select(v => (EosNodes.AsDouble(v) ?? double.NaN) * scale)];
        var soc = Series("battery_soc_per_hour", 1);
        return Render(new Content(
            "optimize-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            [
                $"legacy POST /optimize answered {EosNodes.Format(at)}, {soc.Length} hourly steps",
                $"costs {Num(EosNodes.AsDouble(result["total_costs"]) ?? 0)}, revenues {Num(EosNodes.AsDouble(result["total_revenue"]) ?? 0)}, balance {Num(EosNodes.AsDouble(result["total_balance"]) ?? 0)}, losses {Num(EosNodes.AsDouble(result["total_losses"]) ?? 0)} Wh",
            ],
            string.Empty,
            soc,
            Series("grid_consumption_wh_per_hour", 1),
            Series("grid_feed_in_wh_per_hour", 1),
            Series("electricity_price", 1e5),
            []));
    }

    private static byte[] Render(Content content)
    {
        var c = new StringBuilder();
        double y = Height - 50;
        Text(c, 50, y, 16, "Quartier energy management plan " + content.Id);
        foreach (var line in content.Lines)
        {
            y -= 16;
            Text(c, 50, y, 9, line);
        }

        Chart(c, 550, "Battery state of charge (%)" + content.SocNote, [(content.Soc, "0 0.45 0.7", "SoC")]);
        Chart(c, 310, "Grid (W): import and export", [(content.Import, "0.8 0.2 0.1", "import"), (content.Export, "0.1 0.6 0.2", "export")]);
        Chart(c, 70, "Prices (ct/kWh): import and feed-in", [(content.Price, "0.8 0.2 0.1", "import price"), (content.FeedIn, "0.1 0.6 0.2", "feed-in tariff")]);
        return Document(c.ToString(), "Quartier plan " + content.Id);
    }

    private static void Chart(StringBuilder c, double bottom, string title, (double[] Values, string Rgb, string Label)[] series)
    {
        const double left = 70, width = 470, height = 170;
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        double min = finite.Count > 0 ? Math.Min(0, finite.Min()) : 0;
        double max = finite.Count > 0 ? finite.Max() : 1;
        if (max - min < 1e-9)
        {
            max = min + 1;
        }

        Text(c, left, bottom + height + 8, 10, title);
        c.Append("0.6 G 0.5 w ").Append(Num(left)).Append(' ').Append(Num(bottom)).Append(' ').Append(Num(width)).Append(' ').Append(Num(height)).Append(" re S\n");
        Text(c, 20, bottom - 3, 7, Num(min));
        Text(c, 20, bottom + height - 3, 7, Num(max));
        int n = series.Max(s => s.Values.Length);
        for (int k = 0; k < series.Length; k++)
        {
            var (values, rgb, label) = series[k];
            if (!values.Any(double.IsFinite))
            {
                Text(c, left + 10 + (k * 120), bottom - 14, 7, label + ": none");
                continue;
            }

            c.Append(rgb).Append(" rg\n");
            Text(c, left + 10 + (k * 120), bottom - 14, 7, label);
            c.Append("0 g ").Append(rgb).Append(" RG 1.2 w\n");
            bool pen = false;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                {
                    pen = false;
                    continue;
                }

                var x = left + (n > 1 ? width * i / (n - 1) : width / 2);
                var v = bottom + (height * (values[i] - min) / (max - min));
                c.Append(Num(x)).Append(' ').Append(Num(v)).Append(pen ? " l\n" : " m\n");
                pen = true;
            }

            c.Append("S\n");
        }

        c.Append("0 G\n");
    }

    private static void Text(StringBuilder c, double x, double y, double size, string text) =>
        c.Append("BT /F1 ").Append(Num(size)).Append(" Tf ").Append(Num(x)).Append(' ').Append(Num(y)).Append(" Td (").Append(Escape(text)).Append(") Tj ET\n");

    private static string Num(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A PDF literal string's content: ASCII, backslash and parentheses escaped.</summary>
    private static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            b.Append(ch switch
            {
                '\\' or '(' or ')' => "\\" + ch,
                < ' ' or > '~' => "?",
                _ => ch.ToString(),
            });
        }

        return b.ToString();
    }

    /// <summary>Catalog, pages, one page, its content, the font, the info; the cross-reference table with each object's byte offset.</summary>
    private static byte[] Document(string content, string title)
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Num(Width)} {Num(Height)}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Title ({Escape(title)}) /Producer (Quartier) /CreationDate (D:{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}Z) >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(i + 1).Append(" 0 obj\n").Append(objects[i]).Append("\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append("xref\n0 ").Append(objects.Length + 1).Append("\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            pdf.Append(o.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        pdf.Append("trailer\n<< /Size ").Append(objects.Length + 1).Append(" /Root 1 0 R /Info 6 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>What a page shows: the id, lines of text, the series of the three charts.</summary>
    private sealed record Content(string Id, IReadOnlyList<string> Lines, string SocNote, double[] Soc, double[] Import, double[] Export, double[] Price, double[] FeedIn);
}
