using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tidings.Server;

/// <summary>Checks the API key (header X-Api-Key, or Authorization: Bearer KEY) in constant time: always on writes
/// when a key is set, on reads too when <see cref="ServerOptions.ProtectReads"/>.</summary>
internal static class ApiKeyFilter
{
    internal const string Header = "X-Api-Key";

    internal static ValueTask<object?> Writes(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => Check(context, next, reads: false);

    internal static ValueTask<object?> Reads(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => Check(context, next, reads: true);

    private static ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool reads)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.ApiKey is not { } key || (reads && !options.ProtectReads))
            return next(context);
        var request = context.HttpContext.Request;
        string? given = request.Headers[Header].ToString() is { Length: > 0 } h ? h : null;
        if (given is null && request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            given = auth["Bearer ".Length..].Trim();
        if (given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"tidings\"";
        context.HttpContext.RequestServices.GetRequiredService<ServerMetrics>().Rejection("unauthorized");
        return ValueTask.FromResult<object?>(Problems.Of(StatusCodes.Status401Unauthorized, "unauthorized", "An API key is needed",
            given is null ? $"send the API key in the {Header} header (or Authorization: Bearer KEY)" : "the API key is not the right one"));
    }
}
