using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Server.Eos;

/// <summary>
/// What the EOS API holds: the configuration, the devices as Quartier resources (rebuilt when the configuration
/// changes, with the reported state carried over), the latest status per resource and actuator, measurements,
/// predictions and the published plan and solution. One lock guards it all; every member takes it.
/// </summary>
public sealed class EosState
{
    private readonly Dictionary<(string Resource, string? Actuator), EosStatusDocument> _statuses = [];
    private readonly Dictionary<string, (string Status, DateTimeOffset At)> _applianceReports = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private ResourceRegistry _registry = new();
    private int _registryRevision = -1;

    /// <summary>State over the configuration file <paramref name="configFile"/> (read now when it exists).</summary>
    /// <exception cref="InputException">The configuration file is invalid.</exception>
    public EosState(string configFile, TimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Config = new EosConfig(configFile);
        Started = clock.GetUtcNow();
    }

    /// <summary>The clock (the system's; tests may inject another).</summary>
    public TimeProvider Clock => _clock;

    /// <summary>The lock every reader and writer takes.</summary>
    public object Gate { get; } = new();

    /// <summary>The configuration.</summary>
    public EosConfig Config { get; }

    /// <summary>Measurements (<c>/v1/measurement/…</c>).</summary>
    public EosSeriesStore Measurements { get; } = new();

    /// <summary>Predictions (<c>/v1/prediction/…</c>).</summary>
    public EosSeriesStore Predictions { get; } = new();

    /// <summary>EOS's cache management data (<c>/v1/admin/cache…</c>).</summary>
    public EosCache Cache { get; } = new();

    /// <summary>When <see cref="EosDatabase.Save"/> last wrote the stores, null before.</summary>
    public DateTimeOffset? DatabaseSavedAt { get; set; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>The latest energy-management plan (<c>EnergyManagementPlan</c>), null before the first.</summary>
    public JsonObject? Plan { get; set; }

    /// <summary>The latest optimisation solution (<c>OptimizationSolution</c>), null before the first.</summary>
    public JsonObject? Solution { get; set; }

    /// <summary>The latest legacy <c>POST /optimize</c> answer and when it was given, null before the first.</summary>
    public (DateTimeOffset At, JsonObject Answer)? LegacyResult { get; set; }

    /// <summary>When the energy manager last finished a cycle.</summary>
    public DateTimeOffset? LastRun { get; set; }

    /// <summary>The resources for the current configuration (rebuilt after a change, the reported state re-applied).</summary>
    public ResourceRegistry Resources
    {
        get
        {
            if (_registryRevision != Config.Revision)
            {
                Rebuild();
            }

            return _registry;
        }
    }

    /// <summary>Takes a reported status: stores it, updates the resource's state (and the device's measurement keys).</summary>
    /// <exception cref="InputException">The status does not fit the configured resource (nothing is stored then).</exception>
    public JsonObject PutStatus(string resourceId, string? actuatorId, EosStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var status = document.Status;
        if (status is ActuatorStatus a && a.ActuatorId is null && actuatorId is not null)
        {
            status = a with { ActuatorId = actuatorId };
        }

        if (status is not null && Resources.TryGet(resourceId, out _))
        {
            Resources.ApplyStatus(resourceId, status);
        }

        _statuses[(resourceId, actuatorId)] = document with { Status = status };
        var now = _clock.GetUtcNow();
        if (document.Type == "PPBCPowerProfileStatus" && document.Json["sequence_container_status"] is JsonArray containers)
        {
            foreach (var c in containers)
            {
                if (EosNodes.AsText(c?["status"]) is { } sequence)
                {
                    _applianceReports[resourceId] = (sequence, now);
                }
            }
        }

        switch (status)
        {
            case StorageStatus s:
                Measurements.Put(resourceId + "-soc-factor", now, s.PresentFillLevel);
                break;
            case PowerMeasurementStatus p:
                foreach (var v in p.Values)
                {
                    var suffix = v.Quantity switch
                    {
                        CommodityQuantity.ElectricPowerL1 => "power-l1-w",
                        CommodityQuantity.ElectricPowerL2 => "power-l2-w",
                        CommodityQuantity.ElectricPowerL3 => "power-l3-w",
                        CommodityQuantity.ElectricPower3PhaseSymmetric => "power-3-phase-sym-w",
                        _ => null,
                    };
                    if (suffix is not null)
                    {
                        Measurements.Put($"{resourceId}-{suffix}", p.MeasurementTimestamp, v.Value);
                    }
                }

                break;
        }

        return (JsonObject)document.Json.DeepClone();
    }

    /// <summary>The latest status of a resource (and actuator), or null.</summary>
    public JsonObject? GetStatus(string resourceId, string? actuatorId) =>
        _statuses.TryGetValue((resourceId, actuatorId), out var d) ? (JsonObject)d.Json.DeepClone() : null;

    /// <summary>
    /// Why an appliance is not to be planned now: its last PPBC status today says its run is <c>EXECUTING</c>,
    /// <c>INTERRUPTED</c> or <c>FINISHED</c> (it runs once a day); null when it may be planned.
    /// </summary>
    public string? ApplianceDone(string id, DateTimeOffset now) =>
        _applianceReports.TryGetValue(id, out var r) && r.At.UtcDateTime.Date == now.UtcDateTime.Date && r.Status is "EXECUTING" or "INTERRUPTED" or "FINISHED"
            ? $"{id} reported {r.Status} at {EosNodes.Format(r.At)}; not planned again today"
            : null;

    /// <summary>Number of statuses held (one per resource and actuator).</summary>
    public int StatusCount => _statuses.Count;

    /// <summary>After measurements were written: a newer <c>&lt;device&gt;-soc-factor</c> sets the device's fill level.</summary>
    public void ApplySocMeasurements(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys.Distinct())
        {
            if (key.EndsWith("-soc-factor", StringComparison.Ordinal) && Measurements.Latest(key) is { } latest
                && Resources.TryGet(key[..^"-soc-factor".Length], out var resource) && resource is BatteryResource or EvResource)
            {
                resource!.ApplyStatus(new StorageStatus(Math.Clamp(latest.Value, 0, 1)) { Source = "measurement " + key });
            }
        }
    }

    /// <summary>The fill level (0..1) of a battery or vehicle resource now.</summary>
    public double FillLevel(string id) => Resources.Get(id) switch
    {
        BatteryResource b => b.FillLevel,
        EvResource e => e.Soc,
        _ => double.NaN,
    };

    private void Rebuild()
    {
        var start = _clock.GetUtcNow();
        var registry = Config.Devices.CreateResources(new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero), 72);
        foreach (var ((resource, _), document) in _statuses)
        {
            if (document.Status is { } s && registry.TryGet(resource, out _))
            {
                try
                {
                    registry.ApplyStatus(resource, s);
                }
                catch (InputException)
                {
                    // a status of the previous configuration that no longer fits the device: the device keeps its configured state
                }
            }
        }

        _registry = registry;
        _registryRevision = Config.Revision;
        ApplySocMeasurements(Measurements.Keys);
    }
}
