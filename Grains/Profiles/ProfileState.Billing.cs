using FastIo.Orleans.Billing;
using FastIo.Orleans.Grains.Billing;
using FastIo.Orleans.Grains.Persistence;

namespace FastIo.Orleans.Grains.Profiles;

public sealed partial class ProfileState
{
    /// <summary>An org's Stripe subscriptions by subscription ID; a handful at most, so snapshots stay small.</summary>
    public Dictionary<string, SubscriptionState> Subscriptions { get; set; } = new(StringComparer.Ordinal);

    public OrgBilling ToBilling()
    {
        if (Subscriptions.Count == 0)
        {
            return OrgBilling.None;
        }

        var subscriptions = Subscriptions.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Value.ToBilling(s.Key)).ToList();
        return new OrgBilling(subscriptions.Any(s => s.Billable), subscriptions);
    }

    partial void ApplyToBilling(StoredEvent e)
    {
        var subscriptionEvent = BillingEventNames.IsSubscriptionEvent(e.Name);
        if (!subscriptionEvent && !BillingEventNames.IsInvoiceEvent(e.Name))
        {
            return;
        }

        // Events recorded by hand without Stripe's fields say nothing about a subscription's state.
        var details = BillingEventDetails.Read(e.DetailsJson);
        if (details is not { SubscriptionId: { } id, StripeCreated: { } created })
        {
            return;
        }

        if (!Subscriptions.TryGetValue(id, out var subscription))
        {
            subscription = new SubscriptionState();
            Subscriptions[id] = subscription;
        }

        if (subscriptionEvent)
        {
            subscription.ApplySubscription(e.Name, details, created);
        }
        else
        {
            subscription.ApplyInvoice(e.Name, details, created);
        }
    }
}
