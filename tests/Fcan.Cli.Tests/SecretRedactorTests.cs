using Fcan.Grains.Hosting;

namespace Fcan.Cli.Tests;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("postgres://fcan:hunter2@db.local/fcan", "postgres://fcan:***@db.local/fcan")]
    [InlineData("cluster redis://default:p@ss:word@10.0.0.1:6379 unreachable", "cluster redis://default:***@10.0.0.1:6379 unreachable")]
    // A Redis URI's user info without a ':' is the password alone (RedisConnection reads it so).
    [InlineData("cluster redis://s3cret@10.0.0.1:6379 unreachable", "cluster redis://***@10.0.0.1:6379 unreachable")]
    [InlineData("REDIS://s3cret@host", "REDIS://***@host")]
    [InlineData("cluster redis://:s3cret@10.0.0.1", "cluster redis://:***@10.0.0.1")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=Eby8vdM02x==;BlobEndpoint=http://127.0.0.1:1/dev",
        "DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=***;BlobEndpoint=http://127.0.0.1:1/dev")]
    [InlineData("Host=db;Username=fcan;Password=hunter2;Database=fcan", "Host=db;Username=fcan;Password=***;Database=fcan")]
    [InlineData("https://acct.blob.core.windows.net/c/b?sv=2024&sig=abc%2Fdef&se=1", "https://acct.blob.core.windows.net/c/b?sv=2024&sig=***&se=1")]
    public void Removes_the_secret_and_keeps_the_rest(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Theory]
    [InlineData("redis://127.0.0.1:6379")]
    [InlineData("az://container/prefix")]
    [InlineData("job 3f2a: 12 of 40 images, 2 failed")]
    public void Leaves_text_without_secrets_alone(string text) => Assert.Equal(text, SecretRedactor.Redact(text));
}
