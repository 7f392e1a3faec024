using Fcan.Engine.Aan;

namespace Fcan.Engine.Adapter;

/// <summary>Everything that decides an adapter's training besides its data: the network's shape, the AAN loss it
/// learns (the weights of <see cref="Loss"/>; its iteration and step settings play no part), and Adam on random crops.
/// The same settings and seed give the same adapter on CPU, interrupted or not.</summary>
public sealed record AdapterSettings
{
    public AdapterShape Shape { get; init; } = new();

    /// <summary>The AAN loss the adapter minimises (alpha, layer weights, loss scale, smoothness): the renderer's own
    /// loss with the default preset's values, so both agree. Its init decides the adapter's <see cref="AdapterStart"/>
    /// (the default's colour-matched start needs the pool's colour moments filled in).</summary>
    public AanSettings Loss { get; init; } = AanPresets.Settings(AanPresets.Default);

    public int Steps { get; init; } = 2000;

    /// <summary>Crops per step.</summary>
    public int Batch { get; init; } = 4;

    public int CropWidth { get; init; } = 256;

    public int CropHeight { get; init; } = 256;

    /// <summary>Adam's step size (Johnson et al.: 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds the initial weights and every crop.</summary>
    public int Seed { get; init; }

    /// <summary>Why these settings can't train, or null when they can.</summary>
    public string? Problem()
    {
        if (Shape.Problem() is { } shape) return shape;
        if (Steps < 1) return $"steps must be at least 1 (got {Steps})";
        if (Batch < 1) return $"batch must be at least 1 (got {Batch})";
        if (CropWidth < 1 || CropHeight < 1) return $"crop {CropWidth}x{CropHeight} is empty";
        if (!double.IsFinite(LearningRate) || LearningRate <= 0) return $"learning rate must be a finite number > 0 (got {LearningRate})";
        return Loss.Problem();
    }
}
