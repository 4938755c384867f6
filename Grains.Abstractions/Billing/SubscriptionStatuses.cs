namespace FastIo.Orleans.Billing;

/// <summary>Stripe's subscription statuses, read for what they mean to the product.</summary>
public static class SubscriptionStatuses
{
    public const string Canceled = "canceled";

    /// <summary>
    /// Whether the org may be billed for usage (AI tokens) under a subscription in this status. Past-due
    /// counts: Stripe is still collecting and the subscription has not lapsed yet.
    /// </summary>
    public static bool IsBillable(string? status) => status is "active" or "trialing" or "past_due";

    /// <summary>Stripe never brings a subscription back from these.</summary>
    public static bool IsFinal(string? status) => status is Canceled or "incomplete_expired";
}
