using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Core.Errors;
using Quartier.Resources.S2;
using Quartier.Resources.S2.WebSockets;

namespace Quartier.Server.S2;

/// <summary>
/// The S2 resources connected to the CEM: what each last told (control type, fill level, modes, timers, power), the
/// instructions sent to it with their reception status, status updates and refusal reasons, and the CEM's decisions
/// (timer waits); an S2 instruction posted here is checked against the S2 schemas and sent at its execution time.
/// </summary>
public static class S2ResourcesApi
{
    public static IEndpointRouteBuilder MapS2ResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/s2").WithTags("S2").AddEndpointFilter(Security.RequireToken);
        api.MapGet("/resources", List).WithSummary("The S2 resources that connected, with the CEM's clock");
        api.MapGet("/resources/{resourceId}", Get).WithSummary("One S2 resource: its model, instructions and the CEM's decisions");
        api.MapPost("/resources/{resourceId}/instructions", Post).WithSummary("Send an S2 instruction (FRBC/DDBC/OMBC/PPBC/PEBC JSON, checked against the S2 schemas) at its execution time");
        return app;
    }

    private static IResult List(IS2Sessions cem) => Results.Ok(new
    {
        now = cem.Clock.Now,
        speed = cem.Clock.Speed,
        resources = cem.Sessions.Select(Brief),
    });

    private static IResult Get(string resourceId, IS2Sessions cem)
    {
        if (cem.Find(resourceId) is not { } s)
        {
            return Problems.NotFound($"no S2 resource '{resourceId}'; known: {Known(cem)}");
        }

        lock (s.Gate)
        {
            return Results.Ok(new
            {
                resource = Brief(s),
                details = s.Details,
                actuators = s.Actuators.Select(a => new { actuator_id = a.Key, operation_mode = a.Value.Mode, factor = a.Value.Factor, since = a.Value.Since }),
                timers = s.Timers.Select(t => new { actuator_id = t.Key.Actuator, timer_id = t.Key.Timer, finished_at = t.Value }),
                instructions = s.Instructions.Select(View).ToArray(),
                events = s.Events.ToArray(),
            });
        }
    }

    private static async Task<IResult> Post(string resourceId, HttpContext context, IS2Sessions cem)
    {
        if (cem.Find(resourceId) is null)
        {
            return Problems.NotFound($"no S2 resource '{resourceId}'; known: {Known(cem)}");
        }

        var body = Encoding.UTF8.GetString(await RequestBody.ReadAsync(context).ConfigureAwait(false));
        var (status, reason, id, message) = S2Connection.Check(body);
        if (status != ReceptionStatusValues.Ok || message is not S2IdentifiedMessage instruction)
        {
            return Problems.Input(new InputException($"S2 instruction {S2EnumNames.Of(status)}: {reason}", "request body", elementId: id));
        }

        try
        {
            var record = cem.Deliver(resourceId, instruction);
            return Results.Json(View(record), statusCode: StatusCodes.Status202Accepted);
        }
        catch (InvalidOperationException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    private static string Known(IS2Sessions cem)
    {
        var ids = cem.Sessions.Select(s => s.ResourceId).ToArray();
        return ids.Length == 0 ? "none" : string.Join(", ", ids);
    }

    private static object Brief(S2CemSession s)
    {
        lock (s.Gate)
        {
            return new
            {
                resource_id = s.ResourceId,
                connected = s.Connected,
                control_type = s.ControlType is { } c ? S2EnumNames.Of(c) : null,
                fill_level = s.FillLevel,
                power_w = s.Power?.PowerW,
                measured_at = s.Power?.At,
                messages_received = s.Received,
                invalid_received = s.InvalidReceived,
                instructions = s.Instructions.Count,
                refused = s.Instructions.Count(i => i.Status is "REJECTED" or "ABORTED"),
            };
        }
    }

    private static object View(S2InstructionRecord r) => new
    {
        id = r.Id,
        message_type = r.Message.MessageType,
        summary = r.Summary,
        source = r.Source,
        execution_time = r.ExecutionTime,
        sent_at = r.SentAt,
        reception = r.Reception,
        status = r.Status,
        reason = r.Reason,
        updates = r.Updates.Select(u => new { status = u.Status, at = u.At }).ToArray(),
    };
}
