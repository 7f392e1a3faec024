namespace Fcan.Engine.Ran;

/// <summary>One step's losses: cross-entropy on the source, and in stage 2 the segmentation network's adversarial
/// loss (target features called source) and the discriminator's loss (its L_adv); null in stage 1.</summary>
public sealed record RanLosses(double Segmentation, double? Adversarial, double? Discriminator);
