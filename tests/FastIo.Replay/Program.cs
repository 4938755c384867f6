using FastIo.Orleans.Replay;
using FastIo.Orleans.Replay.Replay;

if (args.Length > 0 && args[0] == "token")
{
    return TokenCommand.Run(args[1..], Console.Out, Console.Error);
}

if (ReplayOptions.Parse(args, Console.Error) is not { } options)
{
    return ReplayCommand.BadInput;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // The first Ctrl+C stops between batches; idempotency keys make a later re-run resume safely.
    press.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await ReplayCommand.RunAsync(options, Console.Out, Console.Error, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("fastio-replay: cancelled.");
    return ReplayCommand.ApiFailed;
}
