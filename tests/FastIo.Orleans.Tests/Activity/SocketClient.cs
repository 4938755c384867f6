using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>
/// A real WebSocket client of the activity socket. Messages are read in the background into a queue the test
/// waits on with timeouts; <see cref="Closed"/> completes with the close status the server sent.
/// </summary>
public sealed class SocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonNode> _messages = Channel.CreateUnbounded<JsonNode>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _reading;

    private SocketClient(ClientWebSocket socket) => _socket = socket;

    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public int Received { get; private set; }

    public static Uri Address(Uri gateway, string token, string? lastActivity = null)
    {
        var query = "token=" + Uri.EscapeDataString(token)
            + (lastActivity is null ? string.Empty : "&lastactivity=" + Uri.EscapeDataString(lastActivity));
        return new UriBuilder(gateway) { Scheme = "ws", Path = "/api/websocket/", Query = query }.Uri;
    }

    /// <summary>Connects and starts reading (unless <paramref name="read"/> is false: a client that never reads).</summary>
    public static async Task<SocketClient> ConnectAsync(
        Uri gateway, string token, string? lastActivity = null, bool read = true, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var handler = new SocketsHttpHandler();
        if (receiveBufferBytes is { } size)
        {
            // A small kernel receive window, so a client that does not read pushes back on the server quickly.
            handler.ConnectCallback = async (context, cancellation) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(tcp, ownsSocket: true);
            };
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(Address(gateway, token, lastActivity), new HttpMessageInvoker(handler, false), timeout.Token);
        var client = new SocketClient(socket);
        if (read)
        {
            client.StartReading();
        }

        return client;
    }

    /// <summary>The HTTP status of a refused handshake.</summary>
    public static async Task<HttpStatusCode> RefusalAsync(Uri gateway, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(Address(gateway, token), timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        return HttpStatusCode.SwitchingProtocols;
    }

    public void StartReading() => _reading ??= Task.Run(ReadAsync);

    /// <summary>The next message, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<JsonNode> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no activity message within {timeout}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the socket closed ({_closed.Task.Result}) before a message came");
        }
    }

    /// <summary>Messages until every expected key has been seen; all keys seen are returned.</summary>
    public async Task<(HashSet<string> Keys, List<JsonNode> Messages)> UntilKeysAsync(
        IEnumerable<string> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var wanted = expected.ToHashSet();
        var keys = new HashSet<string>();
        var messages = new List<JsonNode>();
        while (!wanted.IsSubsetOf(keys))
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"missing keys after {timeout}: {string.Join(", ", wanted.Except(keys))}");
            }

            var message = await NextAsync(remaining);
            messages.Add(message);
            keys.UnionWith(message["activity"]!.AsArray().Select(k => k!.GetValue<string>()));
        }

        return (keys, messages);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Already going.
            }
        }

        _socket.Abort();
        _socket.Dispose();
        if (_reading is not null)
        {
            await _reading;
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(_socket.CloseStatus);
                    return;
                }

                Received++;
                _messages.Writer.TryWrite(JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException
            or OperationCanceledException)
        {
            _closed.TrySetResult(_socket.CloseStatus);
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }
}
