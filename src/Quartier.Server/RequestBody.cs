using Microsoft.AspNetCore.Http;

namespace Quartier.Server;

/// <summary>Reads a request body whole, within the server's size limit (Kestrel refuses a larger one with 413).</summary>
public static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
