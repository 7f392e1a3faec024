using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fcan.Engine.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp.PyBridge;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>Where an adapter came from: what it was trained on and against which style, for the item .json and for
/// checking that a conversion pins the pool version it learnt.</summary>
/// <param name="Source">The training images' location.</param>
/// <param name="Pool">The pool's name and version (empty and 0 outside a cluster).</param>
/// <param name="StyleHash">The content hash of the pool's style statistics.</param>
/// <param name="NetworkId">The feature network of the loss (and of the statistics).</param>
public sealed record AdapterOrigin(string Source, string Pool, int PoolVersion, string StyleHash, string NetworkId);

/// <summary>A saved adapter's description: its training settings (the shape among them), origin and step.</summary>
public sealed record AdapterDescription(AdapterSettings Settings, AdapterOrigin Origin, int Step);

/// <summary>
/// A trained adapter, ready to adapt images in batches (one forward pass each, no gradients), and its file: "FCANADPT",
/// a format version, the <see cref="AdapterDescription"/> as JSON, then the network's weights as safetensors. The
/// file's SHA-256 is the adapter's identity (<see cref="ContentHash"/>): it goes into every adapted item's .json and
/// a conversion's fingerprint.
/// </summary>
public sealed class TrainedAdapter : IDisposable
{
    public const string FileName = "adapter.fcan";

    private const string Magic = "FCANADPT";
    /// <summary>2: the network folds its input to half resolution (format 1's 9x9 full-resolution network is not read).</summary>
    private const ushort FormatVersion = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly AdapterNetwork network;

    private TrainedAdapter(AdapterNetwork network, AdapterDescription description, string contentHash)
    {
        this.network = network;
        Description = description;
        ContentHash = contentHash;
    }

    public AdapterDescription Description { get; }

    public string ContentHash { get; }

    /// <summary>SHA-256 (hex) of an adapter file's bytes.</summary>
    public static string HashOf(byte[] file) => Convert.ToHexStringLower(SHA256.HashData(file));

    /// <summary>The file of a network and its description.</summary>
    public static byte[] Write(AdapterNetwork network, AdapterDescription description)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            var json = JsonSerializer.SerializeToUtf8Bytes(description, Json);
            writer.Write(json.Length);
            writer.Write(json);
        }
        var tensors = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu());
        Safetensors.SaveStateDict(buffer, tensors, leaveOpen: true);
        return buffer.ToArray();
    }

    /// <summary>Reads an adapter file onto <paramref name="device"/>; throws <see cref="InvalidDataException"/> with
    /// the reason when it is not one.</summary>
    public static TrainedAdapter Read(byte[] file, EngineDevice device)
    {
        AdapterDescription description;
        Dictionary<string, Tensor> tensors;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic) throw new InvalidDataException("not an adapter file");
            var version = reader.ReadUInt16();
            if (version != FormatVersion) throw new InvalidDataException($"adapter format {version}; this fcan reads {FormatVersion}");
            var length = reader.ReadInt32();
            if (length <= 0 || length > stream.Length - stream.Position) throw new InvalidDataException("truncated adapter file");
            description = JsonSerializer.Deserialize<AdapterDescription>(reader.ReadBytes(length), Json)
                ?? throw new InvalidDataException("empty adapter description");
            if (AdapterStart.Problem(description.Settings.Loss.Init) is { } start) throw new InvalidDataException(start);
            tensors = Safetensors.LoadStateDict(stream);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"not a readable adapter file ({e.Message.Split('\n', 2)[0]})");
        }

        TorchRuntime.Ensure(device);
        var network = new AdapterNetwork(description.Settings.Shape);
        try
        {
            using var noGrad = no_grad();
            foreach (var (name, target) in network.state_dict())
            {
                if (!tensors.TryGetValue(name, out var tensor) || !tensor.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"adapter tensor '{name}' is missing or has the wrong shape");
                target.copy_(tensor);
            }
            network.eval();
            network.to(device.ToTorch());
            return new TrainedAdapter(network, description, HashOf(file));
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>Adapts same-size images in one forward pass from their <see cref="AdapterStart"/>; returns them
    /// unrounded (RGB 0..255 scale).</summary>
    public IReadOnlyList<PlanarImage> Adapt(IReadOnlyList<PlanarImage> images)
    {
        if (images.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameter = network.parameters().First();
        var sources = PlanarImage.Stack(images, parameter.dtype, parameter.device);
        return PlanarImage.Unstack(network.forward(AdapterStart.Of(sources, Description.Settings.Loss.Init)));
    }

    public void Dispose() => network.Dispose();
}
