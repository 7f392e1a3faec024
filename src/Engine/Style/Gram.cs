using static TorchSharp.torch;

namespace Fcan.Engine.Style;

/// <summary>Gram matrices of feature maps: G = F F^T with F = [C, H*W], unnormalised as in the paper.</summary>
public static class Gram
{
    /// <summary>[N,C,H,W] to [N,C,C].</summary>
    public static Tensor Of(Tensor features)
    {
        using var scope = NewDisposeScope();
        var (n, c) = (features.shape[0], features.shape[1]);
        var flat = features.reshape(n, c, -1);
        return bmm(flat, flat.transpose(1, 2)).MoveToOuterDisposeScope();
    }
}
