using Orleans.Concurrency;

namespace Fcan.Grains.Contracts;

/// <summary>One data-parallel trainer of a training job on one device of one silo (key: "job/silo/device"; the
/// grain only ever lives on that silo). Trainers pass all-reduce chunks to each other around the ring.</summary>
public interface ITrainerGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts, for a newer generation) training as the assignment says; returns at once.</summary>
    Task Start(TrainerAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>A chunk from the previous trainer in the ring; kept until this trainer's exchange takes it.</summary>
    [AlwaysInterleave]
    Task Deliver(RingChunk chunk, CancellationToken cancellationToken = default);

    /// <summary>Answers while the trainer's silo is alive; the job's check of who survived.</summary>
    [AlwaysInterleave]
    Task Ping(CancellationToken cancellationToken = default);

    /// <summary>Stops training (the job ended) and lets the grain go.</summary>
    [AlwaysInterleave]
    Task Stop(CancellationToken cancellationToken = default);
}
