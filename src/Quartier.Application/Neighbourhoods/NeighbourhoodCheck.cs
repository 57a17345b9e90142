using System.Globalization;
using System.Text.RegularExpressions;

namespace Quartier.Application.Neighbourhoods;

/// <summary>One thing wrong with a neighbourhood, located: its JSON path, the house, device and job (0-based), the field.</summary>
public sealed record NeighbourhoodError(string Path, string? House, string? Device, int? Job, string Field, string Message);

/// <summary>
/// Checks a neighbourhood completely and returns every error (not just the first), each naming its house, device,
/// job and field: ids, sizes and orientations in their ranges, profiles and predictions well formed, every job's
/// earliest and latest start (and its run) inside the neighbourhood's time span, an EV's charge reachable between
/// arrival and departure. Warnings say what a CoSSMic run leaves out.
/// </summary>
public static partial class NeighbourhoodCheck
{
    public const int MaxPredictions = 4;
    public const int MaxHouses = 10_000;
    public const int MaxDevices = 100;
    public const int MaxJobs = 1_000;

    private static readonly DateTimeOffset First = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Last = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (IReadOnlyList<NeighbourhoodError> Errors, IReadOnlyList<string> Warnings) Check(Neighbourhood n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var errors = new List<NeighbourhoodError>();
        var warnings = new List<string>();
        void Root(string field, string message) => errors.Add(new NeighbourhoodError(field, null, null, null, field, message));
        if (string.IsNullOrWhiteSpace(n.Name) || n.Name.Length > 200)
        {
            Root("name", "the name must be 1 … 200 characters");
        }

        if (n.Start < First || n.Start >= Last)
        {
            Root("start", $"start {Show(n.Start)} must be in 2000 … 2099");
        }

        if (n.Days is < 1 or > 366)
        {
            Root("days", $"days {n.Days} must be 1 … 366");
        }

        if (!(n.Latitude is >= -90 and <= 90))
        {
            Root("latitude", $"latitude {n.Latitude} must be -90 … 90");
        }

        if (!(n.Longitude is >= -180 and <= 180))
        {
            Root("longitude", $"longitude {n.Longitude} must be -180 … 180");
        }

        if (n.Houses is null || n.Houses.Count == 0)
        {
            Root("houses", "the neighbourhood has no houses; add one");
            return (errors, warnings);
        }

        if (n.Houses.Count > MaxHouses)
        {
            Root("houses", $"{n.Houses.Count} houses; at most {MaxHouses}");
            return (errors, warnings);
        }

        var houseIds = new HashSet<string>(StringComparer.Ordinal);
        var runs = 0;
        for (var h = 0; h < n.Houses.Count; h++)
        {
            var house = n.Houses[h];
            var at = $"houses[{h}]";
            var houseName = house?.Id is { Length: > 0 } hid ? hid : $"#{h + 1}";
            void HouseError(string field, string message) => errors.Add(new NeighbourhoodError($"{at}.{field}", houseName, null, null, field, $"house {houseName}: {message}"));
            if (house is null)
            {
                HouseError("id", "is empty");
                continue;
            }

            if (!Id().IsMatch(house.Id ?? string.Empty))
            {
                HouseError("id", $"id '{house.Id}' must be 1 … 40 letters, digits, '_' or '-'");
            }
            else if (!houseIds.Add(house.Id!))
            {
                HouseError("id", $"id '{house.Id}' is used by another house");
            }

            if (house.Devices is not { } devices)
            {
                HouseError("devices", "devices must be a list (empty for a house without devices), not null");
                continue;
            }

            if (devices.Count > MaxDevices)
            {
                HouseError("devices", $"{devices.Count} devices; at most {MaxDevices}");
                continue;
            }

            var deviceIds = new HashSet<string>(StringComparer.Ordinal);
            for (var d = 0; d < devices.Count; d++)
            {
                var device = devices[d];
                if (device is null)
                {
                    HouseError($"devices[{d}]", "a device is empty");
                    continue;
                }

                var c = new DeviceContext(errors, $"{at}.devices[{d}]", houseName, device.Id is { Length: > 0 } did ? did : $"#{d + 1}", device.Kind);
                if (!Id().IsMatch(device.Id ?? string.Empty))
                {
                    c.Error("id", $"id '{device.Id}' must be 1 … 40 letters, digits, '_' or '-'");
                }
                else if (!deviceIds.Add(device.Id!))
                {
                    c.Error("id", $"id '{device.Id}' is used by another device of the house");
                }

                runs += CheckDevice(n, device, c, warnings);
            }
        }

        if (errors.Count == 0 && runs == 0)
        {
            Root("houses", "the neighbourhood has no base load, PV or job: a CoSSMic run needs at least one");
        }

        return (errors, warnings);
    }

    /// <summary>The errors as text, one a line (for logs and the CLI).</summary>
    public static string Describe(IEnumerable<NeighbourhoodError> errors) => string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"));

    internal static string Show(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Checks one device; returns how many CoSSMic events it makes (base load days, producers, jobs).</summary>
    private static int CheckDevice(Neighbourhood n, Device device, DeviceContext c, List<string> warnings)
    {
        var events = 0;
        if (device.Jobs is { Count: > 0 } && device.Kind is not (DeviceKind.Appliance or DeviceKind.HeatPump))
        {
            c.Error("jobs", $"a {Kind(device.Kind)} has no jobs; jobs belong to appliances and heat pumps");
        }

        switch (device.Kind)
        {
            case DeviceKind.BaseLoad:
                if (device.Profile is { Length: > 0 } profile)
                {
                    c.Profile(profile, 86_400);
                }
                else
                {
                    c.Range("daily_kwh", device.DailyKwh, 0.001, 1_000, "kWh", required: true);
                }

                events++;
                break;
            case DeviceKind.Pv:
                c.Range("peak_w", device.PeakW, 1, 10_000_000, "W", required: true);
                c.Range("tilt_deg", device.TiltDeg, 0, 90, "°");
                c.Range("azimuth_deg", device.AzimuthDeg, 0, 360, "°");
                c.Predictions(n, device.Predictions);
                events++;
                break;
            case DeviceKind.Battery:
                c.Range("capacity_wh", device.CapacityWh, 1, 10_000_000, "Wh", required: true);
                c.Range("power_w", device.PowerW, 1, 1_000_000, "W", required: true);
                c.Range("initial_soc", device.InitialSoc, 0, 1, string.Empty);
                warnings.Add($"house {c.House}, battery {c.Device}: CoSSMic runs have no storage; the battery is in the ESDL export only");
                break;
            case DeviceKind.Ev:
                events += c.Ev(n, device);
                break;
            case DeviceKind.HeatPump:
            case DeviceKind.Appliance:
                if (device.Kind == DeviceKind.HeatPump)
                {
                    c.Range("cop", device.Cop, 0.5, 10, string.Empty);
                }

                var seconds = c.RunSeconds(device);
                var jobs = device.Jobs ?? [];
                if (jobs.Count > MaxJobs)
                {
                    c.Error("jobs", $"{jobs.Count} jobs; at most {MaxJobs}");
                    break;
                }

                for (var j = 0; j < jobs.Count; j++)
                {
                    c.Job(n, jobs[j], j, seconds);
                }

                events += jobs.Count;
                break;
            default:
                c.Error("kind", $"unknown kind '{device.Kind}'");
                break;
        }

        return events;
    }

    internal static string Kind(DeviceKind kind) => kind switch
    {
        DeviceKind.BaseLoad => "base load",
        DeviceKind.Pv => "PV",
        DeviceKind.Battery => "battery",
        DeviceKind.Ev => "EV",
        DeviceKind.HeatPump => "heat pump",
        _ => "appliance",
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex Id();
}
