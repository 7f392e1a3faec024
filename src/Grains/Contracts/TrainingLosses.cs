namespace Fcan.Grains.Contracts;

/// <summary>A step's losses averaged over the trainers (weighted by their share of the batch); the adversarial and
/// discriminator losses are null in stage 1.</summary>
[GenerateSerializer, Immutable, Alias("fcan.training-losses")]
public sealed record TrainingLosses(double Segmentation, double? Adversarial, double? Discriminator);
