using FastIo.Orleans.LoadTest;

if (LoadOptions.Parse(args, Console.Error) is not { } options)
{
    return 2;
}

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // The first Ctrl-C stops the load and reports what was measured; a second one ends the process.
    if (!interrupt.IsCancellationRequested)
    {
        press.Cancel = true;
        interrupt.Cancel();
    }
};

try
{
    return await new LoadRun(options, Console.Out).RunAsync(interrupt.Token);
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Console.Error.WriteLine("fastio-load: interrupted before the load started.");
    return LoadRun.Interrupted;
}
