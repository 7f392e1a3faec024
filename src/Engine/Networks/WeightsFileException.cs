namespace Fcan.Engine.Networks;

/// <summary>A weights file that can't be used: the file and the first bad tensor or the reason, in one line.</summary>
public sealed class WeightsFileException(string file, string reason) : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}
