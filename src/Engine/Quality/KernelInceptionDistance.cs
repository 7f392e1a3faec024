using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Quality;

/// <summary>
/// KID (Bińkowski et al. 2018): the unbiased estimate of the squared maximum mean discrepancy between two sets of
/// feature vectors under the cubic polynomial kernel k(x,y) = (x·y/d + 1)³,
/// MMD² = mean_{i≠j} k(x_i,x_j) + mean_{i≠j} k(y_i,y_j) - 2 mean_{i,j} k(x_i,y_j). 0 in expectation for two samples
/// of one distribution (so it can come out slightly negative), larger as the distributions part.
/// </summary>
public static class KernelInceptionDistance
{
    /// <param name="x">[m, d], m ≥ 2.</param>
    /// <param name="y">[n, d], n ≥ 2.</param>
    public static double Of(Tensor x, Tensor y)
    {
        var (m, n) = (x.shape[0], y.shape[0]);
        if (m < 2 || n < 2) throw new ArgumentException("KID needs at least two vectors on each side");
        if (x.shape[1] != y.shape[1]) throw new ArgumentException($"KID compares vectors of one length, not {x.shape[1]} and {y.shape[1]}");
        using var scope = NewDisposeScope();
        using Scalar d = x.shape[1], one = 1, cube = 3;
        Tensor Kernel(Tensor a, Tensor b) => (a.matmul(b.transpose(0, 1)) / d).Plus(one).pow(cube);
        double OffDiagonalMean(Tensor k, long count) => (k.sum() - k.trace()).item<double>() / (count * (count - 1));
        return OffDiagonalMean(Kernel(x, x), m) + OffDiagonalMean(Kernel(y, y), n) - 2 * Kernel(x, y).mean().item<double>();
    }
}
