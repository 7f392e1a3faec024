namespace Fcan.Data.Synthetic;

/// <summary>The Cityscapes train ids the synthetic scenes use (a subset of the 19 classes).</summary>
internal static class SceneClass
{
    public const byte Road = 0, Sidewalk = 1, Building = 2, Wall = 3, Fence = 4, Pole = 5, TrafficLight = 6,
        TrafficSign = 7, Vegetation = 8, Terrain = 9, Sky = 10, Person = 11, Car = 13, Truck = 14, Bus = 15;
}
