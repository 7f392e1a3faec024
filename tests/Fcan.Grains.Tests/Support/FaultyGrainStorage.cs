using System.Collections.Concurrent;
using Orleans.Storage;

namespace Fcan.Grains.Tests.Support;

/// <summary>Grain storage over another that injects the faults a test plans, each once, on a chosen write of a chosen
/// grain: a failed write (the state store unreachable for a moment), or another activation's write landing first
/// (so this activation's state is stale and every save of it fails for real).</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, FaultyGrainStorage.Plan plan) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        switch (plan.Next(grainId.Key.ToString()!))
        {
            case Fault.Unavailable:
                throw new IOException($"state store unavailable (injected) writing {grainId}");
            case Fault.StaleActivation:
                var newer = new GrainState<T>();
                await inner.ReadStateAsync(stateName, grainId, newer);
                await inner.WriteStateAsync(stateName, grainId, newer);
                break;
        }
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public enum Fault { None, Unavailable, StaleActivation }

    /// <summary>Faults by grain key and write number (1 for the grain's first write), shared by every silo.</summary>
    public sealed class Plan
    {
        private readonly ConcurrentDictionary<(string Key, int Write), Fault> faults = new();
        private readonly ConcurrentDictionary<string, int> writes = new();

        public Plan On(string grainKey, int write, Fault fault)
        {
            faults[(grainKey, write)] = fault;
            return this;
        }

        public Fault Next(string grainKey)
        {
            var write = writes.AddOrUpdate(grainKey, 1, (_, n) => n + 1);
            return faults.TryRemove((grainKey, write), out var fault) ? fault : Fault.None;
        }
    }
}
