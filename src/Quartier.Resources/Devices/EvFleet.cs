using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>
/// Many EVs over arrays (see <see cref="FrbcFleet"/>): state of charge, mode and factor of each held in arrays. A
/// factor-only instruction, a mode change the state machine certainly accepts, plugging in and unplugging, and a state of
/// charge set from outside (DOTS's EV service keeps its own in joules) are taken by the fleet; the resource catches up when
/// it is next needed (stepping, an instruction the fleet cannot decide, a hand-out), brought up to date first. Both paths
/// give bit-identical results.
/// </summary>
public sealed class EvFleet : FrbcFleet
{
    private readonly EvResource[] _resources;
    private readonly double[] _capacity;
    private readonly bool[] _plugged;

    // a plug-in the fleet took and the resource has not seen yet (unplugging is a reset of the mode state, see FrbcFleet.ResetMode)
    private readonly bool[] _plugStale;
    private readonly DateTimeOffset[] _departure;
    private readonly double[] _target;

    /// <summary>A fleet over <paramref name="resources"/>; <paramref name="fastPath"/> false sends every call to the resource.</summary>
    public EvFleet(IReadOnlyList<EvResource> resources, bool fastPath = true)
        : base([.. (resources ?? throw new ArgumentNullException(nameof(resources))).Select(r => r.Simulation)], fastPath)
    {
        _resources = [.. resources];
        _capacity = [.. resources.Select(r => r.Spec.CapacityWh)];
        _plugged = [.. resources.Select(r => r.IsPlugged)];
        _plugStale = new bool[_resources.Length];
        _departure = new DateTimeOffset[_resources.Length];
        _target = new double[_resources.Length];
    }

    /// <inheritdoc/>
    protected override void OnReset(int i) => _resources[i].Unplug();

    /// <inheritdoc/>
    protected override void OnSync(int i)
    {
        if (_plugStale[i])
        {
            _plugStale[i] = false;
            _resources[i].Plug(_departure[i], _target[i]);
        }
    }

    /// <inheritdoc/>
    protected override void OnReadBack(int i)
    {
        if (_plugged is not null)
        {
            _plugged[i] = _resources[i].IsPlugged;
        }
    }

    /// <summary>Battery capacity of EV <paramref name="i"/> (Wh).</summary>
    public double CapacityWh(int i) => _capacity[i];

    public EvMode Mode(int i) => (EvMode)ActiveMode(i);

    /// <summary>State of charge of EV <paramref name="i"/> (0..1).</summary>
    public double Soc(int i) => FillLevel(i);

    /// <summary>EV <paramref name="i"/>'s resource, brought up to date; the fleet re-reads its state before the next step.</summary>
    public EvResource Resource(int i) => HandOut(_resources, i);

    /// <summary>As <see cref="EvResource.Instruct"/>.</summary>
    public InstructionOutcome Instruct(int i, EvMode mode, double factor, DateTimeOffset at)
    {
        Refresh(i);
        if (TryInstructFactor(i, (int)mode, factor, at) || TryInstructMode(i, (int)mode, factor, at, mode != EvMode.ForcedCharge || _plugged[i]))
        {
            return InstructionOutcome.Accepted;
        }

        Sync(i);
        var outcome = _resources[i].Instruct(mode, factor, at);
        ReadBack(i);
        return outcome;
    }

    /// <summary>As <see cref="EvResource.SetSoc"/>: a level within 0..1 is kept by the fleet; anything else is the resource's to refuse.</summary>
    public void SetSoc(int i, double soc)
    {
        Refresh(i);
        if (soc >= 0 && soc <= 1)
        {
            SetFill(i, soc);
            return;
        }

        Sync(i);
        _resources[i].SetSoc(soc);
        ReadBack(i);
    }

    /// <summary>As <see cref="EvResource.Plug"/>; a valid target is taken by the fleet (the resource sees it when it is next brought up to date).</summary>
    public void Plug(int i, DateTimeOffset departure, double targetSoc)
    {
        if (targetSoc >= 0 && targetSoc <= 1 && CanDefer(i))
        {
            _plugged[i] = true;
            _plugStale[i] = true;
            _departure[i] = departure;
            _target[i] = targetSoc;
            return;
        }

        Sync(i);
        _resources[i].Plug(departure, targetSoc);
        ReadBack(i);
    }

    /// <summary>As <see cref="EvResource.Unplug"/>: the session ends and the car goes to IDLE (taken by the fleet where it may).</summary>
    public void Unplug(int i)
    {
        if (CanDefer(i))
        {
            _plugged[i] = false;
            _plugStale[i] = false;
            ResetMode(i, (int)EvMode.Idle, 0);
            return;
        }

        Sync(i);
        _resources[i].Unplug();
        ReadBack(i);
    }

    /// <summary>As <see cref="EvResource.Step"/>; returns the new state of charge.</summary>
    public double Step(int i, DateTimeOffset at, double seconds)
    {
        Sync(i);
        double soc = _resources[i].Step(at, seconds).Soc;
        ReadBack(i);
        return soc;
    }
}
