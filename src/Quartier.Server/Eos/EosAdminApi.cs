using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's administration: <c>GET /v1/admin/cache</c> and <c>POST …/cache/clear|clear-expired|save|load</c>
/// (<see cref="EosCache"/>; EOS's <c>load</c> saves instead — here it loads), <c>GET /v1/admin/database/stats</c> and
/// <c>POST …/database/save|vacuum</c> (<see cref="EosDatabase"/>), <c>POST /v1/admin/server/shutdown</c> (saves the
/// state as EOS does, answers, then stops the host gracefully) and <c>POST /v1/admin/server/restart</c>: EOS starts a
/// new process of itself; Quartier cannot re-execute itself portably, so it saves the state, re-reads the configuration
/// from its file and starts the energy-management loop over, in the same process (the answer says so).
/// </summary>
public static class EosAdminApi
{
    public static IEndpointRouteBuilder MapEosAdminApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/admin/cache", (EosState state) => EosConfigApi.Locked(state, () => EosNodes.Json(state.Cache.Current())))
            .WithSummary("Cache management data: {key: {cache_file, mode, until_datetime, ttl_duration}}");
        v1.MapPost("/admin/cache/clear", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            state.Cache.ClearAll(CacheFolder(state));
            return EosNodes.Json(state.Cache.Current());
        })).WithSummary("Clear the whole cache");
        v1.MapPost("/admin/cache/clear-expired", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            state.Cache.ClearExpired(EosCache.StartOfToday(state.Clock), CacheFolder(state));
            return EosNodes.Json(state.Cache.Current());
        })).WithSummary("Clear the records that expired before today");
        v1.MapPost("/admin/cache/save", (EosState state) => EosConfigApi.Locked(state, () =>
            EosNodes.Json(state.Cache.Save(EosCache.StoreFile(state.Config))))).WithSummary("Save the cache management data to the cache folder");
        v1.MapPost("/admin/cache/load", (EosState state) => EosConfigApi.Locked(state, () =>
            EosNodes.Json(state.Cache.Load(EosCache.StoreFile(state.Config))))).WithSummary("Load the cache management data from the cache folder");

        v1.MapGet("/admin/database/stats", (EosState state) => EosConfigApi.Locked(state, () => EosNodes.Json(EosDatabase.Stats(state))))
            .WithSummary("Statistics of the measurement and prediction stores");
        v1.MapPost("/admin/database/save", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            EosDatabase.Save(state);
            return EosNodes.Json(EosDatabase.Stats(state));
        })).WithSummary("Save the measurement and prediction stores to the data folder");
        v1.MapPost("/admin/database/vacuum", (EosState state) => EosConfigApi.Locked(state, () => EosNodes.Json(EosDatabase.Vacuum(state))))
            .WithSummary("Drop values older than database.keep_duration_h");

        v1.MapPost("/admin/server/restart", (EosState state, EosEnergyManager manager) =>
        {
            var answer = EosConfigApi.Locked(state, () =>
            {
                SaveState(state);
                state.Config.Reset();
                return EosNodes.Json(new JsonObject
                {
                    ["message"] = "Restarting EOS... Quartier does not start a new process: it saved its state, re-read the configuration from "
                        + state.Config.File + " and starts the energy-management loop over in this process.",
                    ["pid"] = Environment.ProcessId,
                });
            });
            manager.Restart();
            return answer;
        }).WithSummary("Save the state, re-read the configuration file and start the energy-management loop over (same process)");
        v1.MapPost("/admin/server/shutdown", (HttpContext context, EosState state, IHostApplicationLifetime lifetime) =>
        {
            EosConfigApi.Locked(state, () =>
            {
                SaveState(state);
                return Results.Empty;
            });
            context.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return EosNodes.Json(new JsonObject { ["message"] = "Stopping EOS...", ["pid"] = Environment.ProcessId });
        }).WithSummary("Save the state and stop the server gracefully after answering");
        return v1;
    }

    /// <summary>What EOS saves before it stops: the predictions, the measurements, the cache management data.</summary>
    private static void SaveState(EosState state)
    {
        EosDatabase.Save(state);
        state.Cache.Save(EosCache.StoreFile(state.Config));
    }

    private static string CacheFolder(EosState state) => Path.GetDirectoryName(EosCache.StoreFile(state.Config))!;
}
