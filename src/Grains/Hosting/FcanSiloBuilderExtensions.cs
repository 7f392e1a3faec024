using Fcan.Grains.Storage;
using Fcan.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fcan.Grains.Hosting;

/// <summary>Adds Fcan's silo-side services: the device workers of this silo's devices. Grain storage
/// (<see cref="GrainStorageNames.Fcan"/>), reminders, clustering and the render/storage services are the host's choice.</summary>
public static class FcanSiloBuilderExtensions
{
    public static ISiloBuilder AddFcanWorkers(this ISiloBuilder silo, Action<DeviceWorkerOptions> configure)
    {
        silo.Services.Configure(configure);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<BlobStoreCache>();
        silo.Services.AddSingleton<DeviceWorkerService>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
            services => services.GetRequiredService<DeviceWorkerService>());
        return silo;
    }
}
