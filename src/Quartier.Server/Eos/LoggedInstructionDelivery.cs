using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Quartier.Server.Eos;

/// <summary>The default <see cref="IInstructionDelivery"/>: no device is connected, so due instructions are logged and counted.</summary>
public sealed partial class LoggedInstructionDelivery(ILogger<LoggedInstructionDelivery> log) : IInstructionDelivery
{
    private long _delivered;

    /// <summary>Instructions handed over so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <inheritdoc />
    public Task DeliverAsync(string planId, IReadOnlyList<JsonObject> instructions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        foreach (var i in instructions)
        {
            var type = EosNodes.AsText(i["type"]) ?? "?";
            var resource = EosNodes.AsText(i["resource_id"]) ?? "?";
            var mode = EosNodes.AsText(i["operation_mode_id"]) ?? EosNodes.AsText(i["power_sequence_id"]) ?? "-";
            var at = EosNodes.AsText(i["execution_time"]) ?? "?";
            Due(log, planId, type, resource, mode, at);
        }

        Interlocked.Add(ref _delivered, instructions.Count);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "EMS plan {PlanId}: due {Type} for {Resource}: {Mode} at {At} (no device connected)")]
    private static partial void Due(ILogger logger, string planId, string type, string resource, string mode, string at);
}
