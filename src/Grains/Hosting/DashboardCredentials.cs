namespace Fcan.Grains.Hosting;

/// <summary>The user and password a dashboard reachable beyond loopback asks for (HTTP basic authentication).</summary>
public sealed record DashboardCredentials(string User, string Password)
{
    public const string UserVariable = "FCAN_DASHBOARD_USER";

    public const string PasswordVariable = "FCAN_DASHBOARD_PASSWORD";

    /// <summary>Credentials from FCAN_DASHBOARD_USER and FCAN_DASHBOARD_PASSWORD; null unless both are set.</summary>
    public static DashboardCredentials? FromEnvironment() =>
        Environment.GetEnvironmentVariable(UserVariable) is { Length: > 0 } user
        && Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } password
            ? new DashboardCredentials(user, password)
            : null;
}
