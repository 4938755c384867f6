using System.Diagnostics;
using System.Net.WebSockets;
using FastIo.Orleans.Tests.Activity;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityCalls;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Operations;

/// <summary>
/// A gateway taken out of a load balancer's pool (SIGTERM) lets its clients go elsewhere at once: waiting polls
/// answer with their cursor and sockets close with "going away", instead of hanging until the shutdown timeout.
/// </summary>
public sealed class GatewayShutdownTests : IAsyncLifetime
{
    private readonly ProductStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Gateway_Stopped_AnswersWaitingPollAndClosesSocketGoingAway()
    {
        var world = await CreateAsync(_stack);
        var (_, start) = await _stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        var cursor = start["lastactivity"]!.GetValue<string>();
        await using var socket = await SocketClient.ConnectAsync(_stack.Gateway.BaseAddress,
            Tokens.WebSocket(world.Owner, world.WorkspaceId));
        var waiting = _stack.PollAsync(
            world.Owner, world.WorkspaceId, $"updated&wait=90&lastactivity={Escape(cursor)}");

        // Nothing crosses the process boundary when the poll starts waiting; a moment is ample, and the assertion
        // below checks that the poll was indeed waiting rather than answered.
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.False(waiting.IsCompleted, "the poll should be waiting for a change");

        var clock = Stopwatch.StartNew();
        var stopping = _stack.Gateway.StopAsync();
        var (status, answer) = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var closed = await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping;

        Assert.Equal(200, status);
        Assert.Empty(Keys(answer));
        Assert.Equal(cursor, answer["lastactivity"]!.GetValue<string>());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the gateway took {clock.Elapsed} to let go");
    }
}
