using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;

namespace Fcan.Grains.Jobs;

/// <summary>Holds the one active job of an output. It calls no one: a job that finds the output held asks the holder
/// itself whether it is still active, and releases a finished holder's claim before claiming again.</summary>
public sealed class OutputClaimGrain(
    [PersistentState("output-claim", GrainStorageNames.Fcan)] IPersistentState<OutputClaimState> state) : Grain, IOutputClaimGrain
{
    public async Task<string> Claim(string jobId, CancellationToken cancellationToken)
    {
        if (state.State.Holder is { } holder && holder != jobId) return holder;
        state.State.Holder = jobId;
        await state.WriteStateAsync(cancellationToken);
        return jobId;
    }

    public async Task Release(string jobId, CancellationToken cancellationToken)
    {
        if (state.State.Holder != jobId) return;
        state.State.Holder = null;
        await state.WriteStateAsync(cancellationToken);
    }
}

[GenerateSerializer, Alias("fcan.output-claim")]
public sealed class OutputClaimState
{
    [Id(0)] public string? Holder { get; set; }
}
