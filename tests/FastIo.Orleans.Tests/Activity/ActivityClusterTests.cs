using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityPollTests;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>
/// Two silos and a gateway that logs ASP.NET Core at Debug, lets only a few keys pile up for a socket that
/// does not read, and waits a minute for such a client to take its close message.
/// </summary>
public sealed class ActivityClusterStack : ProductStack
{
    public const int MaxPendingKeys = 50;

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string> GatewayEnvironment() =>
        new Dictionary<string, string>(Environment())
        {
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            ["Logging__LogLevel__FastIo"] = "Debug",
            ["Activity__MaxPendingKeys"] = MaxPendingKeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Activity__CloseTimeout"] = "00:01:00",
        };
}

/// <summary>Activity across silos, and the socket's edges: logging of its token and clients that stop reading.</summary>
public sealed class ActivityClusterTests(ActivityClusterStack stack) : IClassFixture<ActivityClusterStack>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Activity_ProfilesOnEitherSilo_PushedThroughOneGateway()
    {
        // Ten workspaces land on both silos (and their streams on both silos' pulling agents) all but surely.
        var worlds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CreateAsync(stack)));
        var sockets = await Task.WhenAll(worlds.Select(async w =>
            await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, Tokens.WebSocket(w.Owner, w.WorkspaceId))));
        try
        {
            await Task.WhenAll(worlds.Select(w => stack.IngestAsync(File(w, "everywhere"))));
            var received = await Task.WhenAll(sockets.Select(s => s.UntilKeysAsync(["storage:everywhere"], Wait)));

            Assert.All(received, r => Assert.Contains("storage:everywhere", r.Keys));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WebSocket_TokenInTheUrl_NeverReachesTheGatewayLog()
    {
        var world = await CreateAsync(stack);
        var token = Tokens.WebSocket(world.Owner, world.WorkspaceId);

        await using (var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, token))
        {
            await stack.IngestAsync(File(world, "logged"));
            await socket.UntilKeysAsync(["storage:logged"], Wait);
        }

        await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, token + "x");

        Assert.Contains("/api/websocket/", stack.Gateway.Output);
        Assert.DoesNotContain(token[..40], stack.Gateway.Output);
    }

    [Fact]
    public async Task WebSocket_ClientStopsReading_ClosedWithCode4008OnceChangesPileUp()
    {
        var world = await CreateAsync(stack);
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress,
            Tokens.WebSocket(world.Owner, world.WorkspaceId), read: false, receiveBufferBytes: 1024);

        // Distinct keys until the gateway gives up on the client: socket buffers fill, sends stall, keys pile up.
        for (var batch = 0; batch < 40 && !stack.Gateway.Output.Contains("does not read", StringComparison.Ordinal); batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(commit => stack.IngestWithTimesAsync(
                new Dictionary<string, object?>
                {
                    ["workspace_id"] = world.WorkspaceId,
                    ["activity"] = Enumerable.Range(0, 100).Select(i => $"preview:slow-{batch}-{commit}-{i}").ToArray(),
                })));
        }

        socket.StartReading();
        var status = await socket.Closed.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4008, (int?)status);
    }
}
