using Fcan.Engine.Ran.Distributed;

namespace Fcan.Engine.Tests.Ran.Distributed;

public sealed class RingAllReduceTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 11)]
    [InlineData(3, 1000)]
    [InlineData(5, 7)]
    public void Every_trainer_ends_with_the_sum_having_sent_2_N_minus_1_over_N_of_the_buffer(int world, int length)
    {
        var random = new Random(world * 100 + length);
        var buffers = Enumerable.Range(0, world).Select(_ => Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var expected = Enumerable.Range(0, length).Select(i => buffers.Sum(b => (double)b[i])).ToArray();

        var sent = LockstepRing.AllReduce(buffers, WireFormat.Fp32);

        foreach (var buffer in buffers)
            for (var i = 0; i < length; i++) Assert.Equal(expected[i], buffer[i], 1e-5);
        Assert.All(buffers, buffer => Assert.Equal(buffers[0], buffer));
        // Chunks differ by at most one value, so each rank sends 2(N-1)/N of the buffer within 2(N-1) values.
        var share = 2.0 * (world - 1) / world * length * 4;
        Assert.All(sent, bytes => Assert.InRange(bytes, share - 8 * (world - 1), share + 8 * (world - 1)));
    }

    [Fact]
    public void With_bf16_on_the_wire_every_trainer_still_ends_bit_identical()
    {
        var random = new Random(3);
        var buffers = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var expected = Enumerable.Range(0, 100).Select(i => buffers.Sum(b => (double)b[i])).ToArray();

        var sent = LockstepRing.AllReduce(buffers, WireFormat.Bf16);

        Assert.All(buffers, buffer => Assert.Equal(buffers[0], buffer));
        for (var i = 0; i < 100; i++) Assert.InRange(Math.Abs(buffers[0][i] / expected[i] - 1), 0, 3.0 / 256);
        // Four chunks of 33 or 34 values, two bytes each.
        Assert.All(sent, bytes => Assert.InRange(bytes, 4 * 33 * 2, 4 * 34 * 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Shares_cover_the_batch_once_and_weigh_one_in_all(int world)
    {
        var shares = Enumerable.Range(0, world).Select(rank => BatchShare.For(rank, world, 7)).ToList();
        Assert.Equal(Enumerable.Range(0, 7), shares.SelectMany(s => Enumerable.Range(s.Start, s.Count)));
        Assert.Equal(1, shares.Sum(s => s.Weight), 12);
        Assert.Throws<ArgumentException>(() => BatchShare.For(0, 8, 7));
    }

    [Fact]
    public void Sync_modes_parse_and_say_when_they_exchange()
    {
        Assert.Equal(SyncMode.AllReduce, SyncMode.Parse("allreduce"));
        var local = SyncMode.Parse("local-sgd:4");
        Assert.Equal("local-sgd:4", local.ToString());
        Assert.Equal([3, 7, 9], Enumerable.Range(0, 10).Where(step => local.ExchangesAfter(step, totalSteps: 10)));
        Assert.Throws<ArgumentException>(() => SyncMode.Parse("local-sgd:0"));
    }
}
