using System.CommandLine;

namespace Fcan.Client.Commands;

/// <summary>`fcan render`: one AAN render in this process (placeholder until the engine lands).</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var command = new Command("render", "One AAN render in this process, no cluster.");
        command.SetAction(_ => { Console.Error.WriteLine("fcan render: not implemented yet"); return FcanCli.Failed; });
        return command;
    }
}
