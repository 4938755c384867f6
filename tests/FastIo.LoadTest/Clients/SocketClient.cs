using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest.Clients;

/// <summary>
/// One WebSocket client on one workspace. It keeps the <c>lastactivity</c> of each message and, when the
/// socket drops (a close or an error), connects again with that cursor after a backoff, asking for a new token
/// when the old one was refused or expired. The first connection already carries the workspace's start cursor,
/// so keys committed while connecting are not missed either.
/// </summary>
public sealed class SocketClient(SocketContext context, string profileId, string? startCursor, Inbox inbox)
{
    private const int TokenExpired = 4001;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public Inbox Inbox => inbox;

    public async Task RunAsync(CancellationToken stop)
    {
        var metrics = context.Metrics;
        var cursor = startCursor;
        string? token = null;
        long? droppedAt = null;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            using var socket = NewSocket();
            var connecting = Stopwatch.GetTimestamp();
            try
            {
                token ??= await TokenAsync(stop);
                connecting = Stopwatch.GetTimestamp();
                await ConnectAsync(socket, token, cursor, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && IsConnectFailure(e))
            {
                (droppedAt is null ? context.Connect : metrics.Reconnect).Failed();
                if (socket.HttpStatusCode is HttpStatusCode.Unauthorized)
                {
                    token = null;
                }

                context.Errors.Write($"socket {profileId}: connect failed: {Describe(e, socket)}");
                await Delay(Backoff.After(++failures), stop);
                continue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            if (droppedAt is { } dropped)
            {
                metrics.Reconnect.Succeeded(dropped);
            }
            else
            {
                context.Connect.Succeeded(connecting);
            }

            failures = 0;
            Interlocked.Increment(ref metrics.OpenSockets);
            int? closeStatus;
            try
            {
                closeStatus = await ReadAsync(socket, message => cursor = message.LastActivity ?? cursor, stop);
            }
            finally
            {
                Interlocked.Decrement(ref metrics.OpenSockets);
            }

            if (stop.IsCancellationRequested)
            {
                await CloseQuietlyAsync(socket);
                return;
            }

            Interlocked.Increment(ref metrics.SocketDrops);
            metrics.SocketPush.Failed();
            droppedAt = Stopwatch.GetTimestamp();
            token = closeStatus == TokenExpired ? null : token;
            await Delay(Backoff.After(1), stop);
        }
    }

    private ClientWebSocket NewSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        // The gateway pings every 20 s; these catch a peer that vanished without closing (a host that died).
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        return socket;
    }

    private async Task<string> TokenAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await context.Api.SendAsync<WebSocketAuth>(() => ApiClient.Authorized(
                HttpMethod.Get, $"current/websocket/auth/{profileId}", context.UserToken), stop);
            context.Metrics.WebSocketToken.Succeeded(started);
            return answer.AuthToken;
        }
        catch (ApiException)
        {
            context.Metrics.WebSocketToken.Failed();
            throw;
        }
    }

    private async Task ConnectAsync(ClientWebSocket socket, string token, string? cursor, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(ConnectTimeout);
        var query = "token=" + Uri.EscapeDataString(token)
            + (cursor is null ? string.Empty : "&lastactivity=" + Uri.EscapeDataString(cursor));
        await socket.ConnectAsync(context.SocketUri(query), context.Invoker, timeout.Token);
    }

    /// <summary>Reads messages until the socket closes or fails; the close status, or null after an error.</summary>
    private async Task<int?> ReadAsync(ClientWebSocket socket, Action<ActivityMessage> onMessage,
        CancellationToken stop)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var filled = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(filled), stop);
                    filled += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (int?)socket.CloseStatus;
                }

                using var json = JsonDocument.Parse(buffer.AsMemory(0, filled));
                var message = ActivityMessage.From(json.RootElement);
                inbox.Receive(message);
                onMessage(message);
            }
        }
        catch (Exception e) when (e is WebSocketException or JsonException or IOException
            || (e is OperationCanceledException && stop.IsCancellationRequested))
        {
            if (!stop.IsCancellationRequested)
            {
                context.Errors.Write($"socket {profileId}: dropped: {e.GetBaseException().Message}");
            }

            return null;
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load test over", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Leaving anyway.
        }
    }

    private static bool IsConnectFailure(Exception e) =>
        e is WebSocketException or ApiException or HttpRequestException or OperationCanceledException;

    private static string Describe(Exception e, ClientWebSocket socket) =>
        socket.HttpStatusCode is HttpStatusCode.SwitchingProtocols or 0
            ? e.GetBaseException().Message.Split('\n')[0]
            : $"HTTP {(int)socket.HttpStatusCode}";

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop ends.
        }
    }
}

/// <summary>The answer of <c>GET /current/websocket/auth/{profile_id}</c>.</summary>
public sealed record WebSocketAuth(string AuthToken);
