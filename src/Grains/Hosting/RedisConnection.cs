using StackExchange.Redis;

namespace Fcan.Grains.Hosting;

/// <summary>Turns "redis://[user:password@]host[:port]" into client options that retry instead of failing at start.</summary>
public static class RedisConnection
{
    public const string Scheme = "redis://";

    public static bool Names(string? cluster) => cluster?.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) == true;

    public static ConfigurationOptions Options(string uri)
    {
        var parsed = new Uri(uri);
        var options = new ConfigurationOptions { AbortOnConnectFail = false };
        options.EndPoints.Add(parsed.Host, parsed.Port > 0 ? parsed.Port : 6379);
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else options.Password = Uri.UnescapeDataString(parts[0]);
        }
        return options;
    }
}
