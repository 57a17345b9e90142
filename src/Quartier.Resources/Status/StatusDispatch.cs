using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>Applies parsed statuses to the runtime simulations (shared by devices and adapters).</summary>
internal static class StatusDispatch
{
    /// <summary>Applies an FRBC status or a power measurement to <paramref name="simulation"/>.</summary>
    public static void ApplyFrbc(IResource resource, FrbcSimulation simulation, ResourceStatus status, ref ResourceMeasurement measurement)
    {
        switch (status)
        {
            case PowerMeasurementStatus pm:
                measurement = new ResourceMeasurement(pm.MeasurementTimestamp, pm.Powers);
                return;
            case ActuatorStatus a when a.Type == ResourceStatusType.FrbcActuatorStatus:
                simulation.ApplyActuatorStatus(a.ActuatorId, a.ActiveOperationModeId, a.OperationModeFactor, a.PreviousOperationModeId, a.TransitionTimestamp);
                return;
            case StorageStatus s:
                simulation.ApplyStorageStatus(s.PresentFillLevel);
                return;
            case TimerStatus t when t.Type == ResourceStatusType.FrbcTimerStatus:
                simulation.ApplyTimerStatus(t.ActuatorId, t.TimerId, t.FinishedAt);
                return;
            default:
                throw NotApplicable(resource, status);
        }
    }

    /// <summary>Applies an OMBC status or a power measurement.</summary>
    public static void ApplyOmbc(IResource resource, OmbcSimulation simulation, ResourceStatus status, ref ResourceMeasurement measurement)
    {
        switch (status)
        {
            case PowerMeasurementStatus pm:
                measurement = new ResourceMeasurement(pm.MeasurementTimestamp, pm.Powers);
                return;
            case ActuatorStatus a when a.Type == ResourceStatusType.OmbcStatus:
                simulation.ApplyStatus(a.ActiveOperationModeId, a.OperationModeFactor, a.PreviousOperationModeId, a.TransitionTimestamp);
                return;
            case TimerStatus t when t.Type == ResourceStatusType.OmbcTimerStatus:
                simulation.ApplyTimerStatus(t.TimerId, t.FinishedAt);
                return;
            default:
                throw NotApplicable(resource, status);
        }
    }

    /// <summary>Applies a DDBC status or a power measurement.</summary>
    public static void ApplyDdbc(IResource resource, DdbcSimulation simulation, ResourceStatus status, ref ResourceMeasurement measurement)
    {
        switch (status)
        {
            case PowerMeasurementStatus pm:
                measurement = new ResourceMeasurement(pm.MeasurementTimestamp, pm.Powers);
                return;
            case ActuatorStatus a when a.Type == ResourceStatusType.DdbcActuatorStatus:
                simulation.ApplyActuatorStatus(a.ActuatorId, a.ActiveOperationModeId, a.OperationModeFactor, a.PreviousOperationModeId, a.TransitionTimestamp);
                return;
            case TimerStatus t when t.Type == ResourceStatusType.DdbcTimerStatus:
                simulation.ApplyTimerStatus(t.ActuatorId, t.TimerId, t.FinishedAt);
                return;
            default:
                throw NotApplicable(resource, status);
        }
    }

    /// <summary>Applies a power measurement (the only status PPBC and PEBC resources take here).</summary>
    public static void ApplyMeasurementOnly(IResource resource, ResourceStatus status, ref ResourceMeasurement measurement)
    {
        if (status is PowerMeasurementStatus pm)
        {
            measurement = new ResourceMeasurement(pm.MeasurementTimestamp, pm.Powers);
            return;
        }

        throw NotApplicable(resource, status);
    }

    public static InputException NotApplicable(IResource resource, ResourceStatus status)
    {
        var accepted = new List<string>();
        foreach (ResourceStatusType t in Enum.GetValues<ResourceStatusType>())
        {
            var ct = ResourceStatusTypes.ControlTypeOf(t);
            if (ct is null || ct == resource.ControlType)
            {
                accepted.Add(ResourceStatusTypes.ToS2(t));
            }
        }

        return new InputException(
            $"resource '{resource.Id}' is simulated with {ControlTypes.ToS2(resource.ControlType)}; a {ResourceStatusTypes.ToS2(status.Type)} status does not apply (accepted: {string.Join(", ", accepted)})",
            file: status.Source,
            elementId: resource.Id);
    }
}
