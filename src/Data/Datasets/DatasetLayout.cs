namespace Fcan.Data.Datasets;

/// <summary>How a dataset's files are arranged under its root.</summary>
public enum DatasetLayout
{
    /// <summary><c>images/K.png</c> with <c>labels/K.png</c> (Cityscapes label ids); labels required.</summary>
    Gta5,

    /// <summary><c>leftImg8bit/{split}/{city}/F_leftImg8bit.png</c> with
    /// <c>gtFine/{split}/{city}/F_gtFine_labelIds.png</c>; labels required; key <c>{split}/{city}/F</c>.</summary>
    Cityscapes,

    /// <summary>Any PNG/JPEG below the root (outside <c>labels/</c>), with an optional <c>labels/K.png</c>.</summary>
    Folder,
}
