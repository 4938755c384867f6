using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FastIo.Orleans.ActivityBench.Reference;

/// <summary>
/// The floor the product is measured against: the same fan-out on plain Kestrel with nothing else. A publish
/// hands a key to every socket and waiting poll of a profile; no auth, no storage, no cursor, no streams.
/// </summary>
public static class ReferenceBroadcaster
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<object, byte>> Rooms = new();

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext context, string p) =>
        {
            var peer = new Peer(await context.WebSockets.AcceptWebSocketAsync());
            Room(p)[peer] = 0;
            await peer.RunAsync();
            Room(p).TryRemove(peer, out _);
        });
        app.MapGet("/poll", async (string p, CancellationToken aborted) =>
        {
            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Room(p)[waiter] = 0;
            try
            {
                var key = await waiter.Task.WaitAsync(TimeSpan.FromSeconds(95), aborted);
                return Results.Text($$"""{"activity":["{{key}}"]}""", "application/json");
            }
            catch (TimeoutException)
            {
                return Results.Text("""{"activity":[]}""", "application/json");
            }
            finally
            {
                Room(p).TryRemove(waiter, out _);
            }
        });
        app.MapPost("/publish", (string p, string key) =>
        {
            var message = Encoding.UTF8.GetBytes($$"""{"response":"activity","activity":["{{key}}"]}""");
            foreach (var member in Room(p).Keys)
            {
                (member as Peer)?.Send(message);
                (member as TaskCompletionSource<string>)?.TrySetResult(key);
            }

            return Results.Ok();
        });
        await app.RunAsync();
    }

    private static ConcurrentDictionary<object, byte> Room(string profile) => Rooms.GetOrAdd(profile, _ => new());

    /// <summary>One socket with one sender, so sends never overlap.</summary>
    private sealed class Peer(WebSocket socket)
    {
        private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>();

        public void Send(byte[] message) => _outbox.Writer.TryWrite(message);

        public async Task RunAsync()
        {
            var sending = Task.Run(async () =>
            {
                await foreach (var message in _outbox.Reader.ReadAllAsync())
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            });
            var buffer = new byte[64];
            try
            {
                while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType
                    != WebSocketMessageType.Close)
                {
                }
            }
            catch (WebSocketException)
            {
                // Gone.
            }

            _outbox.Writer.TryComplete();
            await sending.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
