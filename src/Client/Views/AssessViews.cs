using Fcan.Client.Commands;
using Fcan.Engine.Quality;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fcan.Client.Views;

/// <summary>`fcan assess` for people: one row per image and the set's row, with what the columns mean.</summary>
public static class AssessViews
{
    public static IRenderable Report(AssessResult result)
    {
        var table = new Table().AddColumns("IMAGE", "KID", "KID SRC", "COLOUR", "DETAIL", "STRUCT", "SSIM", "EDGE F1");
        foreach (var row in result.Images)
            table.AddRow(Markup.Escape(row.Key), Number(row.Kid), Number(row.KidSource), Gap(row.ColourGap), Gap(row.DetailGap),
                Gap(row.StructureKept), Fraction(row.Ssim), Fraction(row.EdgeF1));
        var set = result.Set;
        table.AddRow(new Text("set", new Style(decoration: Decoration.Bold)), new Text(Number(set.Kid)), new Text(Number(set.KidSource)),
            new Text(Gap(set.ColourGap)), new Text(Gap(set.DetailGap)), new Text(Gap(set.StructureKept)), new Text(Fraction(set.Ssim)), new Text(Fraction(set.EdgeF1)));
        var notes = new Rows(
            new Text($"{set.Images} adapted images of {result.Adapted} at {result.Size} against {result.Targets} ({set.Targets} images)"),
            new Text($"KID: ResNet-18 layer3+layer4 features of {set.FeatureVectorsPerImage} cells per image; KID SRC is the sources' (the scale to beat, lower is closer)"),
            new Text("COLOUR, DETAIL: colour and detail gap, 1 = as far from the targets as the source, 0 = the targets'; STRUCT (structure kept), SSIM, EDGE F1: 1 = all kept"),
            new Text(result.ContactSheet is { } sheet ? $"contact sheet: {sheet} (source | adapted | target)" : ""));
        return new Rows(table, notes);
    }

    private static string Number(double value) => value.ToString("0.0000");

    private static string Gap(double? value) => value is { } v ? v.ToString("0.00") : "-";

    private static string Fraction(double value) => value.ToString("0.00");
}
