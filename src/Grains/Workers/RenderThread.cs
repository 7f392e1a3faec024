using System.Collections.Concurrent;

namespace Fcan.Grains.Workers;

/// <summary>One dedicated thread that runs a device's rendering, off the Orleans scheduler and the thread pool:
/// a render takes seconds to minutes, and TorchSharp's dispose scopes belong to the thread that opened them.</summary>
public sealed class RenderThread : IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    public RenderThread(string name)
    {
        thread = new Thread(() =>
        {
            foreach (var item in work.GetConsumingEnumerable()) item();
        }) { Name = name, IsBackground = true };
        thread.Start();
    }

    /// <summary>Runs <paramref name="body"/> on the thread; the task completes with its result or exception.</summary>
    public Task<T> RunAsync<T>(Func<T> body)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try { completion.SetResult(body()); }
            catch (Exception error) { completion.SetException(error); }
        });
        return completion.Task;
    }

    public Task RunAsync(Action body) => RunAsync(() =>
    {
        body();
        return true;
    });

    public void Dispose()
    {
        work.CompleteAdding();
        thread.Join();
        work.Dispose();
    }
}
