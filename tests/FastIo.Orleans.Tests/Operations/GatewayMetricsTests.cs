using System.Diagnostics.Metrics;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace FastIo.Orleans.Tests.Operations;

/// <summary>The gateway's product metrics reach the product meter with the tags operators filter on.</summary>
public sealed class GatewayMetricsTests
{
    [Fact]
    public void Recordings_ReachProductMeterWithTheirTags()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GatewayMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HostingExtensions.ProductMeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add($"{instrument.Name} {value} "
                + string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            seen.Add($"{instrument.Name} {(value > 0 ? "positive" : "zero")} "
                + string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.Start();

        metrics.EventsIngested(12);
        metrics.EventsIngested(0);
        metrics.SearchAnswered("found", TimeSpan.FromMilliseconds(3));
        metrics.PollWaitStarted();
        metrics.PollWaitStarted();
        metrics.PollWaitEnded();
        metrics.KeysPushed("websocket", 4);
        metrics.KeysPushed("poll", 0);
        metrics.RateLimited("events_search");
        metrics.WebhookReceived("duplicate");

        Assert.Equal(
        [
            "fastio.events.ingested 12 ",
            "fastio.events.search.duration positive outcome=found",
            "fastio.activity.polls.waiting 1 ",
            "fastio.activity.polls.waiting 1 ",
            "fastio.activity.polls.waiting -1 ",
            "fastio.activity.keys.pushed 4 transport=websocket",
            "fastio.ratelimit.rejections 1 channel=events_search",
            "fastio.webhooks.received 1 outcome=duplicate",
        ], seen);
    }
}
