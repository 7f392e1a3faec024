using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>GTA5 ("Playing for Data"): <c>images/K.png</c> and <c>labels/K.png</c>; the key is K.</summary>
public sealed class Gta5DatasetReader(IBlobStore root) : DatasetReader(root)
{
    private const string Images = "images/";
    private const string Labels = "labels/";

    protected override bool LabelsRequired => true;

    public override IAsyncEnumerable<DatasetItem> ListAsync(CancellationToken cancellationToken) =>
        ListUnderAsync(Images, Labels, cancellationToken);

    protected override string? KeyOf(string imageName) =>
        imageName.StartsWith(Images, StringComparison.Ordinal) && IsImageName(imageName)
            ? WithoutExtension(imageName[Images.Length..])
            : null;

    protected override string LabelNameOf(string key) => $"{Labels}{key}.png";
}
