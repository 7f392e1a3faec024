using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Fcan.Grains.Persistence;

public static class FileGrainStorageExtensions
{
    /// <summary>Registers a <see cref="FileGrainStorage"/> named <paramref name="name"/> that keeps state under <paramref name="root"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder silo, string name, string root)
    {
        silo.Services.AddGrainStorage(name, (services, _) =>
            new FileGrainStorage(root, services.GetRequiredService<Serializer>()));
        return silo;
    }
}
