namespace FastIo.Orleans.Billing;

/// <summary>The catalog's billing events, which a Stripe event is recorded as in its org's log.</summary>
public static class BillingEventNames
{
    public const string SubscriptionCreated = "subscription_created";
    public const string SubscriptionUpdated = "subscription_updated";
    public const string SubscriptionCancelled = "subscription_cancelled";
    public const string FreeTrialEnded = "billing_free_trial_ended";
    public const string InvoicePaid = "invoice_paid";
    public const string InvoicePaymentFailed = "invoice_payment_failed";

    /// <summary>Events that carry a whole subscription object, so each one restates its state.</summary>
    public static bool IsSubscriptionEvent(string name) =>
        name is SubscriptionCreated or SubscriptionUpdated or SubscriptionCancelled or FreeTrialEnded;

    public static bool IsInvoiceEvent(string name) => name is InvoicePaid or InvoicePaymentFailed;
}
