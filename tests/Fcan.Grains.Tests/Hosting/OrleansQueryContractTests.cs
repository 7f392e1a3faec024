using Fcan.Grains.Hosting;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>The query keys and parameters read from Orleans' ADO.NET provider assemblies themselves.</summary>
public sealed class OrleansQueryContractTests
{
    [Fact]
    public void Each_provider_names_the_queries_it_reads_and_the_parameters_it_binds()
    {
        var byProvider = OrleansQueryContract.Providers.ToDictionary(p => p.Provider.Split(' ')[0]);

        Assert.Contains("GatewaysQueryKey", byProvider["Orleans.Clustering.AdoNet"].Keys);
        // Read by a method rather than a property: the clustering provider falls back without it.
        Assert.Contains("CleanupDefunctSiloEntryKey", byProvider["Orleans.Clustering.AdoNet"].Keys);
        Assert.Contains("WriteToStorageKey", byProvider["Orleans.Persistence.AdoNet"].Keys);
        Assert.Contains("UpsertReminderRowKey", byProvider["Orleans.Reminders.AdoNet"].Keys);
        Assert.Contains("GrainStateVersion", byProvider["Orleans.Persistence.AdoNet"].Parameters);
        Assert.Contains("FROM OrleansQuery", OrleansQueryContract.ReadQuery);
    }

    [Fact]
    public void A_query_that_names_a_parameter_its_provider_never_binds_is_a_problem()
    {
        var stored = OrleansQueryContract.Providers.SelectMany(p => p.Keys).Distinct()
            .ToDictionary(key => key, _ => "SELECT @ServiceId");
        stored["ReadReminderRowKey"] = "SELECT @ServiceId, @ReminderNameTypo";

        var problem = Assert.Single(OrleansQueryContract.Problems(stored));

        Assert.Matches(@"^ReadReminderRowKey names @ReminderNameTypo, which Orleans\.Reminders\.AdoNet \d+\.\d+\.\d+ never binds$", problem);
    }
}
