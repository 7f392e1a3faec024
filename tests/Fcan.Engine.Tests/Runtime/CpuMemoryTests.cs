using Fcan.Engine.Runtime;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Runtime;

/// <summary>
/// libtorch's large CPU tensors must not be faulted in 4 KiB at a time on every pass (CpuMemory): a 3x3 convolution
/// whose unfolded input is 75 MB, as the adapter's head has at 512x256, took about 18,000 minor page faults a pass
/// with glibc's and libtorch's defaults (this test failed so before the fix) and takes a few dozen with huge pages.
/// The count is the whole process's (libtorch's worker threads fill the buffer), so the test runs alone: another
/// test's allocations would count too.
/// </summary>
[Collection(nameof(CpuMemoryTests))]
public class CpuMemoryTests
{
    private const string HugePages = "/sys/kernel/mm/transparent_hugepage/enabled";

    [Fact]
    public void RepeatedLargeConvolutionsDoNotFaultTheirMemoryInPageByPage()
    {
        // A kernel without transparent huge pages cannot give them; the heap part alone does not reach 75 MB blocks.
        if (!File.Exists(HugePages) || File.ReadAllText(HugePages).Contains("[never]")) return;
        TorchRuntime.EnsureCpu();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var convolution = nn.Conv2d(16, 3, 3, padding: 1);
        var input = randn(1, 16, 256, 512);
        convolution.forward(input).Dispose();

        const int passes = 3;
        var before = MinorFaults();
        for (var pass = 0; pass < passes; pass++) convolution.forward(input).Dispose();
        var perPass = (MinorFaults() - before) / passes;

        const long pagesOfTheUnfoldedInput = 16L * 9 * 256 * 512 * sizeof(float) / 4096;
        Assert.True(perPass < pagesOfTheUnfoldedInput / 10,
            $"{perPass} minor page faults a pass; faulting the unfolded input in 4 KiB pages takes {pagesOfTheUnfoldedInput}");
    }

    // Field 10 of /proc/self/stat, counted after the command name, which may hold spaces.
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]);
    }
}

[CollectionDefinition(nameof(CpuMemoryTests), DisableParallelization = true)]
public sealed class CpuMemoryTestsRunAlone;
