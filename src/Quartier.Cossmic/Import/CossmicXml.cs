using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Import;

/// <summary>
/// Reads the PySSMic web editor's XML: the neighbourhood (houses, users, devices with template and type) and the
/// jobs (per device: creation time, earliest and latest start, optional profile), and maps them onto a
/// <see cref="CossmicScenario"/>. Errors are <see cref="InputException"/>s with the file and line.
/// </summary>
public static class CossmicXml
{
    /// <summary>Reads a neighbourhood XML.</summary>
    public static CossmicLayout ReadNeighbourhood(string path)
    {
        var root = Load(path);
        var houses = new List<CossmicLayoutHouse>();
        var houseIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var house in Children(root, "house", path))
        {
            var houseId = Attribute(house, "id", path);
            if (!houseIds.Add(houseId))
            {
                throw new InputException($"house {houseId} appears twice", path, Line(house), houseId);
            }

            var users = new List<CossmicLayoutUser>();
            var deviceIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var user in Children(house, "user", path))
            {
                var devices = new List<CossmicDevice>();
                foreach (var device in Children(user, "device", path))
                {
                    var id = Element(device, "id", path);
                    if (!deviceIds.Add(id))
                    {
                        throw new InputException($"house {houseId}: device {id} appears twice", path, Line(device), id);
                    }

                    var type = Element(device, "type", path).ToLowerInvariant() switch
                    {
                        "consumer" => CossmicDeviceType.Consumer,
                        "producer" => CossmicDeviceType.Producer,
                        var other => throw new InputException($"device {id}: type '{other}' is neither 'consumer' nor 'producer'", path, Line(device), id),
                    };
                    devices.Add(new CossmicDevice(id, Optional(device, "name") ?? id, Element(device, "template", path), type, Line(device)));
                }

                users.Add(new CossmicLayoutUser(Attribute(user, "id", path), devices));
            }

            houses.Add(new CossmicLayoutHouse(houseId, users, Line(house)));
        }

        return new CossmicLayout(Attribute(root, "id", path), root.Attribute("name")?.Value, houses, path);
    }

    /// <summary>
    /// Reads a jobs XML (times in UNIX seconds; values beyond 32 bits are parsed). Their ranges are checked when the jobs
    /// are mapped onto a scenario (<see cref="ToScenario"/>).
    /// </summary>
    public static CossmicXmlJobs ReadJobs(string path)
    {
        var root = Load(path);
        var jobs = new List<CossmicXmlJob>();
        foreach (var house in Children(root, "house", path))
        {
            var houseId = Attribute(house, "id", path);
            foreach (var user in Children(house, "user", path))
            {
                var userId = Attribute(user, "id", path);
                foreach (var device in Children(user, "device", path))
                {
                    var line = Line(device);
                    var id = Element(device, "id", path);
                    var created = TextTable.ParseLong(Element(device, "creation_time", path), "creation_time", path, line);
                    var est = TextTable.ParseLong(Element(device, "est", path), "est", path, line);
                    var lst = TextTable.ParseLong(Element(device, "lst", path), "lst", path, line);
                    if (lst < est)
                    {
                        throw new InputException($"house {houseId}, device {id}: latest start {CossmicScenario.Time(lst)} is before the earliest start {CossmicScenario.Time(est)}", path, line, id);
                    }

                    jobs.Add(new CossmicXmlJob(houseId, userId, id, created, est, lst, Optional(device, "profile"), line));
                }
            }
        }

        return new CossmicXmlJobs(Attribute(root, "id", path), root.Attribute("executionId")?.Value, jobs, path);
    }

    /// <summary>
    /// Reads a neighbourhood XML and a jobs XML and maps them onto a scenario: each job runs the load
    /// <c>loads/&lt;profile&gt;.csv</c> (its <c>&lt;profile&gt;</c>, else the device's template) from
    /// <paramref name="loadsFolder"/> and gets the id <c>[house]:[device]:[k]</c> (k counts the device's jobs);
    /// producers come from <paramref name="producerEventsFile"/> (with <c>predictions/</c> beside it) when given.
    /// </summary>
    public static CossmicScenario ReadScenario(string neighbourhoodXml, string jobsXml, string loadsFolder, string? producerEventsFile = null, string? name = null) =>
        ToScenario(ReadNeighbourhood(neighbourhoodXml), ReadJobs(jobsXml), loadsFolder, producerEventsFile, name);

    /// <summary>Maps a parsed layout and jobs onto a scenario (see <see cref="ReadScenario"/>).</summary>
    public static CossmicScenario ToScenario(CossmicLayout layout, CossmicXmlJobs jobs, string loadsFolder, string? producerEventsFile = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(jobs);
        var houses = layout.Houses.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var profiles = new Dictionary<string, LoadProfile>(StringComparer.Ordinal);
        var perDevice = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<CossmicJob>(jobs.Jobs.Count);
        foreach (var job in jobs.Jobs)
        {
            if (!houses.TryGetValue(job.HouseId, out var house))
            {
                throw new InputException(
                    $"house {job.HouseId} is not in {Path.GetFileName(layout.File)} (houses: {string.Join(", ", layout.Houses.Select(h => h.Id))})",
                    jobs.File, job.Line, job.HouseId);
            }

            var device = house.FindDevice(job.DeviceId)
                ?? throw new InputException($"house {job.HouseId} has no device {job.DeviceId} in {Path.GetFileName(layout.File)}", jobs.File, job.Line, job.DeviceId);
            if (device.Type != CossmicDeviceType.Consumer)
            {
                throw new InputException($"device {job.DeviceId} of house {job.HouseId} is a {device.Type.ToString().ToLowerInvariant()}; only consumers run jobs", jobs.File, job.Line, job.DeviceId);
            }

            CossmicRanges.UnixTime.Check(job.CreationTimeUnix, "creation_time", jobs.File, job.Line, job.DeviceId);
            CossmicRanges.UnixTime.Check(job.EarliestStartUnix, "est", jobs.File, job.Line, job.DeviceId);
            CossmicRanges.UnixTime.Check(job.LatestStartUnix, "lst", jobs.File, job.Line, job.DeviceId);
            CossmicImport.CheckWindow($"house {job.HouseId}, device {job.DeviceId}", job.CreationTimeUnix, job.EarliestStartUnix, job.LatestStartUnix, jobs.File, job.Line);
            var profileName = (job.Profile ?? device.Template) + ".csv";
            CossmicImport.CheckFileName(profileName, "load profile", loadsFolder, jobs.File, job.Line, job.DeviceId);
            if (!profiles.TryGetValue(profileName, out var profile))
            {
                var profilePath = Path.Combine(loadsFolder, profileName);
                if (!File.Exists(profilePath))
                {
                    throw new InputException($"house {job.HouseId}, device {job.DeviceId}: load profile '{profileName}' not found in {loadsFolder}", jobs.File, job.Line, job.DeviceId);
                }

                profile = CossmicImport.ReadLoadProfile(profilePath);
                profiles.Add(profileName, profile);
            }

            var deviceKey = job.HouseId + "\u0001" + job.DeviceId;
            var k = perDevice.TryGetValue(deviceKey, out var c) ? c + 1 : 1;
            perDevice[deviceKey] = k;
            var id = $"[{job.HouseId}]:[{job.DeviceId}]:[{k}]";
            result.Add(new CossmicJob(id, id, job.HouseId, job.DeviceId, job.CreationTimeUnix, job.EarliestStartUnix, job.LatestStartUnix, profile, jobs.File, job.Line));
        }

        var warnings = new List<string>();
        IReadOnlyList<CossmicProducer> producers = [];
        if (producerEventsFile is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(producerEventsFile)) ?? ".";
            producers = CossmicImport.ReadProducerEvents(producerEventsFile, Path.Combine(folder, "predictions"));
            foreach (var producer in producers.Where(p => !houses.ContainsKey(p.HouseId)))
            {
                warnings.Add($"producer {producer.Id}: house {producer.HouseId} is not in {Path.GetFileName(layout.File)}");
            }
        }

        var withPredictions = new HashSet<string>(producers.Select(p => p.HouseId + "\u0001" + p.DeviceId), StringComparer.Ordinal);
        foreach (var house in layout.Houses)
        {
            foreach (var device in house.Users.SelectMany(u => u.Devices).Where(d => d.Type == CossmicDeviceType.Producer))
            {
                if (!withPredictions.Contains(house.Id + "\u0001" + device.Id))
                {
                    warnings.Add($"producer device {device.Id} ({device.Name}) of house {house.Id} has no prediction: it produces nothing");
                }
            }
        }

        return new CossmicScenario(name ?? layout.Name ?? $"neighbourhood {layout.Id}", layout.File, result, producers, warnings);
    }

    private static XElement Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InputException($"XML file not found: {path}", path);
        }

        var document = SafeXml.Load(InputFiles.ReadAllText(path, "XML file"), path);
        var root = document.Root ?? throw new InputException("the XML has no root element", path);
        if (root.Name.LocalName is not ("neighborhood" or "neighbourhood"))
        {
            throw new InputException($"the root element is <{root.Name.LocalName}>; expected <neighborhood>", path, Line(root));
        }

        return root;
    }

    private static IEnumerable<XElement> Children(XElement parent, string name, string path)
    {
        foreach (var child in parent.Elements())
        {
            if (child.Name.LocalName != name)
            {
                throw new InputException($"unexpected <{child.Name.LocalName}> in <{parent.Name.LocalName}>; expected <{name}>", path, Line(child));
            }

            yield return child;
        }
    }

    private static string Attribute(XElement element, string name, string path)
    {
        var value = element.Attribute(name)?.Value.Trim();
        return string.IsNullOrEmpty(value)
            ? throw new InputException($"<{element.Name.LocalName}> has no '{name}' attribute", path, Line(element))
            : value;
    }

    private static string Element(XElement parent, string name, string path)
    {
        var value = parent.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value)
            ? throw new InputException($"<{parent.Name.LocalName}> has no <{name}>", path, Line(parent))
            : value;
    }

    private static string? Optional(XElement parent, string name)
    {
        var value = parent.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int Line(XObject o) => o is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
