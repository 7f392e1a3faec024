using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fcan.Grains.Hosting;

/// <summary>Lets a request through only with the dashboard's basic-authentication credentials. ASP.NET Core ships no
/// basic-authentication handler, and the dashboard needs nothing richer than one shared user.</summary>
public sealed class BasicAuthenticationMiddleware(RequestDelegate next, DashboardCredentials credentials)
{
    private readonly byte[] expected = Encoding.UTF8.GetBytes($"Basic {Convert.ToBase64String(
        Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}"))}");

    public Task InvokeAsync(HttpContext context)
    {
        // Constant-time comparison, so response timing does not reveal how much of a guess was right.
        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (CryptographicOperations.FixedTimeEquals(given, expected))
            return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"fcan\"";
        return Task.CompletedTask;
    }
}
