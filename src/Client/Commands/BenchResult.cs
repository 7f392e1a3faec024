namespace Fcan.Client.Commands;

/// <summary>One measured case of `fcan bench` (a JSON line with --json).</summary>
/// <param name="MsPerIteration">Wall time of the timed renders over their iterations (per batch step).</param>
/// <param name="ImagesPerHour">At the paper's 1000 iterations per image.</param>
/// <param name="PeakMemoryBytes">CPU: the process's peak resident set; CUDA: device memory in use after the renders
/// (libtorch's caching allocator keeps its peak reservation, plus the CUDA context). Null when unknown.</param>
/// <param name="Check">The reduced-precision check's verdict, when asked for.</param>
public sealed record BenchResult(
    string Implementation, string Backbone, string Weights, string Device, int Width, int Height, int Images, int Batch,
    string Precision, int Iterations, double MsPerIteration, double ImagesPerHour, long? PeakMemoryBytes,
    string PeakMemoryKind, bool? CheckPasses, string? Check)
{
    public override string ToString()
    {
        var memory = PeakMemoryBytes is { } bytes ? $"{bytes / (double)(1L << 30):F2} GiB {PeakMemoryKind}" : "unknown";
        var check = Check is null ? "" : $"; check {(CheckPasses == true ? "passes" : "FAILS")}: {Check}";
        return $"fcan {Backbone} ({Weights} weights) {Device} {Batch}x3x{Height}x{Width} {Precision}: " +
               $"{MsPerIteration:F1} ms/iteration, {ImagesPerHour:F2} images/h at 1000 iterations " +
               $"({Images} images, {Iterations} iterations each), peak memory {memory}{check}";
    }
}
