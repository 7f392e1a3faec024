using System.Diagnostics;

namespace Fcan.Testing;

/// <summary>Debian's Chromium (installed by scripts/install-test-deps.sh), run headless to render a page the way a
/// browser does, scripts included, and hand back the resulting DOM.</summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>The DOM of <paramref name="url"/> after its scripts ran for up to ten seconds of virtual time.</summary>
    public static async Task<string> DumpDomAsync(string url, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("fcan-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000",
                         "--dump-dom", url])
                start.ArgumentList.Add(argument);
            using var chromium = Process.Start(start)!;
            var dom = chromium.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = chromium.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await chromium.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                throw;
            }
            if (chromium.ExitCode != 0)
                throw new InvalidOperationException($"chromium exited with {chromium.ExitCode}: {await errors}");
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
