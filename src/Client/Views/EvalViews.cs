using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fcan.Client.Views;

/// <summary>The per-class IoU table `fcan eval` prints.</summary>
public static class EvalViews
{
    public static IRenderable Table(IEnumerable<(string Name, double? IoU)> classes, double? meanIoU, double? pixelAccuracy, int images)
    {
        var table = new Table().AddColumn("class").AddColumn(new TableColumn("IoU %").RightAligned());
        foreach (var (name, iou) in classes) table.AddRow(Markup.Escape(name), Percent(iou));
        table.AddRow("[bold]mIoU[/]", $"[bold]{Percent(meanIoU)}[/]");
        table.Caption($"{images} images; pixel accuracy {Percent(pixelAccuracy)}%; '-' = class in neither labels nor predictions");
        return table;
    }

    private static string Percent(double? value) => value is { } v ? (100 * v).ToString("0.0") : "-";
}
