namespace Fcan.Client.Demo;

/// <summary>What `fcan demo` produced and measured (its `--json` output).</summary>
/// <param name="Dataset">The generated mini dataset (source = synthetic half, target = real half).</param>
/// <param name="Output">Shards and manifest of the converted synthetic half.</param>
/// <param name="ContactSheet">PNG with one row per image: source | adapted | (by the adapter |) real example.</param>
/// <param name="Quality">`fcan assess`'s figures against the real half, and the baselines' KID.</param>
/// <param name="Timings">Seconds per step.</param>
public sealed record DemoReport(
    string JobId,
    string Dataset,
    string Output,
    string Manifest,
    string ContactSheet,
    string Home,
    int Images,
    string Size,
    int Iterations,
    DemoQuality Quality,
    IReadOnlyDictionary<string, double> Timings)
{
    /// <summary>With --method adapter: the trained adapter's folder; otherwise null.</summary>
    public string? Adapter { get; init; }

    /// <summary>With --method adapter: the shards converted by the adapter; otherwise null.</summary>
    public string? AdapterOutput { get; init; }
}
