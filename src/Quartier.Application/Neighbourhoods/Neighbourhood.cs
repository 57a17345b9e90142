using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// A neighbourhood as the dashboard's editor builds it: houses with devices (base load, PV, battery, EV, heat pump,
/// appliance) and each shiftable device's jobs, over a time span of whole days from <see cref="Start"/>. Stored as JSON
/// (snake_case, <see cref="Json"/>), exported as a PySSMic folder (<see cref="PyssmicExport"/>) and as ESDL
/// (<see cref="EsdlExport"/>).
/// </summary>
public sealed record Neighbourhood
{
    public string Name { get; init; } = "neighbourhood";

    /// <summary>Start of the time span (UTC, whole seconds).</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>Length of the time span in days (1 … 366).</summary>
    public int Days { get; init; } = 1;

    /// <summary>Site latitude (°), for PV predictions computed from size and orientation.</summary>
    public double Latitude { get; init; } = 47.66;

    /// <summary>Site longitude (°, east positive).</summary>
    public double Longitude { get; init; } = 9.18;

    public IReadOnlyList<House> Houses { get; init; } = [];

    /// <summary>End of the time span.</summary>
    [JsonIgnore]
    public DateTimeOffset End => Start.AddDays(Days);

    /// <summary>The document's JSON options: snake_case, enums as text, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>A house of the neighbourhood (a CoSSMic site, an ESDL building with its connection).</summary>
public sealed record House
{
    public string Id { get; init; } = string.Empty;

    public string? Name { get; init; }

    public IReadOnlyList<Device> Devices { get; init; } = [];
}

/// <summary>What a device is.</summary>
public enum DeviceKind
{
    BaseLoad,
    Pv,
    Battery,
    Ev,
    HeatPump,
    Appliance,
}

/// <summary>
/// One device of a house; which fields apply depends on <see cref="Kind"/> (the validator names a missing or
/// misplaced one). Powers in W, energies in Wh, angles in degrees.
/// </summary>
public sealed record Device
{
    public string Id { get; init; } = string.Empty;

    public DeviceKind Kind { get; init; }

    public string? Name { get; init; }

    /// <summary>Base load: energy per day (a constant power), unless <see cref="Profile"/> is given.</summary>
    public double? DailyKwh { get; init; }

    /// <summary>
    /// PySSMic load profile (<c>seconds cumulative_Wh</c> per line, from <c>0 0</c>): a base load's day, or one run of an
    /// appliance or heat pump; without it, <see cref="PowerW"/> for <see cref="DurationMin"/>.
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>Appliance or heat pump: power of a run; EV and battery: charging power.</summary>
    public double? PowerW { get; init; }

    /// <summary>Appliance or heat pump: length of a run without a profile.</summary>
    public double? DurationMin { get; init; }

    /// <summary>PV: peak power.</summary>
    public double? PeakW { get; init; }

    /// <summary>PV: tilt from horizontal.</summary>
    public double? TiltDeg { get; init; }

    /// <summary>PV: azimuth, compass (180 = south).</summary>
    public double? AzimuthDeg { get; init; }

    /// <summary>PV: up to four predictions (PySSMic prediction files); none: one clear-sky prediction from size and orientation.</summary>
    public IReadOnlyList<Prediction>? Predictions { get; init; }

    /// <summary>Battery or EV: usable capacity.</summary>
    public double? CapacityWh { get; init; }

    /// <summary>Battery or EV: state of charge at the start (battery) or at arrival (EV), 0 … 1.</summary>
    public double? InitialSoc { get; init; }

    /// <summary>EV: arrival (available for charging from).</summary>
    public DateTimeOffset? Arrival { get; init; }

    /// <summary>EV: departure (charged to the target by).</summary>
    public DateTimeOffset? Departure { get; init; }

    /// <summary>EV: state of charge wanted at departure, 0 … 1.</summary>
    public double? TargetSoc { get; init; }

    /// <summary>Heat pump: coefficient of performance (thermal = electric × COP in ESDL).</summary>
    public double? Cop { get; init; }

    /// <summary>Appliance or heat pump: its runs.</summary>
    public IReadOnlyList<Job>? Jobs { get; init; }
}

/// <summary>A PV prediction: issued at <see cref="IssuedAt"/>, PySSMic's <c>unix_time cumulative_Wh</c> lines.</summary>
public sealed record Prediction
{
    public DateTimeOffset IssuedAt { get; init; }

    public string Data { get; init; } = string.Empty;
}

/// <summary>One run of a shiftable device: it must start between the earliest and the latest start; the scheduler learns it at <see cref="Registered"/> (default the earliest start).</summary>
public sealed record Job
{
    public DateTimeOffset EarliestStart { get; init; }

    public DateTimeOffset LatestStart { get; init; }

    public DateTimeOffset? Registered { get; init; }
}
