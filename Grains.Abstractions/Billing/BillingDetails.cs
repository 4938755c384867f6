namespace FastIo.Orleans.Billing;

/// <summary>
/// The <c>details</c> fields of a billing event. The processor writes them and an org's billing state is
/// folded from them, so a state rebuilt from the log sees exactly what the first application saw.
/// </summary>
public static class BillingDetails
{
    public const string StripeEventId = "stripe_event_id";
    public const string StripeEventType = "stripe_event_type";

    /// <summary>The Stripe event's <c>created</c>, Unix seconds: the order in which deliveries are applied.</summary>
    public const string StripeCreated = "stripe_created";

    public const string SubscriptionId = "subscription_id";
    public const string CustomerId = "customer_id";
    public const string Status = "status";
    public const string PriceId = "price_id";
    public const string CurrentPeriodEnd = "current_period_end";
    public const string TrialEnd = "trial_end";
    public const string CancelAtPeriodEnd = "cancel_at_period_end";
    public const string InvoiceId = "invoice_id";
    public const string AmountDue = "amount_due";
    public const string AmountPaid = "amount_paid";
    public const string Currency = "currency";
}
