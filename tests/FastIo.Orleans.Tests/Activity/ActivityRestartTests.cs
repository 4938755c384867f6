using System.Collections.Concurrent;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityCalls;
using static FastIo.Orleans.Tests.Activity.ActivityPollTests;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>A silo killed and restarted while changes flow: every acknowledged change still reaches the clients.</summary>
public sealed class ActivityRestartTests : IAsyncLifetime
{
    /// <summary>The gateway's reconcile interval (5 s) plus room for the silo to come back.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    private readonly ProductStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Silo_KilledAndRestartedMidStream_SocketAndPollMissNoAcknowledgedKey()
    {
        var world = await CreateAsync(_stack);
        var (_, start) = await _stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        await using var socket = await SocketClient.ConnectAsync(_stack.Gateway.BaseAddress,
            Tokens.WebSocket(world.Owner, world.WorkspaceId));
        await _stack.IngestAsync(File(world, "before"));
        await socket.UntilKeysAsync(["storage:before"], Bound);

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var producing = ProduceAsync(world, acknowledged, stop.Token);
        await Task.Delay(300);
        await _stack.RestartSiloAsync(_stack.Silos[0], kill: true);
        await WaitUntilAsync(() => acknowledged.Count(k => k.StartsWith("storage:after", StringComparison.Ordinal)) >= 3, Bound);
        await stop.CancelAsync();
        await producing;

        var expected = acknowledged.ToList();
        var (seen, _) = await socket.UntilKeysAsync(expected, Bound);
        var (_, polled) = await _stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&wait=10&lastactivity={Escape(start["lastactivity"]!.GetValue<string>())}");

        Assert.Superset(expected.ToHashSet(), seen);
        Assert.Superset(expected.ToHashSet(), Keys(polled).Keys.ToHashSet());
    }

    /// <summary>
    /// Starts an ingestion of one file every 50 ms, through the restart, without waiting for the one before
    /// (a call caught by the kill may hang until Orleans' call timeout); records each acknowledged key.
    /// </summary>
    private async Task ProduceAsync(World world, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        var calls = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var id = (_stack.Silos.Count > 1 ? "after" : "during") + i;
            calls.Add(IngestOneAsync(world, id, acknowledged));
            await Task.Delay(50, CancellationToken.None);
        }

        await Task.WhenAll(calls);
    }

    private async Task IngestOneAsync(World world, string id, ConcurrentBag<string> acknowledged)
    {
        try
        {
            var (status, _) = await _stack.SendAsync(HttpMethod.Post, "/internal/events/", Tokens.Service(),
                System.Net.Http.Json.JsonContent.Create(new { events = new[] { File(world, id) } }));
            if (status == 200)
            {
                acknowledged.Add("storage:" + id);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // Not acknowledged: the client would retry, and nothing is owed to watchers.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(100);
        }
    }
}
