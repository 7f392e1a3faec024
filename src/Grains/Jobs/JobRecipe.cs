using System.Security.Cryptography;
using System.Text.Json;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;

namespace Fcan.Grains.Jobs;

/// <summary>Fingerprints what every item of a job is made with: layout, settings, pool and pool version, and the
/// resampler when items are resized. A refresh reuses an earlier generation's outputs only when its recipe is the
/// same.</summary>
public static class JobRecipe
{
    public static string Fingerprint(JobSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes<object>(spec.Settings.Size is null
            ? new { spec.Layout, spec.Pool, spec.PoolVersion, spec.Settings }
            // Resized items also depend on how they were resized; items that are not keep their earlier fingerprint.
            : new { spec.Layout, spec.Pool, spec.PoolVersion, spec.Settings, ImageResizer.Resampler })));
}
