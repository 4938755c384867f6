using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Silo.Billing;

/// <summary>How silos work through the billing inbox. Read from the <c>Billing:Inbox</c> section.</summary>
public sealed class BillingInboxOptions
{
    public const string Section = "Billing:Inbox";

    /// <summary>How often an idle silo looks for due work. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events claimed at once. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Events of a batch applied side by side. Default 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// How long a claim keeps other silos away. A silo that dies holding a claim delays that event by at
    /// most this much; longer than a grain call's 30 s timeout so a slow apply is not taken twice. Default 60 s.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tries before an event is left to an operator (parked, or unmatched). Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay after the first failure, doubling after each further one. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between tries. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The user billing events are recorded as done by: Stripe, not a person. Default all zeros.</summary>
    public string SystemUserId { get; set; } = "00000000000000000000";

    /// <summary>Fault injection for crash tests: pause after claiming, before applying. Zero otherwise.</summary>
    public TimeSpan PauseAfterClaim { get; set; }

    /// <summary>Fault injection for crash tests: pause after applying, before settling. Zero otherwise.</summary>
    public TimeSpan PauseAfterApply { get; set; }

    public static string? Validate(BillingInboxOptions o)
    {
        if (o.PollInterval <= TimeSpan.Zero || o.Lease <= TimeSpan.Zero || o.RetryBaseDelay <= TimeSpan.Zero
            || o.RetryMaxDelay < o.RetryBaseDelay)
        {
            return $"{Section}: PollInterval, Lease and RetryBaseDelay must be positive, "
                + "RetryMaxDelay at least RetryBaseDelay.";
        }

        if (o.BatchSize is < 1 or > 1000 || o.Concurrency is < 1 or > 64 || o.MaxAttempts is < 1 or > 100)
        {
            return $"{Section}: BatchSize must be 1-1000, Concurrency 1-64, MaxAttempts 1-100.";
        }

        return ProfileIds.IsValid(o.SystemUserId) ? null : $"{Section}:SystemUserId must be a 20-digit user ID.";
    }

    /// <summary>Exponential backoff with a little jitter, so failures of one outage do not retry in lockstep.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var doubling = Math.Min(attempts - 1, 20);
        var delay = Math.Min(RetryBaseDelay.TotalMilliseconds * Math.Pow(2, doubling), RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.9 + Random.Shared.NextDouble() * 0.2));
    }
}
