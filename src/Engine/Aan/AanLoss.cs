using Fcan.Engine.Style;
using static TorchSharp.torch;

namespace Fcan.Engine.Aan;

/// <summary>
/// L(x_o) = sum_l ws_l Dist(F_o^l, F_s^l) + alpha * sum_l wt_l Dist(G_o^l, Gbar_t^l), Dist = sum of squared
/// differences, summed over a batch (../shared/spec/aan.md). Layers with weight 0 are skipped.
/// </summary>
public static class AanLoss
{
    /// <param name="taps">The optimised images' taps, [N,C,H,W] per layer.</param>
    /// <param name="sourceTaps">The sources' taps, same shapes.</param>
    /// <param name="targetGrams">Gbar_t per layer, [C,C] at the render's size.</param>
    public static AanLossTerms Evaluate(
        IReadOnlyList<Tensor> taps, IReadOnlyList<Tensor> sourceTaps, IReadOnlyList<Tensor> targetGrams, AanSettings settings)
    {
        var content = zeros(1, dtype: taps[0].dtype, device: taps[0].device).sum();
        var style = content.clone();
        for (var layer = 0; layer < taps.Count; layer++)
        {
            var ws = settings.ContentWeights[layer];
            var wt = settings.StyleWeights[layer];
            if (ws != 0) content = content + (taps[layer] - sourceTaps[layer]).square().sum() * ws;
            if (wt != 0) style = style + (Gram.Of(taps[layer]) - targetGrams[layer]).square().sum() * wt;
        }
        return new AanLossTerms(content + style * settings.Alpha, content, style);
    }
}
