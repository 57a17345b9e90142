using System.Globalization;
using System.IO.Compression;
using System.Text;
using Quartier.Core.Errors;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// A neighbourhood as a PySSMic input folder, the layout <c>CossmicImport.ReadFolder</c> reads: <c>consumer_event.csv</c>
/// (a base load is one background job a day, <c>loads/H_D_back.csv</c>; each appliance or heat-pump job and an EV's
/// charge is a job <c>[house]:[device]:[k]</c>), <c>producer_event.csv</c> with <c>predictions/</c> (a PV's predictions,
/// or one clear-sky prediction from its size and orientation). Batteries have no PySSMic form and are left out.
/// File names use the house's and device's positions (1-based), so no id can make a load a background one.
/// </summary>
public static class PyssmicExport
{
    /// <summary>The folder's files by relative path (with '/').</summary>
    public static IReadOnlyDictionary<string, string> Files(Neighbourhood n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var (errors, _) = NeighbourhoodCheck.Check(n);
        if (errors.Count > 0)
        {
            throw new InputException($"the neighbourhood is not valid: {NeighbourhoodCheck.Describe(errors.Take(3))}", field: errors[0].Path);
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var consumers = new StringBuilder();
        var producers = new StringBuilder();
        var start = n.Start.ToUnixTimeSeconds();
        for (var h = 0; h < n.Houses.Count; h++)
        {
            var house = n.Houses[h];
            for (var d = 0; d < house.Devices.Count; d++)
            {
                var device = house.Devices[d];
                var stem = $"{h + 1}_{d + 1}";
                var jobId = $"[{house.Id}]:[{device.Id}]";
                switch (device.Kind)
                {
                    case DeviceKind.BaseLoad:
                        files[$"loads/{stem}_back.csv"] = device.Profile is { Length: > 0 } p ? Normalise(p) : ProfileText.Format([0, 86_400], [0, device.DailyKwh!.Value * 1000]);
                        for (var day = 0; day < n.Days; day++)
                        {
                            var t = start + (day * 86_400L);
                            Line(consumers, t, t, t, $"{jobId}:[{day + 1}]", $"{stem}_back.csv");
                        }

                        break;
                    case DeviceKind.Pv:
                        var predictions = device.Predictions is { Count: > 0 } given
                            ? given.Select(g => (Issued: g.IssuedAt.ToUnixTimeSeconds(), Text: Normalise(g.Data))).ToList()
                            : [(start, Clear(n, device))];
                        for (var i = 0; i < predictions.Count; i++)
                        {
                            files[$"predictions/{stem}_{i + 1}.csv"] = predictions[i].Text;
                            producers.Append(predictions[i].Issued.ToString(CultureInfo.InvariantCulture)).Append(";pv_producer").Append(jobId).Append(';').Append($"{stem}_{i + 1}.csv").Append('\n');
                        }

                        break;
                    case DeviceKind.Ev:
                        var (seconds, wh) = EvCharge(device);
                        files[$"loads/{stem}.csv"] = ProfileText.Format([0, seconds], [0, wh]);
                        var arrival = device.Arrival!.Value.ToUnixTimeSeconds();
                        Line(consumers, arrival, arrival, device.Departure!.Value.ToUnixTimeSeconds() - (long)Math.Ceiling(seconds), $"{jobId}:[1]", $"{stem}.csv");
                        break;
                    case DeviceKind.Appliance:
                    case DeviceKind.HeatPump:
                        if (device.Jobs is not { Count: > 0 } jobs)
                        {
                            break;
                        }

                        files[$"loads/{stem}.csv"] = device.Profile is { Length: > 0 } run ? Normalise(run) : ProfileText.Format([0, device.DurationMin!.Value * 60], [0, device.PowerW!.Value * device.DurationMin.Value / 60]);
                        for (var k = 0; k < jobs.Count; k++)
                        {
                            var job = jobs[k];
                            var earliest = job.EarliestStart.ToUnixTimeSeconds();
                            Line(consumers, job.Registered?.ToUnixTimeSeconds() ?? earliest, earliest, job.LatestStart.ToUnixTimeSeconds(), $"{jobId}:[{k + 1}]", $"{stem}.csv");
                        }

                        break;
                }
            }
        }

        files["consumer_event.csv"] = consumers.ToString();
        files["producer_event.csv"] = producers.ToString();
        return files;
    }

    /// <summary>The folder as a zip (entries at its root).</summary>
    public static byte[] Zip(Neighbourhood n)
    {
        var files = Files(n);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>An EV's charge: how long (s) and how much (Wh) from the state at arrival to the target at its power.</summary>
    public static (double Seconds, double Wh) EvCharge(Device ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var wh = (ev.TargetSoc!.Value - (ev.InitialSoc ?? 0.2)) * ev.CapacityWh!.Value;
        return (Math.Ceiling(wh / ev.PowerW!.Value * 3600), wh);
    }

    private static string Clear(Neighbourhood n, Device pv)
    {
        var (times, energy) = ClearSkyPrediction.Compute(n, pv.PeakW!.Value, pv.TiltDeg ?? 30, pv.AzimuthDeg ?? 180);
        return ProfileText.Format(times, energy);
    }

    private static string Normalise(string text)
    {
        var (times, energy, _) = ProfileText.Parse(text, fromZero: false);
        return ProfileText.Format(times, energy);
    }

    private static void Line(StringBuilder b, long registered, long earliest, long latest, string id, string file) =>
        b.Append(CultureInfo.InvariantCulture, $"{registered};{earliest};{latest};{id};{file}\n");
}
