using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartier.Core.Errors;
using Quartier.Server.Cluster;
using Quartier.Server.Dots;
using Quartier.Server.Eos;
using Quartier.Server.Jobs;
using Quartier.Server.Native;
using Quartier.Server.S2;
using Quartier.Storage;

namespace Quartier.Server;

/// <summary>
/// <c>quartier serve</c>: ASP.NET Core minimal APIs over the application layer — DOTS's orchestrator API, Quartier's
/// native API, OpenAPI at <c>/openapi/v1.json</c> with a browsable UI at <c>/docs</c>, RFC 7807 problems for every
/// error, request logs, and the run queue as a hosted service.
/// </summary>
public static class ServerApp
{
    public static WebApplication Build(ServeOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.WithEnvironment(Environment.GetEnvironmentVariable);
        if (options.Concurrency is < 1 or > 256)
        {
            throw new InputException($"concurrency {options.Concurrency} must be 1 … 256", field: "concurrency");
        }

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.EosEnabled ? options.Urls + ";" + options.EosUrls : options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxRequestBytes);
        builder.Logging.ClearProviders().AddSimpleConsole(c =>
        {
            c.SingleLine = true;
            c.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            c.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DotsAuth>();
        // every option is checked before the store is opened, so a refused start leaves the workspace as it was
        if (options.Influx is { } influx)
        {
            builder.Services.AddSingleton<ISeriesSinkFactory>(Influx.InfluxSinkFactory.Create(influx));
        }

        if (options.EosEnabled)
        {
            // the EOS loop's due instructions go to the S2 resource managers connected under the same resource ids
            builder.Services.AddSingleton<Eos.LoggedInstructionDelivery>();
            builder.Services.AddSingleton<Eos.IInstructionDelivery, S2.S2InstructionDelivery>();
            builder.Services.AddSingleton<S2.IExternalPlanner, Eos.EosPlannedResources>();
            builder.Services.AddEosApi(options);
        }

        // the cluster's tables first: a cluster that cannot be reached stops the server before its store is touched
        options.Cluster?.Validated().ApplySchema();
        var (store, jobs, scenarios, neighbourhoods) = Stores.Open(options, TimeProvider.System);
        builder.Services.AddSingleton<IRunStore>(store);
        builder.Services.AddSingleton(jobs);
        builder.Services.AddSingleton(scenarios);
        builder.Services.AddSingleton(neighbourhoods);
        if (options.Cluster is { } cluster)
        {
            builder.AddCluster(cluster);
        }

        builder.Services.AddSingleton<JobManager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobManager>());
        builder.Services.AddS2Cem(options.S2);
        builder.Services.AddSweeps();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var app = builder.Build();
        _ = app.Services.GetRequiredService<DotsAuth>(); // refuse to start when auth is on without its secrets
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Problems.Handle });
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "Quartier");
            ui.DocumentTitle = "Quartier API";
        });
        app.MapDotsSimulationApi();
        app.MapRunsApi();
        app.MapCossmicRunsApi();
        app.MapRunViewsApi();
        app.MapScenariosApi();
        app.MapNeighbourhoodsApi();
        app.MapSweepsApi();
        app.MapHealthApi();
        app.MapResourcesApi();
        if (options.EosEnabled)
        {
            app.MapEosApi(options);
        }

        app.MapS2WebSocketApi();
        app.MapS2ResourcesApi();
        app.MapDashboard();
        return app;
    }
}
