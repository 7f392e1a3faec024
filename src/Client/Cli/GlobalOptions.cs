using System.CommandLine;

namespace Fcan.Client.Cli;

/// <summary>Options every command accepts (recursive on the root): where state lives, which cluster, output shape.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Home { get; } = new("--home")
    {
        Description = "Folder for embedded-cluster state, pools and logs (default: $FCAN_HOME or ~/.fcan)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Cluster { get; } = new("--cluster")
    {
        Description = "Join a running cluster: redis://host:port, postgres://user:pw@host/db or host:port "
            + "(default: $FCAN_CLUSTER or the file $FCAN_CLUSTER_FILE names, else an embedded cluster in this process)",
        HelpName = "CONNECTION",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print results as JSON for scripts",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print details (timings, causes of errors)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Home);
        root.Options.Add(Cluster);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
    }
}
