using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary><c>GET /v1/health</c>: EOS's liveness answer with the energy manager's start and last run.</summary>
public static class EosHealthApi
{
    public static IEndpointRouteBuilder MapEosHealthApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/health", (EosState state) =>
        {
            lock (state.Gate)
            {
                return EosNodes.Json(new JsonObject
                {
                    ["status"] = "alive",
                    ["pid"] = Environment.ProcessId,
                    ["version"] = EosConfig.Version,
                    ["energy-management"] = new JsonObject
                    {
                        ["start_datetime"] = EosNodes.Format(state.Started),
                        ["last_run_datetime"] = state.LastRun is { } t ? EosNodes.Format(t) : null,
                    },
                });
            }
        }).WithSummary("Liveness (EOS)");
        return v1;
    }
}
