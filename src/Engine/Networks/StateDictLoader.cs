using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// Copies named weights into a module after checking that every parameter and buffer it needs is present with the
/// right shape; the first missing or mismatched tensor becomes a <see cref="WeightsFileException"/>.
/// Extra entries outside the module's layers (a classifier head, for instance) are ignored: the trunk doesn't use them.
/// Extra entries inside them are not: a deeper ResNet's file holds every tensor a shallower one needs (ResNet-101's
/// layer3 has 23 blocks, ResNet-50's 6), so without this check it would load silently with most blocks dropped.
/// </summary>
internal static class StateDictLoader
{
    public static void Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, string file)
    {
        using var noGrad = no_grad();
        var state = module.state_dict();
        foreach (var (name, target) in state)
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
        var layers = module.named_children().Select(child => child.name + ".").ToList();
        if (weights.Keys.FirstOrDefault(name => !state.ContainsKey(name) && layers.Any(layer => name.StartsWith(layer, StringComparison.Ordinal))) is { } stray)
            throw new WeightsFileException(file, $"tensor '{stray}' is not in this network (the file is for a deeper one?)");
    }
}
