using System.Text.Json.Nodes;
using FastIo.Orleans.ActivityBench.Targets;

namespace FastIo.Orleans.ActivityBench.Clients;

/// <summary>Long-poll clients, each on one profile, polling again at once with the cursor of each answer.</summary>
public sealed class PollFleet(IBenchTarget target, Receipts receipts, int firstClient) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(120),
    };

    public List<int> Profiles { get; } = [];

    public int Failures;

    /// <summary>Starts the polls, a few at a time so the listen backlog is never overrun.</summary>
    public async Task StartAsync(int count, int profiles, CancellationToken cancellation)
    {
        for (var i = 0; i < count; i++)
        {
            Profiles.Add(i % profiles);
            var client = firstClient + i;
            var profile = i % profiles;
            _loops.Add(Task.Run(() => PollLoopAsync(client, profile)));
            if (i % 32 == 31)
            {
                await Task.Delay(5, cancellation);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _http.Dispose();
    }

    private async Task PollLoopAsync(int client, int profile)
    {
        string? cursor = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = target.PollRequest(profile, cursor);
                using var answer = await _http.SendAsync(request, _stop.Token);
                var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync(_stop.Token))!;
                var response = body["response"] ?? body;
                if (response["activity"] is JsonObject map)
                {
                    foreach (var (key, _) in map)
                    {
                        receipts.Receive(client, key);
                    }
                }
                else if (response["activity"] is JsonArray list)
                {
                    foreach (var key in list)
                    {
                        receipts.Receive(client, key!.GetValue<string>());
                    }
                }

                cursor = response["lastactivity"]?.GetValue<string>() ?? cursor;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException
                or TaskCanceledException)
            {
                Interlocked.Increment(ref Failures);
                await Task.Delay(200);
            }
        }
    }
}
