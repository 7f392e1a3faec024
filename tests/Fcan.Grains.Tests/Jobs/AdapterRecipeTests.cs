using System.Text.Json;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>A conversion with a trained adapter is fingerprinted by the adapter's content, and the adapter's fields
/// leave every other method's fingerprint as it was.</summary>
public sealed class AdapterRecipeTests
{
    private static readonly JobSpec Aan = new("/data/gta5", "gta5", "city", 1, RenderSettings.Default, "/out");

    private static JobSpec WithAdapter(string location, string hash) => Aan with
    {
        Settings = Aan.Settings with { Method = RenderMethod.Adapter, Adapter = location, AdapterHash = hash },
    };

    [Fact]
    public void The_fingerprint_follows_the_adapters_hash()
    {
        Assert.Equal(JobRecipe.Fingerprint(WithAdapter("/a", "1111")), JobRecipe.Fingerprint(WithAdapter("/a", "1111")));
        Assert.NotEqual(JobRecipe.Fingerprint(WithAdapter("/a", "1111")), JobRecipe.Fingerprint(WithAdapter("/a", "2222")));
        Assert.NotEqual(JobRecipe.Fingerprint(Aan), JobRecipe.Fingerprint(WithAdapter("/a", "1111")));
    }

    [Fact]
    public void Settings_without_an_adapter_serialise_as_before_it_existed()
    {
        var json = JsonSerializer.Serialize(Aan.Settings);
        Assert.DoesNotContain("Adapter", json);
    }
}
