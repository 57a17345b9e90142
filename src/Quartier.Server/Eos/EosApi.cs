using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Quartier.Server.Eos;

/// <summary>
/// The EOS-compatible API (Akkudoktor-EOS's <c>/v1/…</c> and legacy <c>/optimize</c>), answered only on the
/// <c>--eos-urls</c> ports so that EOS clients change nothing but host and port. One file per resource beside this one.
/// </summary>
public static class EosApi
{
    /// <summary>
    /// The EOS state (configuration read from <see cref="ServeOptions.EosConfigFile"/>, the saved cache and series read
    /// back), the log buffer of <c>/v1/logging/log</c> (a logger provider), the energy manager and the default instruction delivery.
    /// </summary>
    /// <exception cref="Core.Errors.InputException">The EOS configuration file or the saved state is invalid.</exception>
    public static IServiceCollection AddEosApi(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new EosState(options.EosConfigFile, TimeProvider.System);
        // EOS loads its saved state at start: the cache management data, then the measurements and predictions
        state.Cache.Load(EosCache.StoreFile(state.Config));
        EosDatabase.Load(state);
        services.AddSingleton(state);
        var logs = new EosLogBuffer(TimeProvider.System);
        services.AddSingleton(logs);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        services.TryAddSingleton<IInstructionDelivery, LoggedInstructionDelivery>();
        services.AddSingleton<EosEnergyManager>();
        services.AddHostedService(sp => sp.GetRequiredService<EosEnergyManager>());
        return services;
    }

    public static IEndpointRouteBuilder MapEosApi(this IEndpointRouteBuilder app, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ports = Ports(options.EosUrls);
        var v1 = app.MapGroup("/v1").WithTags("EOS");
        v1.AddEndpointFilter(async (context, next) => ports.Contains(context.HttpContext.Connection.LocalPort)
            ? await next(context).ConfigureAwait(false)
            : Problems.NotFound($"the EOS API answers on {options.EosUrls}"));
        v1.MapEosHealthApi();
        v1.MapEosConfigApi();
        v1.MapEosResourceApi();
        v1.MapEosMeasurementApi();
        v1.MapEosPredictionApi();
        v1.MapEosEnergyManagementApi();
        v1.MapEosLoggingApi();
        v1.MapEosAdminApi();
        var legacy = app.MapGroup(string.Empty);
        legacy.AddEndpointFilter(async (context, next) => ports.Contains(context.HttpContext.Connection.LocalPort)
            ? await next(context).ConfigureAwait(false)
            : Problems.NotFound($"the EOS API answers on {options.EosUrls}"));
        legacy.MapEosOptimizeApi();
        legacy.MapEosLegacyApi();
        legacy.MapEosPlanPdfApi();
        return app;
    }

    /// <summary>The ports of <paramref name="urls"/> (';'-separated).</summary>
    internal static HashSet<int> Ports(string urls) =>
        [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : -1)
            .Where(p => p > 0)];
}
