using Fcan.Testing;

namespace Fcan.Data.Tests;

/// <summary>The test classes that talk to Azure Blob share one Azurite for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
