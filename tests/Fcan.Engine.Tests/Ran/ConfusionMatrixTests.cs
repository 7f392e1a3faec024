using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>IoU and mIoU against matrices worked out by hand.</summary>
public sealed class ConfusionMatrixTests
{
    [Fact]
    public void IoUFollowsTheCountsAndSkipsIgnoredPixels()
    {
        var matrix = new ConfusionMatrix(3);
        // The last pixel is ignored, whatever its prediction.
        matrix.Add([0, 0, 1, 1, 2, 255], [0, 1, 1, 1, 0, 2]);

        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(0, matrix[2, 2]);
        // class 0: TP 1, 2 labeled, 2 predicted -> 1/3; class 1: TP 2, 2 labeled, 3 predicted -> 2/3; class 2: 0 of 1.
        var iou = matrix.IoU();
        Assert.Equal(1.0 / 3, iou[0], 12);
        Assert.Equal(2.0 / 3, iou[1], 12);
        Assert.Equal(0.0, iou[2], 12);
        Assert.Equal(1.0 / 3, matrix.MeanIoU(), 12);
        Assert.Equal(3.0 / 5, matrix.PixelAccuracy(), 12);
    }

    [Fact]
    public void AClassInNeitherLabelsNorPredictionsStaysOutOfTheMean()
    {
        var matrix = new ConfusionMatrix(4);
        matrix.Add([0, 0, 1], [0, 0, 1]);

        var iou = matrix.IoU();
        Assert.Equal([1.0, 1.0], iou[..2]);
        Assert.True(double.IsNaN(iou[2]) && double.IsNaN(iou[3]));
        Assert.Equal(1.0, matrix.MeanIoU());
    }

    [Fact]
    public void AClassOnlyPredictedCountsAsZero()
    {
        var matrix = new ConfusionMatrix(4);
        matrix.Add([0, 0], [0, 3]);
        matrix.Add([1], [1]);

        var iou = matrix.IoU();
        Assert.Equal(0.5, iou[0], 12);
        Assert.Equal(1.0, iou[1], 12);
        Assert.Equal(0.0, iou[3], 12);
        Assert.Equal(0.5, matrix.MeanIoU(), 12);
    }

    [Fact]
    public void OnlyIgnoredPixelsGiveNoMean()
    {
        var matrix = new ConfusionMatrix(19);
        matrix.Add([255, 255], [3, 4]);
        Assert.True(double.IsNaN(matrix.MeanIoU()));
        Assert.True(double.IsNaN(matrix.PixelAccuracy()));
    }

    [Fact]
    public void ValuesOutsideTheClassesAreRejected()
    {
        var matrix = new ConfusionMatrix(3);
        Assert.Contains("label 7", Assert.Throws<ArgumentException>(() => matrix.Add([7], [0])).Message);
        Assert.Contains("prediction 3", Assert.Throws<ArgumentException>(() => matrix.Add([0], [3])).Message);
        Assert.Throws<ArgumentException>(() => matrix.Add([0, 1], [0]));
    }
}
