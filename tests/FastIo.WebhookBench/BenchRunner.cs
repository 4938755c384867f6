using System.Diagnostics;
using System.Text;
using Stripe;

namespace FastIo.WebhookBench;

/// <summary>
/// Sends at a fixed rate, open loop: each delivery starts on its schedule whether or not earlier ones have
/// been answered, and its time is counted from when it was due, so a slow server cannot hide its queueing.
/// </summary>
public sealed class BenchRunner(BenchOptions options)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<BenchResult> RunAsync(int seconds)
    {
        var total = options.Rate * seconds;
        var result = new BenchResult(total);
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / options.Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            sends.Add(SendAsync(clock, due, result));
        }

        await Task.WhenAll(sends);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private async Task SendAsync(Stopwatch clock, TimeSpan due, BenchResult result)
    {
        var payload = Payload();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/current/webhooks/billing/stripe/")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            EventUtility.GenerateSignatureHeader(payload, options.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        try
        {
            using var response = await _http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            result.Record((int)response.StatusCode, clock.Elapsed - due);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            result.Record(0, clock.Elapsed - due);
        }
    }

    private string Payload()
    {
        var id = "evt_bench_" + Guid.NewGuid().ToString("N")[..20];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var type = options.OrgId is null ? "invoice.upcoming" : "customer.subscription.updated";
        var metadata = options.OrgId is null ? "{}" : $$"""{"org_id": "{{options.OrgId}}"}""";
        return $$"""
            {
              "id": "{{id}}",
              "object": "event",
              "api_version": "2025-03-31.basil",
              "created": {{created}},
              "data": {
                "object": {
                  "id": "sub_bench_{{id[^8..]}}",
                  "object": "subscription",
                  "customer": "cus_bench",
                  "status": "active",
                  "metadata": {{metadata}}
                }
              },
              "livemode": false,
              "pending_webhooks": 1,
              "type": "{{type}}"
            }
            """;
    }
}
