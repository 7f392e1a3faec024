using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>How pools look in a terminal.</summary>
public static class PoolViews
{
    public static Table List(IEnumerable<PoolInfo> pools)
    {
        var table = new Table().AddColumns("POOL", "VERSION", "IMAGES", "SIZE", "NETWORK", "UPDATED");
        foreach (var pool in pools)
            table.AddRow(
                Markup.Escape(pool.Name),
                pool.Version.ToString(),
                pool.Definition.Images.Count.ToString(),
                pool.Definition.Size?.ToString() ?? "as is",
                Markup.Escape(pool.NetworkId),
                pool.UpdatedAt.ToString("u"));
        return table;
    }

    public static Grid Detail(PoolInfo pool)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Row("pool", pool.Name);
        Row("version", pool.Version.ToString());
        Row("size", pool.Definition.Size?.ToString() ?? "each image's own");
        Row("network", pool.NetworkId);
        Row("statistics", $"{pool.StatisticsRef} ({pool.StatisticsHash})");
        Row("updated", pool.UpdatedAt.ToString("u"));
        Row("images", string.Join("\n", pool.Definition.Images));
        return grid;
    }
}
