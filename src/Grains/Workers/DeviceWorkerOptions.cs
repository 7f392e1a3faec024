namespace Fcan.Grains.Workers;

/// <summary>The silo's devices and how their workers pull work.</summary>
public sealed class DeviceWorkerOptions
{
    /// <summary>One worker per entry: "cpu", "cuda:0", ... An empty list makes a silo that renders nothing.</summary>
    public List<string> Devices { get; set; } = ["cpu"];

    /// <summary>Items leased per pull; a batch is rendered, then reported with one call.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>How long a lease lasts without renewal; a dead worker's items come back after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle worker waits before looking for work again.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>AAN arithmetic: "auto" (the fastest safe choice per device: float32 on the CPU, TF32 with cuDNN
    /// autotuning on CUDA), "fp32", "tf32" or "bf16" (used only where its check against float32 passes on the
    /// device, else the auto choice).</summary>
    public string Precision { get; set; } = "auto";

    /// <summary>How often workers tell the cluster what they are doing.</summary>
    public TimeSpan StatusPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
