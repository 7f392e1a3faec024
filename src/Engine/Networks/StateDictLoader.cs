using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// Copies named weights into a module after checking that every parameter and buffer it needs is present with the
/// right shape; the first missing or mismatched tensor becomes a <see cref="WeightsFileException"/>.
/// Extra entries (a classifier head, for instance) are ignored: the feature trunk doesn't use them.
/// </summary>
internal static class StateDictLoader
{
    public static void Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, string file)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in module.state_dict())
        {
            // BatchNorm's batch counter only matters in training.
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
            if (!weights.TryGetValue(name, out var source))
                throw new WeightsFileException(file, $"tensor '{name}' is missing");
            if (!source.shape.SequenceEqual(target.shape))
                throw new WeightsFileException(file,
                    $"tensor '{name}' has shape [{string.Join(",", source.shape)}], expected [{string.Join(",", target.shape)}]");
            if (!source.is_floating_point())
                throw new WeightsFileException(file, $"tensor '{name}' is {source.dtype}, expected floating point");
            using var finite = source.isfinite().all();
            if (!finite.item<bool>())
                throw new WeightsFileException(file, $"tensor '{name}' contains NaN or infinity");
            target.copy_(source);
        }
    }
}
