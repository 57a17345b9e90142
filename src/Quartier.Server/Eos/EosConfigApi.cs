using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's configuration tree: <c>GET/PUT /v1/config</c>, <c>GET/PUT /v1/config/{path}</c>, <c>POST /v1/config/reset</c>,
/// <c>PUT /v1/config/file</c> (save; the file it replaces is kept as a backup), <c>GET /v1/config/backup</c>, <c>PUT
/// /v1/config/revert</c>. Devices map onto Quartier's resources; a refused change leaves the configuration as it was.
/// </summary>
public static class EosConfigApi
{
    public static IEndpointRouteBuilder MapEosConfigApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/config", (EosState state) => Locked(state, () => EosNodes.Json(state.Config.Current()))).WithSummary("The whole configuration (ConfigEOS)");
        v1.MapPut("/config", async (HttpContext context, EosState state) =>
        {
            var body = await EosNodes.ReadBodyAsync(context).ConfigureAwait(false);
            return Locked(state, () =>
            {
                state.Config.Merge(body, "request body");
                return EosNodes.Json(state.Config.Current());
            });
        }).WithSummary("Merge settings (SettingsEOS)");
        v1.MapPost("/config/reset", (EosState state) => Locked(state, () =>
        {
            state.Config.Reset();
            return EosNodes.Json(state.Config.Current());
        })).WithSummary("Back to the configuration file or EOS's defaults");
        v1.MapPut("/config/file", (EosState state) => Locked(state, () =>
        {
            state.Config.Save();
            return EosNodes.Json(state.Config.Current());
        })).WithSummary("Save the configuration to its file");
        v1.MapGet("/config/backup", (EosState state) => Locked(state, () => EosNodes.Json(state.Config.Backups())))
            .WithSummary("The configuration backups beside the configuration file: {backup_id: {date_time, version}}");
        v1.MapPut("/config/revert", (EosState state, [FromQuery(Name = "backup_id")] string backupId) => Locked(state, () =>
        {
            try
            {
                state.Config.Revert(backupId);
                return EosNodes.Json(state.Config.Current());
            }
            catch (KeyNotFoundException e)
            {
                return Problems.BadRequest(e.Message, "backup_id");
            }
        })).WithSummary("Restore the settings of a backup (the file is written only by PUT /v1/config/file)");
        v1.MapGet("/config/{**path}", (string path, EosState state) => Locked(state, () =>
        {
            try
            {
                return EosNodes.Json(state.Config.Get(path));
            }
            catch (KeyNotFoundException e)
            {
                return Problems.NotFound(e.Message);
            }
        })).WithSummary("One value of the configuration");
        v1.MapPut("/config/{**path}", async (string path, HttpContext context, EosState state) =>
        {
            var value = await EosNodes.ReadBodyAsync(context, allowEmpty: true).ConfigureAwait(false);
            return Locked(state, () =>
            {
                try
                {
                    state.Config.Set(path, value, "request body");
                    return EosNodes.Json(state.Config.Current());
                }
                catch (KeyNotFoundException e)
                {
                    return Problems.BadRequest(e.Message, path);
                }
            });
        }).WithSummary("Set one value of the configuration");
        return v1;
    }

    internal static IResult Locked(EosState state, Func<IResult> action)
    {
        lock (state.Gate)
        {
            return action();
        }
    }
}
