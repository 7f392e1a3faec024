using System.Security.Cryptography;
using System.Text;
using Fcan.Engine.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Baselines;

/// <summary>
/// FDA (Yang and Soatto, CVPR 2020): the low-frequency amplitude spectrum of each channel of the source is replaced by
/// a target image's, its phase (and every higher frequency) kept; x' = F⁻¹([M_β ∘ |F(t)| + (1 - M_β) ∘ |F(s)|] e^{i∠F(s)}).
/// M_β is the square of frequencies |k_y|, |k_x| ≤ b around zero with b = floor(β min(H,W)), as in the authors' code;
/// β = 0 swaps nothing. The paper tries β = 0.01, 0.05 and 0.09; 0.01 (the code's default) disturbs least.
/// </summary>
public static class FourierDomainAdaptation
{
    public const double DefaultBand = 0.01;

    /// <summary>The adapted source, unrounded and unclamped (RGB 0..255 scale); the target must have the source's size.</summary>
    public static PlanarImage Apply(PlanarImage source, PlanarImage target, double band)
    {
        if ((source.Width, source.Height) != (target.Width, target.Height))
            throw new ArgumentException($"FDA needs a target of the source's size {source.Width}x{source.Height}, not {target.Width}x{target.Height}");
        if (band is < 0 or >= 0.5 || double.IsNaN(band)) throw new ArgumentException($"FDA band {band}: expected at least 0 and below 0.5");
        var half = (int)Math.Floor(band * Math.Min(source.Width, source.Height));
        if (band == 0) return source;

        using var scope = NewDisposeScope();
        var spectrum = fft.fftshift(fft.fft2(Planes(source)), [-2, -1]);
        var targetAmplitude = fft.fftshift(fft.fft2(Planes(target)), [-2, -1]).abs();
        // After the shift, zero frequency sits at (H/2, W/2); the window is symmetric around it, so the result stays real.
        var window = zeros(source.Height, source.Width, dtype: @bool);
        using Scalar inside = true;
        window.narrow(0, source.Height / 2 - half, 2 * half + 1).narrow(1, source.Width / 2 - half, 2 * half + 1).fill_(inside);
        var amplitude = where(window, targetAmplitude, spectrum.abs());
        var swapped = polar(amplitude, spectrum.angle());
        using var image = fft.ifft2(fft.ifftshift(swapped, [-2, -1])).real.to(float32).contiguous();
        return new PlanarImage(source.Width, source.Height, image.data<float>().ToArray());
    }

    private static Tensor Planes(PlanarImage image) => tensor(image.Planes, [3, image.Height, image.Width]).to(float64);

    /// <summary>Which of <paramref name="poolSize"/> target images an item takes its amplitude from: a stable hash of
    /// its key, so every render of the item (any silo, any refresh) picks the same one.</summary>
    public static int TargetIndex(string itemKey, int poolSize)
    {
        if (poolSize <= 0) throw new ArgumentException("FDA needs at least one target image", nameof(poolSize));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(itemKey));
        return (int)(BitConverter.ToUInt64(hash, 0) % (ulong)poolSize);
    }
}
