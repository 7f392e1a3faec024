using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Schedules;

/// <summary>Each reminder tick starts a new conversion job for the schedule's spec. The reminder is the durable
/// trigger: it survives restarts and activates this grain wherever the cluster places it.</summary>
public sealed class ScheduleGrain(
    [PersistentState("schedule", GrainStorageNames.Fcan)] IPersistentState<ScheduleState> state,
    IOptions<ReminderOptions> reminders,
    TimeProvider time,
    ILogger<ScheduleGrain> log) : Grain, IScheduleGrain, IRemindable
{
    private const string RefreshReminder = "schedule-refresh";

    private string Name => this.GetPrimaryKeyString();

    public async Task<ScheduleInfo> Set(TimeSpan every, JobSpec spec, CancellationToken cancellationToken)
    {
        var minimum = reminders.Value.MinimumReminderPeriod;
        if (every < minimum) throw new ArgumentException($"schedule '{Name}': the period must be at least {minimum}");
        var schedule = new ScheduleInfo(Name, every, spec, state.State.Schedule?.LastJobId, state.State.Schedule?.LastRun);
        await this.RegisterOrUpdateReminder(RefreshReminder, every, every);
        state.State.Schedule = schedule;
        await state.WriteStateAsync(cancellationToken);
        await GrainFactory.GetGrain<IScheduleCatalogGrain>(0).Add(Name, cancellationToken);
        return schedule;
    }

    public Task<ScheduleInfo?> Get(CancellationToken cancellationToken) => Task.FromResult(state.State.Schedule);

    public async Task<bool> Remove(CancellationToken cancellationToken)
    {
        if (await this.GetReminder(RefreshReminder) is { } reminder) await this.UnregisterReminder(reminder);
        await GrainFactory.GetGrain<IScheduleCatalogGrain>(0).Remove(Name, cancellationToken);
        if (state.State.Schedule is null) return false;
        await state.ClearStateAsync(cancellationToken);
        state.State.Schedule = null;
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Schedule is not { } schedule)
        {
            // A reminder outlived its schedule (removed while a tick was in flight): stop it.
            if (await this.GetReminder(reminderName) is { } orphan) await this.UnregisterReminder(orphan);
            return;
        }
        var cancellationToken = CancellationToken.None;
        if (schedule.LastJobId is { } lastJobId
            && !(await GrainFactory.GetGrain<IConversionJobGrain>(lastJobId).GetStatus(cancellationToken)).IsFinal)
        {
            // Both jobs would write the same output: let the running refresh finish, the next tick starts the new one.
            log.LogInformation("Schedule {Schedule}: job {Job} still running, skipping this refresh", Name, lastJobId);
            return;
        }
        var spec = await PinPoolVersionAsync(schedule.Spec, cancellationToken);
        var jobId = $"{Name}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        await GrainFactory.GetGrain<IConversionJobGrain>(jobId).Start(spec, cancellationToken);
        state.State.Schedule = schedule with { LastJobId = jobId, LastRun = time.GetUtcNow() };
        await state.WriteStateAsync(cancellationToken);
        log.LogInformation("Schedule {Schedule}: refresh started job {Job}", Name, jobId);
    }

    /// <summary>A floating pool version renders against the pool's current one, so a changed pool refreshes everything.</summary>
    private async Task<JobSpec> PinPoolVersionAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        if (spec.PoolVersion != 0) return spec;
        var pool = await GrainFactory.GetGrain<IStylePoolGrain>(spec.Pool).Get(cancellationToken)
            ?? throw new InvalidOperationException($"schedule '{Name}': pool '{spec.Pool}' not found");
        return spec with { PoolVersion = pool.Version };
    }
}
