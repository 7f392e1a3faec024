using Fcan.Data.Imaging;

namespace Fcan.Data.Synthetic;

/// <summary>The source domain's look: every object one flat, saturated colour (slightly varied per object), a clean
/// gradient sky, hard edges, no texture, no noise: what a simple game renderer produces.</summary>
internal static class GameLook
{
    private static readonly (byte R, byte G, byte B)[] Palette = BuildPalette();

    public static RgbImage Render(StreetScene scene, Random random)
    {
        var colours = scene.InstanceClasses.Select(trainId => Vary(Palette[trainId], random, 22)).ToArray();
        var pixels = new byte[scene.Width * scene.Height * 3];
        for (var y = 0; y < scene.Height; y++)
        {
            var skyLift = Math.Clamp(y / scene.HorizonY, 0, 1) * 70;
            for (var x = 0; x < scene.Width; x++)
            {
                var index = y * scene.Width + x;
                var (r, g, b) = colours[scene.Instances[index]];
                var lift = scene.TrainIds[index] == SceneClass.Sky ? skyLift : 0;
                pixels[index * 3] = Clamp(r + lift);
                pixels[index * 3 + 1] = Clamp(g + lift);
                pixels[index * 3 + 2] = Clamp(b + lift * 0.5);
            }
        }
        return new RgbImage(scene.Width, scene.Height, pixels);
    }

    internal static (byte R, byte G, byte B) Vary((byte R, byte G, byte B) colour, Random random, int amount)
    {
        var shift = random.Next(-amount, amount + 1);
        return (Clamp(colour.R + shift + random.Next(-4, 5)), Clamp(colour.G + shift + random.Next(-4, 5)),
            Clamp(colour.B + shift + random.Next(-4, 5)));
    }

    internal static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

    private static (byte, byte, byte)[] BuildPalette()
    {
        var palette = new (byte, byte, byte)[19];
        palette[SceneClass.Road] = (95, 92, 110);
        palette[SceneClass.Sidewalk] = (210, 160, 200);
        palette[SceneClass.Building] = (190, 110, 60);
        palette[SceneClass.Wall] = (160, 160, 90);
        palette[SceneClass.Fence] = (200, 190, 120);
        palette[SceneClass.Pole] = (230, 230, 60);
        palette[SceneClass.TrafficLight] = (255, 150, 0);
        palette[SceneClass.TrafficSign] = (250, 230, 0);
        palette[SceneClass.Vegetation] = (40, 190, 40);
        palette[SceneClass.Terrain] = (150, 230, 120);
        palette[SceneClass.Sky] = (30, 120, 240);
        palette[SceneClass.Person] = (240, 40, 80);
        palette[SceneClass.Car] = (20, 40, 220);
        palette[SceneClass.Truck] = (0, 150, 170);
        palette[SceneClass.Bus] = (200, 60, 200);
        return palette;
    }
}
