using Fcan.Client.Demo;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>The demo's closing summary: where things are and what was measured.</summary>
public static class DemoViews
{
    public static Grid Report(DemoReport report)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("dataset", report.Dataset);
        Row("shards", $"{report.Output} ({report.Images} images, {report.Size}, {report.Iterations} iterations)");
        Row("manifest", report.Manifest);
        Row("contact sheet", $"{report.ContactSheet} (source | adapted{(report.Adapter is null ? "" : " | by the adapter")} | real)");
        Row("cluster state", report.Home);
        Row("job", report.JobId);
        var (quality, baselines) = (report.Quality.Adapted, report.Quality);
        Row("colour gap", $"{quality.ColourGap:0.00} (1 = the sources' colours, 0 = the real half's)");
        Row("detail gap", $"{quality.DetailGap:0.00} (1 = the sources' fine detail, 0 = the real half's)");
        Row("structure kept", quality.StructureKept is { } kept ? $"{kept:0.00} (label regions still told apart by colour; 1 = all)" : "no labels");
        Row("KID", $"{quality.Kid:0.00} to the real half; sources {quality.KidSource:0.00}, colour transfer {baselines.ColourTransferKid:0.00}, FDA {baselines.FdaKid:0.00} (lower is closer)");
        if (report.Quality.ByAdapter is { } adapter)
            Row("adapter", $"{report.Adapter} -> {report.AdapterOutput}: colour gap {adapter.ColourGap:0.00}, detail gap {adapter.DetailGap:0.00}, "
                + $"structure kept {(adapter.StructureKept is { } k ? k.ToString("0.00") : "-")}, KID {adapter.Kid:0.00} (trained on these images)");
        Row("timings", string.Join(", ", report.Timings.Select(t => $"{t.Key} {t.Value:0.0}s")));
        return grid;
    }
}
