namespace Quartier.Cossmic.Import;

/// <summary>Role of a device in the web editor's neighbourhood XML (<c>&lt;type&gt;</c>).</summary>
public enum CossmicDeviceType
{
    /// <summary>An appliance whose runs are jobs.</summary>
    Consumer,

    /// <summary>A PV producer.</summary>
    Producer,
}

/// <summary>A device of the neighbourhood XML: id, name, CoSSMic template number and type.</summary>
/// <param name="Line">1-based line of the <c>&lt;device&gt;</c> element.</param>
public sealed record CossmicDevice(string Id, string Name, string Template, CossmicDeviceType Type, int Line);

/// <summary>A user of a house with its devices.</summary>
public sealed record CossmicLayoutUser(string Id, IReadOnlyList<CossmicDevice> Devices);

/// <summary>A house of the neighbourhood XML.</summary>
/// <param name="Line">1-based line of the <c>&lt;house&gt;</c> element.</param>
public sealed record CossmicLayoutHouse(string Id, IReadOnlyList<CossmicLayoutUser> Users, int Line)
{
    /// <summary>The device with this id among all users, or null.</summary>
    public CossmicDevice? FindDevice(string deviceId)
    {
        foreach (var user in Users)
        {
            foreach (var device in user.Devices)
            {
                if (device.Id == deviceId)
                {
                    return device;
                }
            }
        }

        return null;
    }
}

/// <summary>The web editor's neighbourhood XML: <c>&lt;neighborhood id name&gt;&lt;house id&gt;&lt;user id&gt;&lt;device&gt;…</c>.</summary>
/// <param name="File">The file it was read from.</param>
public sealed record CossmicLayout(string Id, string? Name, IReadOnlyList<CossmicLayoutHouse> Houses, string File);

/// <summary>One job of the web editor's jobs XML (a <c>&lt;device&gt;</c> with est, lst, creation_time, profile).</summary>
/// <param name="Profile">The <c>&lt;profile&gt;</c> number if given (load file <c>loads/&lt;profile&gt;.csv</c>).</param>
/// <param name="Line">1-based line of the <c>&lt;device&gt;</c> element.</param>
public sealed record CossmicXmlJob(string HouseId, string UserId, string DeviceId, long CreationTimeUnix, long EarliestStartUnix, long LatestStartUnix, string? Profile, int Line);

/// <summary>The web editor's jobs XML: <c>&lt;neighborhood id executionId&gt;&lt;house id&gt;&lt;user id&gt;&lt;device&gt;…</c>.</summary>
public sealed record CossmicXmlJobs(string NeighbourhoodId, string? ExecutionId, IReadOnlyList<CossmicXmlJob> Jobs, string File);
