namespace Fcan.Data.Imaging;

/// <summary>An image that can't be used, with the item it came from and the reason in one line.</summary>
public sealed class ImageFormatException(string item, string reason) : Exception($"{item}: {reason}")
{
    public string Item { get; } = item;
    public string Reason { get; } = reason;
}
