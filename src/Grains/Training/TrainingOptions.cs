namespace Fcan.Grains.Training;

/// <summary>How training jobs notice lost trainers.</summary>
public sealed class TrainingOptions
{
    /// <summary>How long a trainer waits for one chunk (or for a peer to take one) before it reports the ring broken.
    /// A backstop: a dead silo is usually noticed sooner, by a failed call or by membership.</summary>
    public TimeSpan ExchangeTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the job compares its trainers' silos with the cluster's active silos.</summary>
    public TimeSpan MembershipCheckPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a surviving trainer has to answer the job's ping after a loss.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
