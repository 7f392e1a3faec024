using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>Cityscapes: <c>leftImg8bit/{split}/{city}/F_leftImg8bit.png</c> with
/// <c>gtFine/{split}/{city}/F_gtFine_labelIds.png</c>, every split; the key is <c>{split}/{city}/F</c>.</summary>
public sealed class CityscapesDatasetReader(IBlobStore root) : DatasetReader(root)
{
    private const string Images = "leftImg8bit/";
    private const string ImageSuffix = "_leftImg8bit.png";
    private const string Labels = "gtFine/";
    private const string LabelSuffix = "_gtFine_labelIds.png";

    protected override bool LabelsRequired => true;

    public override IAsyncEnumerable<DatasetItem> ListAsync(CancellationToken cancellationToken) =>
        ListUnderAsync(Images, Labels, cancellationToken);

    protected override string? KeyOf(string imageName) =>
        imageName.StartsWith(Images, StringComparison.Ordinal) && imageName.EndsWith(ImageSuffix, StringComparison.Ordinal)
            && imageName.Count(c => c == '/') == 3
            ? imageName[Images.Length..^ImageSuffix.Length]
            : null;

    protected override string LabelNameOf(string key) => $"{Labels}{key}{LabelSuffix}";
}
