using Fcan.Data.Imaging;

namespace Fcan.Data.Synthetic;

/// <summary>
/// The target domain's look, for the same kind of geometry: muted real-world colours, per-class texture (asphalt
/// grain, foliage, windows, clouds), a sun gradient, contact shadows under vehicles, haze toward the horizon,
/// vignetting, a camera colour response (white balance, exposure, lower saturation, tone curve), lens blur and
/// sensor noise. Each effect shifts the colour or texture statistics a style network sees.
/// </summary>
internal static class RealLook
{
    private static readonly (byte R, byte G, byte B)[] Palette = BuildPalette();

    /// <summary>Texture strength and feature size (pixels) per train id.</summary>
    private static readonly (double Amount, double Scale)[] Texture = BuildTexture();

    public static RgbImage Render(StreetScene scene, Random random)
    {
        int width = scene.Width, height = scene.Height;
        var noise = new ValueNoise(random.Next());
        var colours = scene.InstanceClasses.Select(trainId => GameLook.Vary(Palette[trainId], random, 14)).ToArray();
        var balance = (R: 1.0 + 0.1 * random.NextDouble(), G: 1.0, B: 0.85 + 0.1 * random.NextDouble());
        var exposure = 0.85 + 0.25 * random.NextDouble();
        var sunSide = random.NextDouble() < 0.5 ? -1 : 1;
        var linear = new double[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var index = y * width + x;
                var trainId = scene.TrainIds[index];
                var (r, g, b) = colours[scene.Instances[index]];
                var shade = Shade(scene, noise, x, y, trainId) * Light(x, y, width, height, sunSide) * ContactShadow(scene, x, y);
                var haze = 0.4 * Math.Exp(-Math.Abs(y - scene.HorizonY) / (0.12 * height));
                linear[index * 3] = (r * shade * (1 - haze) + 205 * haze) * exposure * balance.R;
                linear[index * 3 + 1] = (g * shade * (1 - haze) + 205 * haze) * exposure * balance.G;
                linear[index * 3 + 2] = (b * shade * (1 - haze) + 205 * haze) * exposure * balance.B;
            }
        var graded = Grade(linear);
        var blurred = Blur(graded, width, height);
        var pixels = new byte[blurred.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = GameLook.Clamp(blurred[i] + 5 * Gaussian(random));
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Surface texture: fractal noise per class, windows on buildings, clouds in the sky.</summary>
    private static double Shade(StreetScene scene, ValueNoise noise, int x, int y, byte trainId)
    {
        var (amount, scale) = Texture[trainId];
        var grain = noise.Fractal(x + 1000 * trainId, y, scale, octaves: 3) - 0.5;
        var shade = 1 + 2 * amount * grain;
        if (trainId == SceneClass.Building && x % 7 < 3 && y % 9 < 4) shade *= 0.62;
        if (trainId == SceneClass.Sky) shade = 1 + 0.5 * Math.Max(0, noise.Fractal(x, y + 5000, 40, 4) - 0.45) - 0.08 * y / scene.HorizonY;
        return shade;
    }

    /// <summary>A low sun on one side and lens vignetting.</summary>
    private static double Light(int x, int y, int width, int height, int sunSide)
    {
        double u = (double)x / width - 0.5, v = (double)y / height - 0.5;
        return (0.9 + 0.3 * sunSide * u) * (1 - 0.7 * (u * u + v * v));
    }

    /// <summary>Ground right under a vehicle is darker.</summary>
    private static double ContactShadow(StreetScene scene, int x, int y)
    {
        var trainId = scene.TrainIds[y * scene.Width + x];
        if (trainId is not (SceneClass.Road or SceneClass.Sidewalk)) return 1;
        for (var k = 1; k <= 3 && y - k >= 0; k++)
            if (scene.TrainIds[(y - k) * scene.Width + x] is SceneClass.Car or SceneClass.Truck or SceneClass.Bus) return 0.45;
        return 1;
    }

    /// <summary>The camera's response: 70% saturation and a gentle S-shaped tone curve.</summary>
    private static double[] Grade(double[] linear)
    {
        var graded = new double[linear.Length];
        for (var i = 0; i < linear.Length; i += 3)
        {
            var luma = 0.299 * linear[i] + 0.587 * linear[i + 1] + 0.114 * linear[i + 2];
            for (var c = 0; c < 3; c++)
            {
                var value = Math.Clamp((luma + 0.7 * (linear[i + c] - luma)) / 255, 0, 1);
                var curved = value * value * (3 - 2 * value);
                graded[i + c] = 255 * (0.55 * curved + 0.45 * Math.Pow(value, 0.85));
            }
        }
        return graded;
    }

    /// <summary>A separable 1-2-1 blur, the softness of a real lens and demosaicing.</summary>
    private static double[] Blur(double[] image, int width, int height)
    {
        var horizontal = new double[image.Length];
        var result = new double[image.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++)
                    horizontal[(y * width + x) * 3 + c] = (image[(y * width + Math.Max(x - 1, 0)) * 3 + c]
                        + 2 * image[(y * width + x) * 3 + c] + image[(y * width + Math.Min(x + 1, width - 1)) * 3 + c]) / 4;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++)
                    result[(y * width + x) * 3 + c] = (horizontal[(Math.Max(y - 1, 0) * width + x) * 3 + c]
                        + 2 * horizontal[(y * width + x) * 3 + c] + horizontal[(Math.Min(y + 1, height - 1) * width + x) * 3 + c]) / 4;
        return result;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (byte, byte, byte)[] BuildPalette()
    {
        var palette = new (byte, byte, byte)[19];
        palette[SceneClass.Road] = (105, 104, 100);
        palette[SceneClass.Sidewalk] = (150, 145, 138);
        palette[SceneClass.Building] = (140, 125, 110);
        palette[SceneClass.Wall] = (130, 128, 118);
        palette[SceneClass.Fence] = (120, 115, 100);
        palette[SceneClass.Pole] = (90, 90, 92);
        palette[SceneClass.TrafficLight] = (50, 50, 45);
        palette[SceneClass.TrafficSign] = (170, 160, 120);
        palette[SceneClass.Vegetation] = (70, 95, 50);
        palette[SceneClass.Terrain] = (115, 125, 80);
        palette[SceneClass.Sky] = (175, 195, 215);
        palette[SceneClass.Person] = (95, 70, 65);
        palette[SceneClass.Car] = (70, 75, 90);
        palette[SceneClass.Truck] = (150, 150, 150);
        palette[SceneClass.Bus] = (160, 140, 90);
        return palette;
    }

    private static (double, double)[] BuildTexture()
    {
        var texture = Enumerable.Repeat((0.1, 3.0), 19).ToArray();
        texture[SceneClass.Road] = (0.2, 2.5);
        texture[SceneClass.Sidewalk] = (0.15, 4);
        texture[SceneClass.Building] = (0.12, 6);
        texture[SceneClass.Vegetation] = (0.45, 2.5);
        texture[SceneClass.Terrain] = (0.3, 3);
        return texture;
    }
}
