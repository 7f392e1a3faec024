using System.Runtime.CompilerServices;
using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>A plain folder: every PNG/JPEG below the root except under <c>labels/</c>; the key is the image's path
/// without its extension, and <c>labels/{key}.png</c>, when present, is its label.</summary>
public sealed class FolderDatasetReader(IBlobStore root) : DatasetReader(root)
{
    private const string Labels = "labels/";

    protected override bool LabelsRequired => false;

    public override async IAsyncEnumerable<DatasetItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = await NamesAsync("", cancellationToken);
        var labels = names.Where(name => name.StartsWith(Labels, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        foreach (var item in Pair(names, labels, KeyOf, LabelNameOf)) yield return item;
    }

    protected override string? KeyOf(string imageName) =>
        !imageName.StartsWith(Labels, StringComparison.Ordinal) && IsImageName(imageName) ? WithoutExtension(imageName) : null;

    protected override string LabelNameOf(string key) => $"{Labels}{key}.png";
}
