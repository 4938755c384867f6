namespace FastIo.Orleans.Silo.Billing;

/// <summary>One claimed inbox row. <see cref="Attempts"/> includes this claim and fences the answer to it.</summary>
public sealed record BillingInboxItem(
    string StripeEventId, string EventType, long? StripeCreated, string Payload, int Attempts, DateTime ReceivedAt);

/// <summary>Final states of an inbox row, as stored in its <c>status</c> column.</summary>
public static class InboxStatus
{
    public const string Done = "done";
    public const string Ignored = "ignored";
    public const string Unmatched = "unmatched";
    public const string Parked = "parked";
}
