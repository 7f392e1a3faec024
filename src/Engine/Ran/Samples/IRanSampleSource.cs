namespace Fcan.Engine.Ran.Samples;

/// <summary>A fixed, ordered set of training images that can be loaded by index (any order, any number of times).</summary>
public interface IRanSampleSource
{
    /// <summary>Where the samples come from, for messages.</summary>
    string Location { get; }

    int Count { get; }

    /// <summary>Whether every sample carries train ids.</summary>
    bool Labeled { get; }

    /// <summary>Decodes sample <paramref name="index"/>; throws naming the sample and the reason when it is unusable.</summary>
    RanSample Load(int index, CancellationToken cancellationToken);
}
