using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityPollTests;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>
/// A gateway whose watch lease is a second and a half and whose quiet-profile reconciliation waits a minute:
/// pushes keep coming only if the gateway renews the lease while the stream is busy.
/// </summary>
public sealed class WatchLeaseStack : ProductStack
{
    protected override IReadOnlyDictionary<string, string> GatewayEnvironment() =>
        new Dictionary<string, string>(Environment())
        {
            ["Activity__WatchLease"] = "00:00:01.500",
            ["Activity__ReconcileInterval"] = "00:01:00",
        };
}

/// <summary>Profiles publish only while watched, and keep publishing for as long as they are watched.</summary>
public sealed class WatchLeaseTests(WatchLeaseStack stack) : IClassFixture<WatchLeaseStack>
{
    [Fact]
    public async Task WebSocket_ChangesForFourLeases_EachPushedWithinASecond()
    {
        var world = await CreateAsync(stack);

        // Unwatched commits before the socket opens: the watch starts from the grain's timestamps.
        await stack.IngestAsync(File(world, "before"));
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress,
            Tokens.WebSocket(world.Owner, world.WorkspaceId));

        var deadline = DateTime.UtcNow.AddSeconds(6);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            await stack.IngestAsync(File(world, $"lease{i}"));
            var received = await socket.UntilKeysAsync([$"storage:lease{i}"], TimeSpan.FromSeconds(1));
            Assert.Contains($"storage:lease{i}", received.Keys);
            await Task.Delay(200);
        }
    }
}
