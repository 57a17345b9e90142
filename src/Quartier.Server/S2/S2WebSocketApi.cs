using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartier.Resources.S2.WebSockets;

namespace Quartier.Server.S2;

/// <summary>
/// <c>/s2/ws</c>: S2 resource managers connect here (JSON over WebSocket, Quartier as CEM). The upgrade response carries the
/// CEM's simulated clock in <see cref="SimulatedClock.HeaderName"/>.
/// </summary>
public static class S2WebSocketApi
{
    /// <summary>Registers the CEM (a hosted service) and what it is reached through.</summary>
    public static IServiceCollection AddS2Cem(this IServiceCollection services, S2CemOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<S2Cem>();
        services.AddSingleton<IS2Sessions>(sp => sp.GetRequiredService<S2Cem>());
        services.AddHostedService(sp => sp.GetRequiredService<S2Cem>());
        return services;
    }

    public static IEndpointRouteBuilder MapS2WebSocketApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s2/ws", Connect)
            .WithTags("S2")
            .WithSummary("S2 resource managers connect here with a WebSocket (S2 JSON messages as text frames; Quartier is the CEM)")
            .AddEndpointFilter(Security.RequireToken);
        return app;
    }

    private static async Task<IResult> Connect(HttpContext context, S2Cem cem)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("/s2/ws speaks S2 over WebSocket: open it with a WebSocket upgrade request");
        }

        context.Response.Headers[SimulatedClock.HeaderName] = cem.Begin().Header;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await cem.RunSessionAsync(socket, context.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }
}
