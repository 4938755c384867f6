using FastIo.Orleans.Billing;

namespace FastIo.Orleans.Grains.Billing;

/// <summary>
/// One subscription as the org's log leaves it. Stripe may deliver events in any order, so each part
/// remembers the Stripe <c>created</c> it comes from and only a newer event replaces it.
/// </summary>
public sealed class SubscriptionState
{
    public string? CustomerId { get; set; }
    public string? Status { get; set; }
    public string? PriceId { get; set; }
    public long? CurrentPeriodEnd { get; set; }
    public long? TrialEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>Unix seconds of the Stripe event the fields above were taken from.</summary>
    public long? StateAsOf { get; set; }

    public string? LastInvoiceId { get; set; }
    public string? LastInvoiceStatus { get; set; }
    public long? LastInvoiceAsOf { get; set; }

    /// <summary>
    /// Takes a subscription event's view when it is newer than the one applied. On a tie (Stripe's
    /// <c>created</c> has one-second precision) the applied view stays, except that a cancellation wins:
    /// Stripe never revives a canceled subscription, so nothing of the same second can be later than it.
    /// </summary>
    public void ApplySubscription(string eventName, BillingEventDetails details, long created)
    {
        var newer = StateAsOf is not { } asOf || created > asOf
            || (created == asOf && eventName == BillingEventNames.SubscriptionCancelled
                && !SubscriptionStatuses.IsFinal(Status));
        if (!newer)
        {
            return;
        }

        CustomerId = details.CustomerId ?? CustomerId;
        Status = details.Status ?? (eventName == BillingEventNames.SubscriptionCancelled
            ? SubscriptionStatuses.Canceled
            : Status);
        PriceId = details.PriceId ?? PriceId;
        CurrentPeriodEnd = details.CurrentPeriodEnd ?? CurrentPeriodEnd;
        TrialEnd = details.TrialEnd ?? TrialEnd;
        CancelAtPeriodEnd = details.CancelAtPeriodEnd;
        StateAsOf = created;
    }

    /// <summary>Takes an invoice event when it is newer than the last invoice event applied.</summary>
    public void ApplyInvoice(string eventName, BillingEventDetails details, long created)
    {
        if (LastInvoiceAsOf is { } asOf && created <= asOf)
        {
            return;
        }

        CustomerId ??= details.CustomerId;
        LastInvoiceId = details.InvoiceId;
        LastInvoiceStatus = eventName == BillingEventNames.InvoicePaid ? "paid" : "payment_failed";
        LastInvoiceAsOf = created;
    }

    public SubscriptionBilling ToBilling(string subscriptionId) => new()
    {
        SubscriptionId = subscriptionId,
        CustomerId = CustomerId,
        Status = Status,
        PriceId = PriceId,
        CurrentPeriodEnd = FromUnix(CurrentPeriodEnd),
        TrialEnd = FromUnix(TrialEnd),
        CancelAtPeriodEnd = CancelAtPeriodEnd,
        StateAsOf = FromUnix(StateAsOf),
        LastInvoiceId = LastInvoiceId,
        LastInvoiceStatus = LastInvoiceStatus,
        LastInvoiceAsOf = FromUnix(LastInvoiceAsOf),
    };

    private static DateTime? FromUnix(long? seconds) =>
        seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime : null;
}
