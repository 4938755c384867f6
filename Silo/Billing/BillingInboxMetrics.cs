using System.Diagnostics.Metrics;
using FastIo.Orleans.ServiceDefaults;

namespace FastIo.Orleans.Silo.Billing;

/// <summary>What operators watch of the billing inbox; alert on the gauge of rows waiting for them.</summary>
public sealed class BillingInboxMetrics
{
    private readonly Counter<long> _processed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _givenUp;
    private long _needingOperator;
    private long _backlog;

    public BillingInboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HostingExtensions.ProductMeterName);
        _processed = meter.CreateCounter<long>("fastio.billing.inbox.processed", "{event}",
            "Stripe events settled by this silo, by outcome (applied, ignored, linked)");
        _retried = meter.CreateCounter<long>("fastio.billing.inbox.retried", "{event}",
            "Stripe event tries that failed and were scheduled again");
        _givenUp = meter.CreateCounter<long>("fastio.billing.inbox.parked", "{event}",
            "Stripe events given up to an operator by this silo, by reason (failed, unknown_org)");
        meter.CreateObservableGauge("fastio.billing.inbox.needing_operator", () => Volatile.Read(ref _needingOperator),
            "{event}", "Stripe events in the inbox parked or unmatched, waiting for an operator");
        meter.CreateObservableGauge("fastio.billing.inbox.backlog", () => Volatile.Read(ref _backlog),
            "{event}", "Stripe events received and not yet applied (the webhook backlog)");
    }

    public void Processed(string outcome, string eventType) =>
        _processed.Add(1, new("outcome", outcome), new("event_type", eventType));

    public void Retried(string eventType) =>
        _retried.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    public void GivenUp(string reason, string eventType) =>
        _givenUp.Add(1, new("reason", reason), new("event_type", eventType));

    public void Open(long backlog, long needingOperator)
    {
        Volatile.Write(ref _backlog, backlog);
        Volatile.Write(ref _needingOperator, needingOperator);
    }
}
