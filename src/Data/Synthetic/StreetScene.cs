namespace Fcan.Data.Synthetic;

/// <summary>
/// A street scene as geometry only: a train id and an object instance per pixel. A road converges to a vanishing
/// point under the horizon, with sidewalks, terrain, buildings, trees, poles with signs and lights, fences, cars,
/// trucks, buses and people scaled by their depth. The two looks then paint the same geometry differently.
/// </summary>
internal sealed class StreetScene
{
    private readonly List<byte> instanceClasses = [];

    private StreetScene(int width, int height)
    {
        Width = width;
        Height = height;
        TrainIds = new byte[width * height];
        Instances = new int[width * height];
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] TrainIds { get; }
    public int[] Instances { get; }
    public double HorizonY { get; private set; }

    /// <summary>The class of each instance, indexed by instance id.</summary>
    public IReadOnlyList<byte> InstanceClasses => instanceClasses;

    public static StreetScene Generate(Random random, int width, int height)
    {
        var scene = new StreetScene(width, height);
        scene.Paint(random);
        return scene;
    }

    private void Paint(Random random)
    {
        int W = Width, H = Height;
        var horizon = H * (0.36 + 0.12 * random.NextDouble());
        HorizonY = horizon;
        var vanishX = W * (0.35 + 0.3 * random.NextDouble());
        var roadLeft = W * (0.0 + 0.2 * random.NextDouble());
        var roadRight = W * (0.8 + 0.2 * random.NextDouble());
        var sidewalkWidth = W * (0.1 + 0.1 * random.NextDouble());
        double Depth(double y) => Math.Clamp((y - horizon) / (H - horizon), 0, 1);
        double LeftEdge(double y) => vanishX + (roadLeft - vanishX) * Depth(y);
        double RightEdge(double y) => vanishX + (roadRight - vanishX) * Depth(y);

        Fill(New(SceneClass.Sky), 0, 0, W, H, (_, _) => true);

        for (var x = 0.0; x < W;)
        {
            var buildingWidth = W * (0.06 + 0.14 * random.NextDouble());
            var top = horizon - H * (0.08 + 0.3 * random.NextDouble());
            var kind = random.NextDouble() < 0.12 ? SceneClass.Wall : SceneClass.Building;
            Fill(New(kind), x, top, x + buildingWidth, horizon + H * 0.1, (_, _) => true);
            x += buildingWidth + (random.NextDouble() < 0.25 ? W * 0.04 * random.NextDouble() : 0);
        }
        for (var trees = random.Next(2, 6); trees > 0; trees--)
        {
            var cx = W * random.NextDouble();
            var cy = horizon - H * (0.02 + 0.15 * random.NextDouble());
            var rx = W * (0.03 + 0.05 * random.NextDouble());
            var ry = rx * (0.8 + 0.5 * random.NextDouble());
            Ellipse(New(SceneClass.Vegetation), cx, cy, rx, ry);
        }

        var leftVerge = New(random.NextDouble() < 0.5 ? SceneClass.Terrain : SceneClass.Vegetation);
        var rightVerge = New(random.NextDouble() < 0.5 ? SceneClass.Terrain : SceneClass.Vegetation);
        int leftWalk = New(SceneClass.Sidewalk), rightWalk = New(SceneClass.Sidewalk), road = New(SceneClass.Road);
        for (var y = (int)Math.Ceiling(horizon); y < H; y++)
        {
            var walk = sidewalkWidth * Depth(y);
            for (var x = 0; x < W; x++)
            {
                var instance = x < LeftEdge(y) - walk ? leftVerge
                    : x < LeftEdge(y) ? leftWalk
                    : x <= RightEdge(y) ? road
                    : x <= RightEdge(y) + walk ? rightWalk
                    : rightVerge;
                Set(x, y, instance);
            }
        }
        if (random.NextDouble() < 0.5)
        {
            // A fence along the outer edge of the left sidewalk.
            var fence = New(SceneClass.Fence);
            for (var y = (int)Math.Ceiling(horizon); y < H; y++)
            {
                var depth = Depth(y);
                var outer = LeftEdge(y) - sidewalkWidth * depth;
                Fill(fence, outer - 2 - 3 * depth, y - H * 0.12 * depth, outer, y + 1, (_, _) => true);
            }
        }

        for (var poles = random.Next(2, 5); poles > 0; poles--)
        {
            var depth = 0.2 + 0.7 * random.NextDouble();
            var baseY = horizon + depth * (H - horizon);
            var left = random.NextDouble() < 0.5;
            var x = left ? LeftEdge(baseY) - sidewalkWidth * depth * 0.5 : RightEdge(baseY) + sidewalkWidth * depth * 0.5;
            var height = H * (0.35 + 0.25 * random.NextDouble()) * (0.4 + depth);
            var width = Math.Max(1.5, 4 * depth);
            Fill(New(SceneClass.Pole), x - width / 2, baseY - height, x + width / 2, baseY, (_, _) => true);
            var size = Math.Max(3, 14 * depth);
            var roll = random.NextDouble();
            if (roll < 0.45) Fill(New(SceneClass.TrafficSign), x - size / 2, baseY - height - size * 0.8, x + size / 2, baseY - height + size * 0.2, (_, _) => true);
            else if (roll < 0.75) Fill(New(SceneClass.TrafficLight), x - size / 4, baseY - height - size, x + size / 4, baseY - height + size * 0.3, (_, _) => true);
        }

        var vehicles = Enumerable.Range(0, random.Next(1, 5)).Select(_ => 0.15 + 0.85 * random.NextDouble()).Order().ToList();
        foreach (var depth in vehicles)
        {
            var baseY = horizon + depth * (H - horizon);
            var roll = random.NextDouble();
            var (kind, widthFactor, heightFactor) = roll < 0.75 ? (SceneClass.Car, 0.22, 0.45)
                : roll < 0.9 ? (SceneClass.Truck, 0.26, 0.8) : (SceneClass.Bus, 0.3, 0.75);
            var width = W * widthFactor * depth;
            var height = width * heightFactor;
            var center = LeftEdge(baseY) + (RightEdge(baseY) - LeftEdge(baseY)) * (0.2 + 0.6 * random.NextDouble());
            var vehicle = New(kind);
            Fill(vehicle, center - width / 2, baseY - height * 0.6, center + width / 2, baseY, (_, _) => true);
            Fill(vehicle, center - width * 0.35, baseY - height, center + width * 0.35, baseY - height * 0.6, (_, _) => true);
        }

        for (var people = random.Next(0, 4); people > 0; people--)
        {
            var depth = 0.3 + 0.7 * random.NextDouble();
            var baseY = horizon + depth * (H - horizon);
            var x = random.NextDouble() < 0.5 ? LeftEdge(baseY) - sidewalkWidth * depth * 0.4 : RightEdge(baseY) + sidewalkWidth * depth * 0.4;
            var height = H * 0.35 * depth;
            var person = New(SceneClass.Person);
            Ellipse(person, x, baseY - height * 0.45, height * 0.16, height * 0.42);
            Ellipse(person, x, baseY - height * 0.9, height * 0.09, height * 0.1);
        }
    }

    private int New(byte trainId)
    {
        instanceClasses.Add(trainId);
        return instanceClasses.Count - 1;
    }

    private void Ellipse(int instance, double cx, double cy, double rx, double ry) =>
        Fill(instance, cx - rx, cy - ry, cx + rx, cy + ry,
            (x, y) => Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2) <= 1);

    /// <summary>Paints the pixels of a box (clipped to the image) for which <paramref name="inside"/> holds.</summary>
    private void Fill(int instance, double x0, double y0, double x1, double y1, Func<int, int, bool> inside)
    {
        for (var y = Math.Max(0, (int)Math.Floor(y0)); y < Math.Min(Height, (int)Math.Ceiling(y1)); y++)
            for (var x = Math.Max(0, (int)Math.Floor(x0)); x < Math.Min(Width, (int)Math.Ceiling(x1)); x++)
                if (inside(x, y)) Set(x, y, instance);
    }

    private void Set(int x, int y, int instance)
    {
        var index = y * Width + x;
        Instances[index] = instance;
        TrainIds[index] = instanceClasses[instance];
    }
}
