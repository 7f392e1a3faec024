namespace Fcan.Grains.Client;

/// <summary>An unknown job or pool id; the message is one line naming it, fit for the CLI's exit code 1.</summary>
public sealed class FcanNotFoundException(string message) : Exception(message);
