namespace Fcan.Client.Cli;

/// <summary>Bad usage found after parsing (an invalid value, a malformed URI): exit code 2 with this one-line message.</summary>
public sealed class UsageException(string message) : Exception(message);
