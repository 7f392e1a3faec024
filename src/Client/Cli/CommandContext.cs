using Fcan.Grains.Hosting;
using System.CommandLine;
using Fcan.Client.Connection;
using Fcan.Client.Output;

namespace Fcan.Client.Cli;

/// <summary>What one command invocation runs with: its parsed values, output, state folder and cluster.</summary>
public sealed class CommandContext(ParseResult parse, CliOutput output, string home, ClusterAddress cluster)
{
    public ParseResult Parse { get; } = parse;

    public CliOutput Output { get; } = output;

    /// <summary>The state folder (created on first use).</summary>
    public string Home { get; } = home;

    public ClusterAddress Cluster { get; } = cluster;

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public static CommandContext From(ParseResult parse, GlobalOptions globals)
    {
        var output = new CliOutput(parse.GetValue(globals.Json), parse.GetValue(globals.Verbose));
        var home = parse.GetValue(globals.Home) ?? Environment.GetEnvironmentVariable("FCAN_HOME");
        if (string.IsNullOrWhiteSpace(home))
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fcan");
        string? connection;
        try
        {
            connection = parse.GetValue(globals.Cluster) ?? ClusterConnectionSource.FromEnvironment();
        }
        catch (IOException error)
        {
            throw new UsageException(error.Message);
        }
        var cluster = ClusterAddress.Parse(connection);
        return new CommandContext(parse, output, Path.GetFullPath(home), cluster);
    }
}
