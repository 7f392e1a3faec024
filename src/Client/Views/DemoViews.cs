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
        Row("contact sheet", $"{report.ContactSheet} ({(report.Adapter is null ? "source | adapted | real" : "source | AAN | adapter | real")})");
        if (report.Adapter is not null) Row("adapter", $"{report.Adapter}, shards {report.AdapterOutput}");
        Row("cluster state", report.Home);
        Row("job", report.JobId);
        Row("Gram distance", $"{report.GramDistanceBefore:G4} before, {report.GramDistanceAfter:G4} after ({(report.Reduction >= 0 ? $"{report.Reduction:P0} closer to" : $"{-report.Reduction:P0} further from")} the pool)");
        if (report.GramDistanceAfterAdapter is { } adapter)
        {
            var reduction = 1 - adapter / report.GramDistanceBefore;
            Row("Gram distance (adapter)", $"{adapter:G4} after ({(reduction >= 0 ? $"{reduction:P0} closer to" : $"{-reduction:P0} further from")} the pool)");
        }
        Row("timings", string.Join(", ", report.Timings.Select(t => $"{t.Key} {t.Value:0.0}s")));
        return grid;
    }
}
