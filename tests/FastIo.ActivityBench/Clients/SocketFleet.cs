using System.Net.WebSockets;
using System.Text.Json;
using FastIo.Orleans.ActivityBench.Targets;

namespace FastIo.Orleans.ActivityBench.Clients;

/// <summary>WebSocket clients, each on one profile, reading every message and noting the keys it names.</summary>
public sealed class SocketFleet(IBenchTarget target, Receipts receipts, int firstClient) : IAsyncDisposable
{
    private readonly List<ClientWebSocket> _sockets = [];
    private readonly List<Task> _readers = [];
    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = int.MaxValue };

    public List<int> Profiles { get; } = [];

    public int Closed;

    public async Task ConnectAsync(int count, int profiles, CancellationToken cancellation)
    {
        var invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
        var sockets = new ClientWebSocket[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions
        {
            MaxDegreeOfParallelism = 32, CancellationToken = cancellation,
        }, async (i, ct) =>
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(target.SocketUri(i % profiles), invoker, ct);
            sockets[i] = socket;
        });

        for (var i = 0; i < count; i++)
        {
            _sockets.Add(sockets[i]);
            Profiles.Add(i % profiles);
            var client = firstClient + i;
            var socket = sockets[i];
            _readers.Add(Task.Run(() => ReadAsync(socket, client)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
        }

        await Task.WhenAll(_readers);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _handler.Dispose();
    }

    private async Task ReadAsync(ClientWebSocket socket, int client)
    {
        var buffer = new byte[4096];
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

                    result = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                    filled += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Interlocked.Increment(ref Closed);
                    return;
                }

                foreach (var key in ActivityKeys(buffer.AsSpan(0, filled)))
                {
                    receipts.Receive(client, key);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException
            or OperationCanceledException)
        {
            // Closed by the fleet.
        }
    }

    private static List<string> ActivityKeys(ReadOnlySpan<byte> json)
    {
        var keys = new List<string>();
        var reader = new Utf8JsonReader(json);
        var inActivity = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                inActivity = reader.ValueTextEquals("activity");
            }
            else if (inActivity && reader.TokenType == JsonTokenType.String)
            {
                keys.Add(reader.GetString()!);
            }
            else if (reader.TokenType == JsonTokenType.EndArray)
            {
                inActivity = false;
            }
        }

        return keys;
    }
}
