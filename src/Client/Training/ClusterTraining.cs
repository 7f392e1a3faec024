using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Training;

/// <summary>`fcan train --cluster` and `fcan adapter train --cluster`: one trainer per device of the cluster's silos,
/// data-parallel; the job keeps going from its last checkpoint when a silo dies. Locations are made absolute: every
/// silo reads them.</summary>
public static class ClusterTraining
{
    public static async Task<int> RunAsync(CommandContext ctx, TrainingSpec request, CancellationToken ct)
    {
        var status = await FollowAsync(ctx, request, ct);
        ctx.Output.Result(status, console =>
        {
            console.WriteLine($"training job {status.JobId} {status.State.ToString().ToLowerInvariant()}: {ClusterTrainProgressDisplay.Line(status)}");
            if (status.Error is not null) console.WriteLine(status.Error);
            if (status.Restarts.Count > 0) console.WriteLine($"{status.Restarts.Count} restart(s) after lost trainers; see --json for each");
        });
        return status.State == TrainingState.Completed ? FcanCli.Success : FcanCli.Failed;
    }

    /// <summary>Starts the job and shows its progress until it ends; returns its final status.</summary>
    public static async Task<TrainingStatus> FollowAsync(CommandContext ctx, TrainingSpec request, CancellationToken ct)
    {
        var spec = request with
        {
            Source = StorageLocation.RequireExisting("source", request.Source),
            // An adapter learns a pool's statistics, kept beside its checkpoints; it has no target dataset.
            Target = request.Adapter is null ? StorageLocation.RequireExisting("target", request.Target) : request.Target,
            Checkpoints = StorageLocation.Normalize(request.Checkpoints),
            Weights = request.Weights is null ? null : Path.GetFullPath(request.Weights),
        };
        await using var session = await ClusterConnector.OpenAsync(ctx, ct);
        var jobId = "train-" + FcanClusterClient.NewJobId()["job-".Length..];
        TrainingStatus status;
        try
        {
            status = await session.Client.StartTrainingAsync(jobId, spec, ct);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new OperationFailedException(e.Message);
        }
        ctx.Output.Note($"training job {jobId}: {status.Trainers.Count} trainers ({string.Join(", ", status.Trainers)}), "
            + $"{spec.Sync}, {spec.Wire} on the wire, global batch {spec.Batch}");
        return await new ClusterTrainProgressDisplay(ctx.Output).FollowAsync(session.Client, status, ct);
    }
}
