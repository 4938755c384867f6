using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastIo.Orleans.ServiceDefaults;

namespace FastIo.Orleans.Gateway.Hosting;

/// <summary>
/// What operators watch of a gateway, on the product meter: ingestion, search latency, the activity fan-out and
/// rate-limit refusals. Gauges of live sockets and watches are read from the activity hub when collected.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly Counter<long> _eventsIngested;
    private readonly Histogram<double> _searchDuration;
    private readonly UpDownCounter<long> _pollsWaiting;
    private readonly Counter<long> _keysPushed;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _webhooksReceived;

    public GatewayMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(HostingExtensions.ProductMeterName);
        _eventsIngested = Meter.CreateCounter<long>("fastio.events.ingested", "{event}",
            "Events acknowledged by the ingestion API (an item repeated under its idempotency key counts again)");
        _searchDuration = Meter.CreateHistogram<double>("fastio.events.search.duration", "s",
            "Time the profile grain took to answer an event search (search and summarize), by outcome "
                + "(found, denied, query_failed, error)",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            });
        _pollsWaiting = Meter.CreateUpDownCounter<long>("fastio.activity.polls.waiting", "{poll}",
            "Long-polls held open on this gateway, waiting for a change");
        _keysPushed = Meter.CreateCounter<long>("fastio.activity.keys.pushed", "{key}",
            "Activity keys sent to clients, by transport (websocket, poll)");
        _rateLimitRejections = Meter.CreateCounter<long>("fastio.ratelimit.rejections", "{request}",
            "Requests refused with 429 by a per-user rate limit, by channel");
        _webhooksReceived = Meter.CreateCounter<long>("fastio.webhooks.received", "{delivery}",
            "Verified Stripe webhook deliveries, by outcome (stored, duplicate, enqueue_failed)");
    }

    /// <summary>The product meter, for gauges observed from their owners (sockets open, watches).</summary>
    public Meter Meter { get; }

    public void EventsIngested(int count)
    {
        if (count > 0)
        {
            _eventsIngested.Add(count);
        }
    }

    public void SearchAnswered(string outcome, TimeSpan elapsed) =>
        _searchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void PollWaitStarted() => _pollsWaiting.Add(1);

    public void PollWaitEnded() => _pollsWaiting.Add(-1);

    public void KeysPushed(string transport, int count)
    {
        if (count > 0)
        {
            _keysPushed.Add(count, new KeyValuePair<string, object?>("transport", transport));
        }
    }

    public void RateLimited(string channel) =>
        _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void WebhookReceived(string outcome) =>
        _webhooksReceived.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Elapsed time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static TimeSpan Since(long started) => Stopwatch.GetElapsedTime(started);
}
