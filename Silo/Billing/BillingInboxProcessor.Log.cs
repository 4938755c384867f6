namespace FastIo.Orleans.Silo.Billing;

/// <summary>
/// What the processor tells operators. Parked and unmatched events are logged at Error with the Stripe
/// event ID, so a log alert finds them; per-event success is Debug.
/// </summary>
public sealed partial class BillingInboxProcessor
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Claimed {Count} billing inbox events")]
    private partial void LogClaimed(int count);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug,
        Message = "Stripe event {StripeEventId} ({StripeEventType}) applied to org {OrgId}")]
    private partial void LogApplied(string stripeEventId, string stripeEventType, string orgId);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "Stripe event {StripeEventId} ({StripeEventType}) try {Attempt} of {MaxAttempts} failed; "
            + "next try in {Delay}: {Reason}")]
    private partial void LogRetrying(
        string stripeEventId, string stripeEventType, int attempt, int maxAttempts, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error,
        Message = "Stripe event {StripeEventId} ({StripeEventType}) parked after {Attempts} tries: {Reason}")]
    private partial void LogParked(string stripeEventId, string stripeEventType, int attempts, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error,
        Message = "Stripe event {StripeEventId} ({StripeEventType}) kept unmatched after {Attempts} tries: {Reason}")]
    private partial void LogUnmatched(string stripeEventId, string stripeEventType, int attempts, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error,
        Message = "Claiming billing inbox work failed; next look in {Delay}")]
    private partial void LogClaimFailed(Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning,
        Message = "Stripe event {StripeEventId} ({StripeEventType}) try {Attempt} threw")]
    private partial void LogTryFailed(Exception exception, string stripeEventId, string stripeEventType, int attempt);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error,
        Message = "Settling a billing inbox row failed; it is retried after its lease")]
    private partial void LogSettleFailed(Exception exception);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning,
        Message = "Billing inbox paused after {Stage} for {Pause} (fault injection)")]
    private partial void LogPausing(string stage, TimeSpan pause);
}
