using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>How jobs look in a terminal: one table row per job, or a key/value grid for one job.</summary>
public static class JobViews
{
    public static Table List(IEnumerable<JobStatus> jobs)
    {
        var table = new Table().AddColumns("JOB", "STATE", "DONE", "FAILED", "POOL", "OUTPUT", "CREATED");
        foreach (var job in jobs)
            table.AddRow(
                Markup.Escape(job.JobId),
                State(job.State),
                $"{job.Progress.Done}/{job.Progress.Total}",
                job.Progress.Failed.ToString(),
                Markup.Escape(job.Spec?.Pool ?? "-"),
                Markup.Escape(job.Spec?.Output ?? "-"),
                job.CreatedAt?.ToString("u") ?? "-");
        return table;
    }

    public static Grid Detail(JobStatus job)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Row("job", job.JobId);
        Row("state", job.State.ToString().ToLowerInvariant());
        if (job.Spec is { } spec) AddSpec(grid, spec);
        var p = job.Progress;
        Row("items", $"{p.Done} done ({p.Rendered} rendered, {p.Reused} reused unchanged), {p.Failed} failed, {p.Leased} rendering, {p.Pending} pending of {p.Total}{(p.SourceListed ? "" : "+ (listing)")}");
        Row("speed", $"{p.ImagesPerSecond:0.00} images/s, ETA {Eta(p.Eta)}");
        Row("shards", $"{job.ShardsWritten} written{(job.ManifestName is { } m ? $", manifest {m}" : "")}"
            + (job.Generation > 0 ? $" (generation {job.Generation})" : ""));
        if (job.CreatedAt is { } created) Row("created", created.ToString("u"));
        if (job.FinishedAt is { } finished) Row("finished", finished.ToString("u"));
        if (job.Error is { } error) Row("error", error);
        return grid;
    }

    public static Grid Spec(JobSpec spec) => AddSpec(new Grid().AddColumn().AddColumn(), spec);

    public static Table Failures(IEnumerable<ItemFailure> failures)
    {
        var table = new Table().AddColumns("ITEM", "ATTEMPTS", "REASON");
        foreach (var f in failures) table.AddRow(Markup.Escape(f.ItemKey), f.Attempts.ToString(), Markup.Escape(f.Reason));
        return table;
    }

    private static Grid AddSpec(Grid grid, JobSpec spec)
    {
        grid.AddRow(new Text("source"), new Text($"{spec.Source} ({spec.Layout})"));
        grid.AddRow(new Text("pool"), new Text($"{spec.Pool} v{spec.PoolVersion}"));
        grid.AddRow(new Text("output"), new Text($"{spec.Output} ({spec.ShardSize} images per shard)"));
        if (spec.Settings.Method != RenderMethod.Aan)
            grid.AddRow(new Text("method"), new Text(spec.Settings.Method.ToString().ToLowerInvariant()
                + (spec.Settings.FdaBand is { } band ? $", band {band}" : "")
                + (spec.Settings.AdapterHash is { } adapter ? $" {spec.Settings.Adapter} (sha256 {adapter[..12]})" : "")));
        // AAN's iterations and seed mean nothing to a baseline.
        var aan = spec.Settings.Method == RenderMethod.Aan ? $"{spec.Settings.Iterations} iterations, " : "";
        grid.AddRow(new Text("settings"), new Text($"{aan}size {spec.Settings.Size?.ToString() ?? "as source"}" + (aan.Length > 0 ? $", seed {spec.Settings.Seed}" : "")
            + (spec.Limit is { } limit ? $", first {limit} images" : "") + (spec.Force ? ", forced (reuses nothing)" : "")));
        return grid;
    }

    /// <summary>"4:05", "3:04:05", or with whole days "1d 01:00:00" (a conversion of a large dataset can take days).</summary>
    public static string Eta(TimeSpan? eta) => eta is not { } t ? "unknown"
        : t.ToString(t.TotalDays >= 1 ? @"d\d\ hh\:mm\:ss" : t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss");

    private static string State(JobState state) => state switch
    {
        JobState.Completed => "[green]completed[/]",
        JobState.Failed => "[red]failed[/]",
        JobState.Cancelled => "[grey]cancelled[/]",
        JobState.Paused => "[yellow]paused[/]",
        _ => state.ToString().ToLowerInvariant(),
    };
}
