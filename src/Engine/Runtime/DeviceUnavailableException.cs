namespace Fcan.Engine.Runtime;

/// <summary>The requested device can't be used here; the message says what was tried, in one line.</summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);
