using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary><c>GET /api/health</c>: the server is up, where its results go, how many runs wait and run.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (JobManager jobs, ServeOptions options, IServiceProvider services) => Results.Ok(new
        {
            status = "ok",
            store = options.Store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "postgres" : "sqlite",
            influx = options.Influx is not null,
            queued = jobs.Waiting,
            running = jobs.All().Count(j => j.Record.State == JobState.Running),
            concurrency = options.Concurrency,
            auth = options.AuthRequired,
            cluster = Cluster(services),
        })).WithTags("Health").WithSummary("Liveness and queue figures");
        return app;
    }

    /// <summary>Where the server is part of a cluster: this silo's name and the active silos.</summary>
    private static object? Cluster(IServiceProvider services)
    {
        if (services.GetService(typeof(Orleans.Runtime.ILocalSiloDetails)) is not Orleans.Runtime.ILocalSiloDetails silo
            || services.GetService(typeof(Orleans.Runtime.IClusterMembershipService)) is not Orleans.Runtime.IClusterMembershipService membership)
        {
            return null;
        }

        return new
        {
            silo = silo.Name,
            active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == Orleans.Runtime.SiloStatus.Active).Select(m => m.Name).Order(StringComparer.Ordinal),
        };
    }
}
