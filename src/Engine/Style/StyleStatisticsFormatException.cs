namespace Fcan.Engine.Style;

/// <summary>A style statistics file or stream that can't be read, with the reason.</summary>
public sealed class StyleStatisticsFormatException(string reason) : Exception(reason);
