using System.Diagnostics;
using Fcan.Data.Imaging;
using Fcan.Engine.Baselines;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>
/// Times a cheap baseline the way a device worker runs it on an item already loaded and resized: the method itself
/// (colour transfer to a target set's l-alpha-beta statistics, or FDA with a target of the same size), then the PNG encode
/// every method pays, over synthetic images of the request's size after one untimed warm-up.
/// </summary>
internal static class BaselineBenchmark
{
    public sealed record Result(string Method, string Size, int Images, double MsPerImage, double MsPerImageWithPng, double ImagesPerHour)
    {
        public override string ToString() =>
            $"{Method} {Size}: {MsPerImage:0.0} ms/image ({MsPerImageWithPng:0.0} with the PNG encode), {ImagesPerHour:N0} images/hour, {Images} images";
    }

    public static Result Measure(RenderMethod method, ImageSize size, int count, double band)
    {
        var images = Enumerable.Range(0, count + 1).Select(i => SyntheticImages.Waves(100 + i, size.Width, size.Height)).ToList();
        var target = SyntheticImages.Waves(7, size.Width, size.Height);
        var colours = ColourMoments.Of([target]);
        PlanarImage Apply(PlanarImage source) => method == RenderMethod.Colour
            ? ColourTransfer.Apply(source, colours)
            : FourierDomainAdaptation.Apply(source, target, band);
        Apply(images[^1]);

        var (adapting, png) = (TimeSpan.Zero, TimeSpan.Zero);
        foreach (var image in images.Take(count))
        {
            var clock = Stopwatch.StartNew();
            var adapted = Apply(image).ToRgb();
            adapting += clock.Elapsed;
            clock.Restart();
            ImageCodec.EncodePng(adapted);
            png += clock.Elapsed;
        }
        var ms = adapting.TotalMilliseconds / count;
        var total = (adapting + png).TotalMilliseconds / count;
        return new Result(method.ToString().ToLowerInvariant(), size.ToString(), count, ms, total, 3_600_000 / total);
    }
}
