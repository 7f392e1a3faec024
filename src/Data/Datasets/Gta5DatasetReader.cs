using System.Runtime.CompilerServices;
using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>GTA5 ("Playing for Data"): <c>images/K.png</c> and <c>labels/K.png</c>; the key is K.</summary>
public sealed class Gta5DatasetReader(IBlobStore root) : DatasetReader(root)
{
    private const string Images = "images/";
    private const string Labels = "labels/";

    protected override bool LabelsRequired => true;

    public override async IAsyncEnumerable<DatasetItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var images = await NamesAsync(Images, cancellationToken);
        var labels = (await NamesAsync(Labels, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var item in Pair(images, labels, KeyOf, LabelNameOf)) yield return item;
    }

    protected override string? KeyOf(string imageName) =>
        imageName.StartsWith(Images, StringComparison.Ordinal) && IsImageName(imageName)
            ? WithoutExtension(imageName[Images.Length..])
            : null;

    protected override string LabelNameOf(string key) => $"{Labels}{key}.png";
}
