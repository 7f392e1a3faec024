using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fcan.Grains.Persistence;

/// <summary>
/// How grain state is encoded in Redis and PostgreSQL: Orleans' own serializer, which the embedded file store uses
/// too and which follows each state type's <c>[Id]</c> contract, privately set members included. Orleans' default
/// for these stores is Newtonsoft JSON, which silently skips members with private setters: a shard read back from
/// storage (after its silo died, or any new activation) had lost every item's state, so the job counted a written
/// shard's items as pending and left them out of the generation index. State that an earlier Fcan wrote as JSON is
/// still read (the fallback), and written back in the new encoding.
/// </summary>
public static class GrainStateSerializer
{
    public static IGrainStorageSerializer Create(IServiceProvider services) => new GrainStorageSerializer(
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
        new JsonGrainStorageSerializer(services.GetRequiredService<OrleansJsonSerializer>()));
}
