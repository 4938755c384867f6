using System.Diagnostics;
using System.Net;
using FastIo.Orleans.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static FastIo.Orleans.Tests.Activity.ActivityCalls;
using static FastIo.Orleans.Tests.Activity.ActivityPollTests;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>The activity WebSocket: tokens, pushes, resume, and the ways a socket ends.</summary>
[Collection(ProductCollection.Name)]
public sealed class WebSocketTests(ProductStack stack)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WebSocketAuth_ProfileTheUserMayView_IssuesA24HourTokenBoundToIt()
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.GetAsync($"/current/websocket/auth/{world.ShareId}", Tokens.User(world.ShareMember));
        var token = new JsonWebToken(body["response"]!["auth_token"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal(86400, body["response"]!["expires_in"]!.GetValue<int>());
        Assert.Equal("websocket", token.GetClaim("scope").Value);
        Assert.Equal(world.ShareId, token.GetClaim("profile_id").Value);
        Assert.Equal(world.ShareMember, token.Subject);
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task WebSocketAuth_ErrorRows_AnswerAsTheApiTextSays()
    {
        var world = await CreateAsync(stack);

        var answers = new[]
        {
            await stack.GetAsync("/current/websocket/auth/", Tokens.User(world.Owner)),
            await stack.GetAsync("/current/websocket/auth/12ab", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/websocket/auth/{world.WorkspaceId}", Tokens.User(world.Outsider)),
            await stack.GetAsync($"/current/websocket/auth/{Ids.Next()}", Tokens.User(world.Outsider)),
            await stack.GetAsync($"/current/websocket/auth/{world.Owner}", Tokens.User(world.Outsider)),
            await stack.GetAsync($"/current/websocket/auth/{world.WorkspaceId}", null),
            await stack.GetAsync($"/current/websocket/auth/{world.WorkspaceId}", Tokens.WebSocket(world.Owner, world.WorkspaceId)),
        };

        Assert.Equal([400, 400, 400, 400, 400, 401, 401], answers.Select(a => a.Status));
    }

    [Fact]
    public async Task WebSocket_KeysChange_PushedWithACursorWellWithinTheLatencyPromise()
    {
        var world = await CreateAsync(stack);
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, await TokenAsync(world.Owner, world.WorkspaceId));

        var clock = Stopwatch.StartNew();
        var at = (await stack.IngestWithTimesAsync(File(world, "pushed")))[0];
        var ingested = clock.Elapsed;
        var (keys, messages) = await socket.UntilKeysAsync(["storage", "storage:pushed"], Wait);

        Assert.Equal("activity", messages[0]["response"]!.GetValue<string>());
        Assert.Equal(at, messages[^1]["lastactivity"]!.GetValue<string>());
        Assert.True(clock.Elapsed - ingested < TimeSpan.FromSeconds(1), $"pushed {clock.Elapsed - ingested} after the answer");
    }

    [Fact]
    public async Task WebSocket_LastActivityFromAnEarlierSession_GetsEverythingSinceThenLive()
    {
        var world = await CreateAsync(stack);
        string cursor;
        await using (var first = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, await TokenAsync(world.Owner, world.WorkspaceId)))
        {
            await stack.IngestAsync(File(world, "seen"));
            var (_, messages) = await first.UntilKeysAsync(["storage:seen"], Wait);
            cursor = messages[^1]["lastactivity"]!.GetValue<string>();
        }

        await stack.IngestAsync(File(world, "missed1"));
        await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, object_id: "missed2"));
        await using var second = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress,
            await TokenAsync(world.Owner, world.WorkspaceId), cursor);
        var resumed = await second.NextAsync(Wait);
        await stack.IngestAsync(File(world, "live"));
        var (live, _) = await second.UntilKeysAsync(["storage:live"], Wait);

        var resumedKeys = resumed["activity"]!.AsArray().Select(k => k!.GetValue<string>()).Order();
        Assert.Equal(["comments", "comments:missed2", "storage", "storage:missed1"], resumedKeys);
        Assert.Null(resumed["recovered"]);
        Assert.DoesNotContain("storage:seen", live);
    }

    [Fact]
    public async Task WebSocket_LastActivityOlderThanTheHistoryKept_FirstMessageSaysRecoveredFalse()
    {
        var world = await CreateAsync(stack);
        var (_, start) = await stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        await stack.IngestAsync([.. Enumerable.Range(0, 1001).Select(i => File(world, $"o{i}")).Take(1000)]);
        await stack.IngestAsync(File(world, "o1000"));

        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress,
            await TokenAsync(world.Owner, world.WorkspaceId), start["lastactivity"]!.GetValue<string>());
        var first = await socket.NextAsync(Wait);

        Assert.False(first["recovered"]!.GetValue<bool>());
        Assert.Contains("storage:o1000", first["activity"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task WebSocket_BadToken_RefusedAtTheHandshake()
    {
        var world = await CreateAsync(stack);
        var expired = Tokens.Sign(new Dictionary<string, object>
        {
            ["sub"] = world.Owner, ["scope"] = "websocket", ["profile_id"] = world.WorkspaceId,
        }, lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddMinutes(-10));
        var otherKey = Tokens.Sign(new Dictionary<string, object>
        {
            ["sub"] = world.Owner, ["scope"] = "websocket", ["profile_id"] = world.WorkspaceId,
        }, key: "another-signing-key-that-is-long-enough-0123456789");

        var refusals = new[]
        {
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, "not-a-token"),
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, expired),
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, otherKey),
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, Tokens.User(world.Owner)),
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, string.Empty),
            await SocketClient.RefusalAsync(stack.Gateway.BaseAddress, Tokens.WebSocket(world.Outsider, world.WorkspaceId)),
        };

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
             HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden],
            refusals);
    }

    [Fact]
    public async Task WebSocket_TokenExpires_ClosedWithCode4001()
    {
        var world = await CreateAsync(stack);
        var shortLived = Tokens.Sign(new Dictionary<string, object>
        {
            ["sub"] = world.Owner, ["scope"] = "websocket", ["profile_id"] = world.WorkspaceId,
        }, lifetime: TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, shortLived);
        var status = await socket.Closed.WaitAsync(Wait);

        Assert.Equal(4001, (int?)status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WebSocket_UserRemovedFromTheProfile_ClosedWithCode4003()
    {
        var world = await CreateAsync(stack);
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress,
            await TokenAsync(world.WorkspaceMember, world.WorkspaceId));

        await stack.IngestAsync(Event("removed_member_from_workspace", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.WorkspaceMember));
        var status = await socket.Closed.WaitAsync(Wait);

        Assert.Equal(4003, (int?)status);
    }

    [Fact]
    public async Task WebSocket_BurstOfCommits_CoalescedWithoutLosingAKey()
    {
        var world = await CreateAsync(stack);
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, await TokenAsync(world.Owner, world.WorkspaceId));
        var keys = Enumerable.Range(0, 30).Select(i => $"b{i}").ToList();

        await Task.WhenAll(keys.Select(k => stack.IngestAsync(File(world, k))));
        var (seen, messages) = await socket.UntilKeysAsync(keys.Select(k => "storage:" + k), Wait);

        Assert.True(messages.Count < keys.Count, $"{messages.Count} messages for {keys.Count} commits");
        var cursors = messages.Select(m => m["lastactivity"]!.GetValue<string>()).ToList();
        Assert.Equal(cursors.Order(StringComparer.Ordinal), cursors);
    }

    [Fact]
    public async Task WebSocket_PreviewKeySetWithoutAnEvent_Pushed()
    {
        var world = await CreateAsync(stack);
        await using var socket = await SocketClient.ConnectAsync(stack.Gateway.BaseAddress, await TokenAsync(world.ShareMember, world.ShareId));

        await stack.IngestWithTimesAsync(new Dictionary<string, object?> { ["share_id"] = world.ShareId, ["activity"] = new[] { "preview:p9" } });
        var (keys, _) = await socket.UntilKeysAsync(["preview:p9"], Wait);

        Assert.Equal(["preview:p9"], keys);
    }

    private async Task<string> TokenAsync(string user, string profileId)
    {
        var (status, body) = await stack.GetAsync($"/current/websocket/auth/{profileId}", Tokens.User(user));
        Assert.Equal(200, status);
        return body["response"]!["auth_token"]!.GetValue<string>();
    }
}
