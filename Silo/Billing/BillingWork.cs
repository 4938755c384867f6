namespace FastIo.Orleans.Silo.Billing;

public enum BillingWorkKind
{
    /// <summary>Record a billing event in the org's log.</summary>
    Record,

    /// <summary>Only remember which org a Stripe customer belongs to.</summary>
    LinkCustomer,

    /// <summary>A Stripe event type with no effect in this product.</summary>
    Ignore,
}

/// <summary>What one Stripe event asks of the product, read from its payload.</summary>
public sealed record BillingWork(BillingWorkKind Kind)
{
    public static readonly BillingWork Ignore = new(BillingWorkKind.Ignore);

    /// <summary>The catalog event to record.</summary>
    public string? EventName { get; init; }

    /// <summary>The subscription or invoice the event is about.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The org named by the event's metadata, when it names one.</summary>
    public string? OrgId { get; init; }

    public string? CustomerId { get; init; }

    public string? DetailsJson { get; init; }

    /// <summary>The Stripe event's <c>created</c>, Unix seconds.</summary>
    public long Created { get; init; }
}

/// <summary>A payload of a handled type that lacks what its type must carry.</summary>
public sealed class StripeEventFormatException(string message) : Exception(message);
