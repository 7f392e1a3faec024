using Fcan.Grains.Contracts;
using Fcan.Grains.Tasks;

namespace Fcan.Grains.Tests.Tasks;

public sealed class RenderTaskTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly Func<int, TimeSpan> NoBackoff = _ => TimeSpan.Zero;

    [Fact]
    public void Outages_never_use_up_attempts_and_hold_the_task_back_for_their_backoff()
    {
        var task = new RenderTask { Key = "a" };
        var now = Now;
        for (var outage = 1; outage <= 5; outage++)
        {
            var lease = task.TryLease("job", 0, now, Lease, maxAttempts: 2)!;
            Assert.True(task.Apply(RenderOutcome.OutageOf(lease, "item 'a': output store unreachable"), 2, now,
                outages => TimeSpan.FromSeconds(outages)));
            Assert.Equal(RenderTaskStatus.Pending, task.Status);
            Assert.False(task.IsLeasable(now + TimeSpan.FromSeconds(outage) - TimeSpan.FromTicks(1)));
            now += TimeSpan.FromSeconds(outage);
        }
        var last = task.TryLease("job", 0, now, Lease, maxAttempts: 2)!;
        Assert.Equal(1, last.Attempt);
        Assert.True(task.Apply(RenderOutcome.Done(last, "out/a.tar", "sha", "source"), 2, now, NoBackoff));
        Assert.Equal(RenderTaskStatus.Done, task.Status);
    }

    [Fact]
    public void Completing_twice_keeps_the_first_output()
    {
        var task = new RenderTask { Key = "a" };
        var lease = task.TryLease("job", 0, Now, Lease, maxAttempts: 3)!;

        Assert.True(task.Apply(RenderOutcome.Done(lease, "out/a.tar", "sha-1", "source-1"), 3, Now, NoBackoff));
        Assert.False(task.Apply(RenderOutcome.Done(lease, "out/a.tar", "sha-2", "source-1"), 3, Now, NoBackoff));
        Assert.False(task.Apply(RenderOutcome.Failure(lease, "late failure", retryable: false), 3, Now, NoBackoff));

        Assert.Equal(RenderTaskStatus.Done, task.Status);
        Assert.Equal("sha-1", task.Sha256);
    }

    [Fact]
    public void An_expired_lease_is_leased_again_and_the_old_lessees_failure_is_ignored()
    {
        var task = new RenderTask { Key = "a" };
        var first = task.TryLease("job", 0, Now, Lease, 3)!;
        Assert.Null(task.TryLease("job", 0, Now + Lease / 2, Lease, 3));

        var second = task.TryLease("job", 0, Now + Lease, Lease, 3)!;

        Assert.False(task.Apply(RenderOutcome.Failure(first, "stale", retryable: true), 3, Now, NoBackoff));
        Assert.Equal(RenderTaskStatus.Leased, task.Status);
        Assert.Equal(2, second.Attempt);
    }

    [Fact]
    public void Retryable_failures_fail_the_task_at_the_attempt_limit_with_the_last_reason()
    {
        var task = new RenderTask { Key = "a" };
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var lease = task.TryLease("job", 0, Now, Lease, 2)!;
            task.Apply(RenderOutcome.Failure(lease, $"NaN loss, attempt {attempt}", retryable: true), 2, Now, NoBackoff);
        }

        Assert.Equal(RenderTaskStatus.Failed, task.Status);
        Assert.Equal(new ItemFailure("a", "NaN loss, attempt 2", 2), task.ToFailure());
        Assert.Null(task.TryLease("job", 0, Now, Lease, 2));
    }

    [Fact]
    public void A_permanent_failure_ends_the_task_at_once()
    {
        var task = new RenderTask { Key = "a" };
        var lease = task.TryLease("job", 0, Now, Lease, 3)!;

        task.Apply(RenderOutcome.Failure(lease, "item 'a': not a PNG", retryable: false), 3, Now, NoBackoff);

        Assert.Equal(RenderTaskStatus.Failed, task.Status);
        Assert.Equal(1, task.Attempts);
    }

    [Fact]
    public void Leases_that_keep_expiring_use_up_the_attempts()
    {
        var task = new RenderTask { Key = "a" };
        var at = Now;
        for (var attempt = 0; attempt < 2; attempt++, at += Lease) Assert.NotNull(task.TryLease("job", 0, at, Lease, 2));

        Assert.Null(task.TryLease("job", 0, at, Lease, 2));
        Assert.Equal(RenderTaskStatus.Failed, task.Status);
        Assert.Contains("lease expired", task.Reason);
    }

    [Fact]
    public void A_released_lease_does_not_count_as_an_attempt()
    {
        var task = new RenderTask { Key = "a" };
        var lease = task.TryLease("job", 0, Now, Lease, 1)!;

        Assert.True(task.Release(lease.LeaseId));

        Assert.Equal(RenderTaskStatus.Pending, task.Status);
        Assert.NotNull(task.TryLease("job", 0, Now, Lease, 1));
    }

    [Fact]
    public void A_reuse_counts_only_for_the_source_the_previous_output_was_made_from()
    {
        var previous = new PreviousOutput("source-1", new WrittenShard(0, "shards/shard-000000.tar", 6, 4096, "sha"), 0, 2);
        var task = RenderTask.For(new ShardItem("a", previous));
        var lease = task.TryLease("job", 0, Now, Lease, 3)!;
        Assert.Equal("source-1", lease.PreviousSourceSha256);

        Assert.False(task.Apply(RenderOutcome.Unchanged(lease, "source-2"), 3, Now, NoBackoff));
        Assert.True(task.Apply(RenderOutcome.Unchanged(lease, "source-1"), 3, Now, NoBackoff));

        Assert.Equal((RenderTaskStatus.Done, true, "source-1"), (task.Status, task.Reused, task.SourceSha256));
    }

    [Fact]
    public void A_reused_task_whose_previous_output_is_unreadable_is_rendered_after_all_without_using_an_attempt()
    {
        var previous = new PreviousOutput("source-1", new WrittenShard(0, "shards/shard-000000.tar", 6, 4096, "sha"), 0, 2);
        var task = RenderTask.For(new ShardItem("a", previous));
        task.Apply(RenderOutcome.Unchanged(task.TryLease("job", 0, Now, Lease, 1)!, "source-1"), 1, Now, NoBackoff);

        task.ForgetPrevious();

        Assert.Equal((RenderTaskStatus.Pending, false, null), (task.Status, task.Reused, task.Previous));
        var lease = task.TryLease("job", 0, Now, Lease, 1);
        Assert.Null(lease?.PreviousSourceSha256);
        Assert.NotNull(lease);
    }
}
