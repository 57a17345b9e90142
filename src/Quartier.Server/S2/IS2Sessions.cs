using Quartier.Resources.S2;
using Quartier.Resources.S2.WebSockets;

namespace Quartier.Server.S2;

/// <summary>
/// The seam to the S2 resources connected to this CEM, for anything that plans or controls them (the native API, an EOS
/// energy-management loop): which resources are there and what they last told, and delivery of an instruction, which the
/// CEM sends at its execution time and whose reception and status updates it records on the returned record.
/// </summary>
public interface IS2Sessions
{
    /// <summary>The CEM's simulated clock (real time at speed 1).</summary>
    SimulatedClock Clock { get; }

    /// <summary>Every resource that has connected (the latest session per resource id), connected or not.</summary>
    IReadOnlyList<S2CemSession> Sessions { get; }

    /// <summary>The latest session of <paramref name="resourceId"/>, or null.</summary>
    S2CemSession? Find(string resourceId);

    /// <summary>
    /// Queues <paramref name="instruction"/> for <paramref name="resourceId"/>, to be sent at its execution time as it is (no
    /// timer is second-guessed: the resource manager decides).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such resource (the message lists the known ones).</exception>
    /// <exception cref="InvalidOperationException">The resource is not connected.</exception>
    /// <exception cref="Quartier.Core.Errors.InputException">The message is not an instruction, or not of the resource's control type.</exception>
    S2InstructionRecord Deliver(string resourceId, S2IdentifiedMessage instruction, string source = "api");
}
