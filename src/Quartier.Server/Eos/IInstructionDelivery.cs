using System.Text.Json.Nodes;

namespace Quartier.Server.Eos;

/// <summary>
/// Where the energy manager hands the instructions that are due: after every cycle it passes each instruction of the
/// new plan whose <c>execution_time</c> has come (and that it has not handed over before), in EOS's instruction JSON
/// (<c>FRBCInstruction</c>, <c>PPBCScheduleInstruction</c>, <c>PEBCInstruction</c>, …). An S2 WebSocket CEM registers its
/// own implementation to send them to the connected resource managers; the default only logs them.
/// </summary>
public interface IInstructionDelivery
{
    /// <summary>Delivers due instructions of plan <paramref name="planId"/>; must not throw for a device that is not connected.</summary>
    Task DeliverAsync(string planId, IReadOnlyList<JsonObject> instructions, CancellationToken cancellation);
}
