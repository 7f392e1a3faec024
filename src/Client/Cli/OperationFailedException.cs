namespace Fcan.Client.Cli;

/// <summary>A well-formed request that failed (unknown pool or job, unreachable cluster): exit code 1, one line.</summary>
public sealed class OperationFailedException(string message, Exception? inner = null) : Exception(message, inner);
