using Fcan.Data.Imaging;
using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

public sealed class CityscapesPaletteTests
{
    [Fact]
    public void PaletteMapsKeepTheTrainIdsAndShowTheColours()
    {
        byte[] ids = [0, 1, 18, 255, 5, 7];
        var png = CityscapesPalette.EncodePng(3, 2, ids);

        var (width, height, values) = LabelMapCodec.Decode(png, "map.png");
        Assert.Equal((3, 2), (width, height));
        Assert.Equal(ids, values);
        var rgb = ImageCodec.DecodeRgb(png, "map.png");
        Assert.Equal(new byte[] { 128, 64, 128, 244, 35, 232, 119, 11, 32, 0, 0, 0 }, rgb.Pixels[..12]);
    }
}
