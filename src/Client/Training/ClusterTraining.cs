using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Training;

/// <summary>`fcan train --cluster`: one trainer per device of the cluster's silos, data-parallel; the job keeps going
/// from its last checkpoint when a silo dies. Locations are made absolute: every silo reads them.</summary>
public static class ClusterTraining
{
    public static async Task<int> RunAsync(CommandContext ctx, TrainingSpec request, CancellationToken ct)
    {
        var spec = request with
        {
            Source = StorageLocation.RequireExisting("source", request.Source),
            Target = StorageLocation.RequireExisting("target", request.Target),
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
        status = await new ClusterTrainProgressDisplay(ctx.Output).FollowAsync(session.Client, status, ct);
        ctx.Output.Result(status, console =>
        {
            console.WriteLine($"training job {jobId} {status.State.ToString().ToLowerInvariant()}: {ClusterTrainProgressDisplay.Line(status)}");
            if (status.Error is not null) console.WriteLine(status.Error);
            if (status.Restarts.Count > 0) console.WriteLine($"{status.Restarts.Count} restart(s) after lost trainers; see --json for each");
        });
        return status.State == TrainingState.Completed ? FcanCli.Success : FcanCli.Failed;
    }
}
