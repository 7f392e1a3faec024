using System.Security.Cryptography;
using System.Text.Json;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>Fingerprints what every item of a job is made with: layout, settings, pool and pool version. A refresh
/// reuses an earlier generation's outputs only when its recipe is the same.</summary>
public static class JobRecipe
{
    public static string Fingerprint(JobSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new { spec.Layout, spec.Pool, spec.PoolVersion, spec.Settings })));
}
