using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Aan;

/// <summary>
/// L(x_o) = sum_l ws_l D_c^l + alpha * sum_l wt_l D_s^l + lambda_tv * TV(x_o), summed over a batch
/// (../shared/spec/aan.md). With <see cref="LossScale.Raw"/> (the paper) D_c^l = Dist(F_o^l, F_s^l) and
/// D_s^l = Dist(G_o^l, Gbar_t^l); with <see cref="LossScale.Relative"/> each is divided by the squared norm of what it
/// is compared with (||F_s^l||^2 per image, ||Gbar_t^l||^2), so every layer's term is a relative error whatever the
/// render size, the layer's width or the backbone, and one alpha holds for all of them. Layers with weight 0 are skipped.
/// </summary>
public static class AanLoss
{
    /// <param name="image">x_o in the network's input space, [N,3,H,W] (for the smoothness term).</param>
    /// <param name="taps">The optimised images' taps, [N,C,H,W] per layer.</param>
    /// <param name="sourceTaps">The sources' taps, same shapes.</param>
    /// <param name="targetGrams">Gbar_t per layer, [C,C] at the render's size.</param>
    public static AanLossTerms Evaluate(Tensor image,
        IReadOnlyList<Tensor> taps, IReadOnlyList<Tensor> sourceTaps, IReadOnlyList<Tensor> targetGrams, AanSettings settings)
    {
        var relative = settings.Scale == LossScale.Relative;
        var content = zeros(1, dtype: taps[0].dtype, device: taps[0].device).sum();
        var style = content.clone();
        long[] perImage = [1, 2, 3];
        for (var layer = 0; layer < taps.Count; layer++)
        {
            var (ws, wt) = (settings.ContentWeights[layer], settings.StyleWeights[layer]);
            using Scalar contentWeight = ws, styleWeight = wt;
            if (ws != 0)
            {
                var distance = (taps[layer] - sourceTaps[layer]).Squared();
                content = content.Plus(contentWeight * (relative
                    ? (distance.sum(perImage) / sourceTaps[layer].Squared().sum(perImage)).sum()
                    : distance.sum()));
            }
            if (wt != 0)
            {
                var distance = (Gram.Of(taps[layer]) - targetGrams[layer]).Squared().sum();
                style = style.Plus(styleWeight * (relative ? distance / targetGrams[layer].Squared().sum() : distance));
            }
        }
        using Scalar alpha = settings.Alpha, smoothness = settings.Smoothness;
        var total = content.Plus(style * alpha);
        if (settings.Smoothness != 0) total = total.Plus(TotalVariation(image) * smoothness);
        return new AanLossTerms(total, content, style);
    }

    /// <summary>Mean absolute difference of neighbouring pixels, per image, summed over the batch.</summary>
    private static Tensor TotalVariation(Tensor image)
    {
        var (height, width) = (image.shape[2], image.shape[3]);
        var vertical = (image.narrow(2, 1, height - 1) - image.narrow(2, 0, height - 1)).abs().mean([1, 2, 3]);
        var horizontal = (image.narrow(3, 1, width - 1) - image.narrow(3, 0, width - 1)).abs().mean([1, 2, 3]);
        return vertical.Plus(horizontal).sum();
    }
}

/// <summary>How the terms of the AAN loss are scaled (see <see cref="AanLoss"/>).</summary>
public enum LossScale
{
    /// <summary>The paper's raw sums of squared differences: alpha depends on the render size and the backbone.</summary>
    Raw,

    /// <summary>Each layer's distance over the squared norm of its reference: one alpha for every size and backbone.</summary>
    Relative,
}
