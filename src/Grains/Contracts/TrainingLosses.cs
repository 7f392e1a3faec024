using System.Text.Json.Serialization;

namespace Fcan.Grains.Contracts;

/// <summary>A step's losses averaged over the trainers (weighted by their share of the batch), the kind of training's
/// own: RAN's segmentation loss, with the adversarial and discriminator losses in stage 2 only; an adapter's AAN loss
/// (total = content + alpha * style). What a kind doesn't have is null (and left out of the JSON).</summary>
[GenerateSerializer, Immutable, Alias("fcan.training-losses")]
public sealed record TrainingLosses(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Segmentation,
    double? Adversarial,
    double? Discriminator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Total = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Content = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Style = null);
