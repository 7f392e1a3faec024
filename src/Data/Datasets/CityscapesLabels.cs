namespace Fcan.Data.Datasets;

/// <summary>The Cityscapes label ids (0..33, used by GTA5 and Cityscapes label files) and the 19 train ids they map to
/// (the map every GTA5-to-Cityscapes work uses; everything else is 255, ignored).</summary>
public static class CityscapesLabels
{
    public const byte Ignore = 255;

    public const int ClassCount = 19;

    /// <summary>The largest valid label id; larger values in a label file are errors.</summary>
    public const byte MaxLabelId = 33;

    /// <summary>Train id i's class name and its Cityscapes label id.</summary>
    public static IReadOnlyList<(string Name, byte LabelId)> Classes { get; } =
    [
        ("road", 7), ("sidewalk", 8), ("building", 11), ("wall", 12), ("fence", 13), ("pole", 17),
        ("traffic light", 19), ("traffic sign", 20), ("vegetation", 21), ("terrain", 22), ("sky", 23),
        ("person", 24), ("rider", 25), ("car", 26), ("truck", 27), ("bus", 28), ("train", 31),
        ("motorcycle", 32), ("bicycle", 33),
    ];

    private static readonly byte[] TrainIdOfLabelId = BuildTrainIds();

    /// <summary>The train id of a label id (255 for the ignored ones); null when the id is not a Cityscapes label id.</summary>
    public static byte? TrainId(byte labelId) => labelId <= MaxLabelId ? TrainIdOfLabelId[labelId] : null;

    /// <summary>The label id that stands for a train id (for writing label files).</summary>
    public static byte LabelId(byte trainId) => Classes[trainId].LabelId;

    private static byte[] BuildTrainIds()
    {
        var map = Enumerable.Repeat(Ignore, MaxLabelId + 1).ToArray();
        for (var trainId = 0; trainId < Classes.Count; trainId++) map[Classes[trainId].LabelId] = (byte)trainId;
        return map;
    }
}
