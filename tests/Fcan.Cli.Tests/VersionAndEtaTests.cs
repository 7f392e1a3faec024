using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fcan.Client.Views;
using Fcan.Testing;

namespace Fcan.Cli.Tests;

public sealed class VersionAndEtaTests
{
    [Fact]
    public async Task Version_prints_the_release_version_the_build_sets()
    {
        var version = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")).Descendants("Version").Single().Value;

        // Alone, as a user types it (FcanProcess adds --home, which --version does not combine with).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fcan.dll"));
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        // The release version, then the commit the build came from.
        Assert.Matches($"^{Regex.Escape(version)}(\\+[0-9a-f]+)?\n$", output);
    }

    [Theory]
    [InlineData(0, 4, 5, "4:05")]
    [InlineData(3, 4, 5, "3:04:05")]
    [InlineData(25, 0, 0, "1d 01:00:00")]
    [InlineData(73, 2, 3, "3d 01:02:03")]
    public void Eta_counts_whole_days(int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, JobViews.Eta(new TimeSpan(hours, minutes, seconds)));

    [Fact]
    public void An_unknown_eta_says_so() => Assert.Equal("unknown", JobViews.Eta(null));
}
