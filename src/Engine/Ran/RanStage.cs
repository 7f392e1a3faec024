namespace Fcan.Engine.Ran;

/// <summary>RAN's two training stages.</summary>
public enum RanStage
{
    /// <summary>Segmentation loss on labeled source images only.</summary>
    SourceOnly,

    /// <summary>Segmentation loss on the source plus the adversarial loss against the domain discriminator.</summary>
    Adversarial,
}
