namespace FastIo.Orleans.Billing;

/// <summary>One Stripe subscription of an org, as of the newest Stripe event applied to it.</summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionBilling
{
    [Id(0)] public required string SubscriptionId { get; init; }
    [Id(1)] public string? CustomerId { get; init; }

    /// <summary>Stripe's status (<c>active</c>, <c>trialing</c>, <c>past_due</c>, <c>canceled</c>, ...).</summary>
    [Id(2)] public string? Status { get; init; }
    [Id(3)] public string? PriceId { get; init; }
    [Id(4)] public DateTime? CurrentPeriodEnd { get; init; }
    [Id(5)] public DateTime? TrialEnd { get; init; }
    [Id(6)] public bool CancelAtPeriodEnd { get; init; }

    /// <summary>The <c>created</c> of the Stripe event the subscription fields above come from.</summary>
    [Id(7)] public DateTime? StateAsOf { get; init; }
    [Id(8)] public string? LastInvoiceId { get; init; }

    /// <summary><c>paid</c> or <c>payment_failed</c>, from the newest invoice event applied.</summary>
    [Id(9)] public string? LastInvoiceStatus { get; init; }
    [Id(10)] public DateTime? LastInvoiceAsOf { get; init; }

    public bool Billable => SubscriptionStatuses.IsBillable(Status);
}
