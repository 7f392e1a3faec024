using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>What `fcan convert --dry-run` found: the job it would start, how many images and shards that makes.</summary>
public sealed record ConvertPlan(JobSpec Spec, long Images, long Shards)
{
    /// <summary>Lists the source (names only, cheap) as the job would, stopping at its limit.</summary>
    public static async Task<ConvertPlan> ForAsync(JobSpec spec, CancellationToken ct)
    {
        var layout = Enum.Parse<DatasetLayout>(spec.Layout, ignoreCase: true);
        var reader = DatasetReaders.Open(BlobStores.Open(spec.Source), layout);
        long images = 0;
        await foreach (var _ in reader.ListAsync(ct))
            if (++images == spec.Limit) break;
        return new ConvertPlan(spec, images, (images + spec.ShardSize - 1) / spec.ShardSize);
    }
}
