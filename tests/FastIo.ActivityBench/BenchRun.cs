using System.Diagnostics;
using FastIo.Orleans.ActivityBench.Clients;
using FastIo.Orleans.ActivityBench.Targets;

namespace FastIo.Orleans.ActivityBench;

/// <summary>
/// One target, end to end: profiles, idle sockets (memory), waiting polls (memory), then keys published at a
/// steady rate while every client notes when each key reaches it.
/// </summary>
public sealed class BenchRun(BenchOptions options, IBenchTarget target, TextWriter log)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(20);

    public async Task<BenchResult> RunAsync(CancellationToken cancellation)
    {
        var receipts = new Receipts();
        log.WriteLine($"[{target.Name}] preparing {options.Profiles} profiles");
        await target.PrepareAsync(options.Profiles, cancellation);
        await Task.Delay(Settle, cancellation);

        var before = ProcessMemory.ResidentBytes(target.Pid);
        await using var sockets = new SocketFleet(target, receipts, firstClient: 0);
        log.WriteLine($"[{target.Name}] connecting {options.Sockets} sockets");
        await sockets.ConnectAsync(options.Sockets, options.Profiles, cancellation);
        await Task.Delay(Settle, cancellation);
        var withSockets = ProcessMemory.ResidentBytes(target.Pid);

        await using var polls = new PollFleet(target, receipts, firstClient: options.Sockets);
        log.WriteLine($"[{target.Name}] starting {options.Polls} long-polls");
        await polls.StartAsync(options.Polls, options.Profiles, cancellation);
        await Task.Delay(Settle * 2, cancellation);
        var withPolls = ProcessMemory.ResidentBytes(target.Pid);

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        log.WriteLine($"[{target.Name}] warming up {options.WarmupSeconds} s, then {options.Seconds} s at {options.Rate}/s");
        await PublishAsync(receipts, key: 1_000_000, options.WarmupSeconds, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        receipts.Start();
        var published = await PublishAsync(receipts, key: 0, options.Seconds, cancellation);

        var clients = sockets.Profiles.Concat(polls.Profiles).ToList();
        var drained = Stopwatch.StartNew();
        while (!receipts.Complete(clients) && drained.Elapsed < Drain)
        {
            await Task.Delay(500, cancellation);
        }

        var (all, early, missing) = receipts.Measure(clients);
        var socketOnly = receipts.Measure([.. sockets.Profiles, .. polls.Profiles.Select(_ => -1)]);
        var pollOnly = receipts.Measure([.. sockets.Profiles.Select(_ => -1), .. polls.Profiles]);
        http.Dispose();
        return new BenchResult(target.Name, options.Sockets, options.Polls, published,
            Stats.Of(socketOnly.Latencies), Stats.Of(pollOnly.Latencies), Stats.Of(all), missing, early,
            options.Sockets == 0 ? 0 : (withSockets - before) / (double)options.Sockets,
            options.Polls == 0 ? 0 : (withPolls - withSockets) / (double)options.Polls,
            polls.Failures, sockets.Closed);
    }

    /// <summary>Publishes one key every 1/rate s for the given time, each on the next profile; returns how many.</summary>
    private async Task<int> PublishAsync(Receipts receipts, int key, int seconds, CancellationToken cancellation)
    {
        if (seconds == 0)
        {
            return 0;
        }

        var count = (int)(seconds * options.Rate);
        var started = Stopwatch.GetTimestamp();
        var calls = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellation);
            }

            var n = key + i;
            var profile = (int)((long)n * 7919 % options.Profiles);
            calls.Add(Task.Run(async () =>
            {
                await target.PublishAsync(profile, Receipts.Prefix + n, cancellation);
                receipts.Acknowledged(n, profile, Stopwatch.GetTimestamp());
            }, cancellation));
        }

        await Task.WhenAll(calls);
        return count;
    }
}
