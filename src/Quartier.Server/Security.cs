using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quartier.Server.Dots;

namespace Quartier.Server;

/// <summary>The bearer-token check every API route but the token and health routes passes through.</summary>
public static class Security
{
    public static async ValueTask<object?> RequireToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var auth = context.HttpContext.RequestServices.GetRequiredService<DotsAuth>();
        if (!auth.Allows(context.HttpContext))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("Could not validate credentials");
        }

        return await next(context).ConfigureAwait(false);
    }
}
