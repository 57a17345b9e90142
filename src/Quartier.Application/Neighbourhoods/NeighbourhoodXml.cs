using Quartier.Core.Errors;
using Quartier.Cossmic.Import;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// A neighbourhood from the PySSMic web editor's XML (read by <see cref="CossmicXml"/>): each house with its users'
/// devices — consumers become appliances (1 kW for 60 min until given a profile: the XML names a template, not its
/// load), producers PV (3 kWp, 30°, south, a clear-sky prediction) — and, from the jobs XML, each consumer's jobs.
/// The time span runs from the UTC midnight before the first job to the day after the last latest start.
/// </summary>
public static class NeighbourhoodXml
{
    public static (Neighbourhood Neighbourhood, IReadOnlyList<string> Warnings) Read(byte[] neighbourhoodXml, byte[]? jobsXml, DateTimeOffset today, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(neighbourhoodXml);
        var folder = Path.Combine(Path.GetTempPath(), "quartier-xml-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var layoutPath = Path.Combine(folder, "neighbourhood.xml");
            File.WriteAllBytes(layoutPath, neighbourhoodXml);
            CossmicLayout layout;
            CossmicXmlJobs? jobs = null;
            try
            {
                layout = CossmicXml.ReadNeighbourhood(layoutPath);
                if (jobsXml is { Length: > 0 })
                {
                    var jobsPath = Path.Combine(folder, "jobs.xml");
                    File.WriteAllBytes(jobsPath, jobsXml);
                    jobs = CossmicXml.ReadJobs(jobsPath);
                }
            }
            catch (InputException e) when (e.File is { } f && f.StartsWith(folder, StringComparison.Ordinal))
            {
                throw new InputException(e.Message, Path.GetFileName(f), e.Line, e.ElementId, e, e.Field);
            }

            return Map(layout, jobs, today, name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (Neighbourhood, IReadOnlyList<string>) Map(CossmicLayout layout, CossmicXmlJobs? jobs, DateTimeOffset today, string? name)
    {
        var warnings = new List<string>();
        var all = jobs?.Jobs ?? [];
        foreach (var job in all)
        {
            var house = layout.Houses.FirstOrDefault(h => h.Id == job.HouseId)
                ?? throw new InputException($"house {job.HouseId} is not in the neighbourhood XML (houses: {string.Join(", ", layout.Houses.Select(h => h.Id))})", "jobs.xml", job.Line, job.HouseId);
            var device = house.FindDevice(job.DeviceId)
                ?? throw new InputException($"house {job.HouseId} has no device {job.DeviceId} in the neighbourhood XML", "jobs.xml", job.Line, job.DeviceId);
            if (device.Type != CossmicDeviceType.Consumer)
            {
                throw new InputException($"device {job.DeviceId} of house {job.HouseId} is a producer; only consumers run jobs", "jobs.xml", job.Line, job.DeviceId);
            }

            CossmicRanges.UnixTime.Check(job.EarliestStartUnix, "est", "jobs.xml", job.Line, job.DeviceId);
            CossmicRanges.UnixTime.Check(job.LatestStartUnix, "lst", "jobs.xml", job.Line, job.DeviceId);
            CossmicRanges.UnixTime.Check(job.CreationTimeUnix, "creation_time", "jobs.xml", job.Line, job.DeviceId);
        }

        var first = all.Count == 0 ? today.ToUnixTimeSeconds() : all.Min(j => Math.Min(j.CreationTimeUnix, j.EarliestStartUnix));
        var start = DateTimeOffset.FromUnixTimeSeconds(first - (first % 86_400));
        var last = all.Count == 0 ? start.ToUnixTimeSeconds() : all.Max(j => j.LatestStartUnix) + 3600;
        var days = (int)Math.Clamp(((last - start.ToUnixTimeSeconds()) / 86_400) + 1, 1, 366);
        var houses = layout.Houses.Select(h => new House
        {
            Id = h.Id,
            Devices = [.. h.Users.SelectMany(u => u.Devices).Select(d => d.Type == CossmicDeviceType.Producer
                ? new Device { Id = d.Id, Kind = DeviceKind.Pv, Name = d.Name, PeakW = 3000, TiltDeg = 30, AzimuthDeg = 180 }
                : Consumer(h.Id, d, all, warnings))],
        }).ToList();
        return (new Neighbourhood { Name = name ?? layout.Name ?? $"neighbourhood {layout.Id}", Start = start, Days = days, Houses = houses }, warnings);
    }

    private static Device Consumer(string houseId, CossmicDevice d, IReadOnlyList<CossmicXmlJob> all, List<string> warnings)
    {
        warnings.Add($"house {houseId}, appliance {d.Id} ({d.Name}): template {d.Template}'s load is not in the XML; it runs 1000 W for 60 min until you give its power, duration or profile");
        var jobs = all.Where(j => j.HouseId == houseId && j.DeviceId == d.Id).Select(j => new Job
        {
            Registered = DateTimeOffset.FromUnixTimeSeconds(Math.Min(j.CreationTimeUnix, j.EarliestStartUnix)),
            EarliestStart = DateTimeOffset.FromUnixTimeSeconds(j.EarliestStartUnix),
            LatestStart = DateTimeOffset.FromUnixTimeSeconds(j.LatestStartUnix),
        }).ToList();
        return new Device { Id = d.Id, Kind = DeviceKind.Appliance, Name = d.Name, PowerW = 1000, DurationMin = 60, Jobs = jobs };
    }
}
