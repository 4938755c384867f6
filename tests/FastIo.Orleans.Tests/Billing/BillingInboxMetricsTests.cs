using System.Diagnostics.Metrics;
using FastIo.Orleans.ServiceDefaults;
using FastIo.Orleans.Silo.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>Operators see events given up on through the product's meter.</summary>
public sealed class BillingInboxMetricsTests
{
    [Fact]
    public void GivenUp_CountsOnProductMeterWithReason()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new BillingInboxMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HostingExtensions.ProductMeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value as string;
            seen.Add((instrument.Name, value, reason));
        });
        listener.Start();

        metrics.GivenUp("failed", "invoice.paid");
        metrics.Open(backlog: 7, needingOperator: 3);
        listener.RecordObservableInstruments();

        Assert.Contains(("fastio.billing.inbox.parked", 1L, "failed"), seen);
        Assert.Contains(("fastio.billing.inbox.needing_operator", 3L, (string?)null), seen);
        Assert.Contains(("fastio.billing.inbox.backlog", 7L, (string?)null), seen);
    }
}
