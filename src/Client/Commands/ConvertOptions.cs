using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Engine.Aan;
using Fcan.Data.Storage;
using Fcan.Engine.Adapter;
using Fcan.Engine.Baselines;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>The options that describe a conversion, shared by `fcan convert` and `fcan schedule add`.</summary>
public sealed class ConvertOptions
{
    public static readonly string[] Layouts = ["gta5", "cityscapes", "folder"];

    public static readonly string[] Methods = ["aan", "colour", "fda"];

    public Option<string> Source { get; } = new("--source") { Description = "Dataset root: a local path or az://container/prefix", HelpName = "URI", Required = true };

    public Option<string> Layout { get; } = new Option<string>("--layout") { Description = "How the dataset is laid out", Required = true }
        .AcceptOnlyFromAmong(Layouts);

    public Option<string> Pool { get; } = new("--pool") { Description = "The target-style pool (see `fcan pool list`)", HelpName = "NAME", Required = true };

    public Option<string> Out { get; } = new("--out") { Description = "Where shards and the manifest go: a local path or az://container/prefix", HelpName = "URI", Required = true };

    public Option<int> ShardSize { get; } = new("--shard-size") { Description = "Images per shard", DefaultValueFactory = _ => 100 };

    public Option<string?> Size { get; } = SizeOption.Create("Resize sources to this size first (default: each source's own size)");

    public Option<int?> Limit { get; } = new("--limit") { Description = "Convert only the first N images of the source listing", HelpName = "N" };

    /// <summary>--preset and the AAN values that override it.</summary>
    public AanOptions Aan { get; } = new(imageInit: false);

    public Option<string> Method { get; } = new Option<string>("--method") { Description = "How each image is adapted: aan, adapter (a trained adapter, one forward pass per image: needs --adapter), or a cheap baseline: colour (l-alpha-beta mean/std transfer to the pool's images, Reinhard et al. 2001) or fda (Fourier domain adaptation with a pool image)", DefaultValueFactory = _ => "aan" }
        .AcceptOnlyFromAmong([.. Methods, "adapter"]);

    public Option<string?> Adapter { get; } = new("--adapter") { Description = "With --method adapter: the trained adapter (an `fcan adapter train --out` location)", HelpName = "URI" };

    public Option<double> FdaBand { get; } = new("--fda-band") { Description = "FDA's band beta: the low-frequency square of half-side beta*min(W,H) whose amplitudes are swapped (the paper: 0.01 to 0.09)", HelpName = "B", DefaultValueFactory = _ => FourierDomainAdaptation.DefaultBand };

    public Option<bool> Force { get; } = new("--force") { Description = "Render every image, even those the output already holds unchanged (same source sha256, settings and pool version)" };

    public Option<bool> AllowShrink { get; } = new("--allow-shrink") { Description = "Publish a refresh even when it drops more than 10% of the current generation's images (otherwise such a refresh fails and the current dataset stays)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Source, Layout, Pool, Out, ShardSize, Size, Limit, Method, FdaBand, Adapter, Force, AllowShrink })
            command.Options.Add(option);
        Aan.AddTo(command);
    }

    /// <summary>Checks the values (before any cluster is opened, so bad usage costs nothing).</summary>
    public ConvertRequest Read(CommandContext ctx)
    {
        if (ctx.Value(Limit) is <= 0) throw new UsageException("--limit: must be a positive number");
        var (preset, aan, _) = Aan.Read(ctx);
        var method = ReadMethod(ctx);
        var settings = RenderSettings.From(aan, SizeOption.Read(ctx, Size)) with
        {
            Preset = AanPresets.Name(preset),
            Method = method,
            FdaBand = method == RenderMethod.Fda ? ReadBand(ctx) : null,
        };
        if ((settings.Method == RenderMethod.Adapter) != (ctx.Value(Adapter) != null))
            throw new UsageException(settings.Method == RenderMethod.Adapter ? "--method adapter needs --adapter URI" : "--adapter: only with --method adapter");
        return new ConvertRequest(
            StorageLocation.RequireExisting("source", ctx.Value(Source)),
            ctx.Value(Layout),
            Names.Require("pool", ctx.Value(Pool)),
            StorageLocation.Normalize(ctx.Value(Out)),
            Positive(ctx, ShardSize),
            ctx.Value(Limit),
            settings,
            ctx.Value(Force),
            ctx.Value(AllowShrink));
    }

    /// <summary><see cref="Read"/>, then a trained adapter's content pinned by its SHA-256 (read from its location, which
    /// the client must reach, as every silo must): the job's fingerprint names the adapter, not only where it lies.</summary>
    public async Task<ConvertRequest> ReadAsync(CommandContext ctx, CancellationToken ct)
    {
        var request = Read(ctx);
        if (ctx.Value(Adapter) is not { } adapter) return request;
        var location = StorageLocation.RequireExisting("adapter", adapter);
        var file = await new AdapterCheckpointStore(BlobStores.Open(location)).ReadAdapterFileAsync(ct);
        return request with { Settings = request.Settings with { Adapter = location, AdapterHash = TrainedAdapter.HashOf(file) } };
    }

    /// <summary>The method by name; the names are the enum's, lower case.</summary>
    public static RenderMethod ParseMethod(string name) => Enum.Parse<RenderMethod>(name, ignoreCase: true);

    private RenderMethod ReadMethod(CommandContext ctx) => ParseMethod(ctx.Value(Method));

    private double ReadBand(CommandContext ctx) =>
        ctx.Value(FdaBand) is var band and >= 0 and < 0.5 ? band : throw new UsageException("--fda-band: must be at least 0 and below 0.5");

    private static int Positive(CommandContext ctx, Option<int> option) =>
        ctx.Value(option) is var value and > 0 ? value : throw new UsageException($"{option.Name}: must be a positive number");
}
