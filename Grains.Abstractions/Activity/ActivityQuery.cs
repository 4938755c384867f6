namespace FastIo.Orleans.Activity;

/// <summary>A read of a profile's activity timestamps.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivityQuery
{
    /// <summary>Whose access to report; null for the gateway's own reconciliation, which reports none.</summary>
    [Id(0)] public string? UserId { get; init; }

    /// <summary>Only keys changed strictly after this; null means "now": no key, only the cursor.</summary>
    [Id(1)] public DateTime? Since { get; init; }

    /// <summary>Only keys these fields select; null for all.</summary>
    [Id(2)] public ActivityFields? Fields { get; init; }

    /// <summary>Also every profile-level key, changed or not (the poll's full status answer).</summary>
    [Id(3)] public bool IncludeProfileKeys { get; init; }

    /// <summary>
    /// Set by a gateway subscribed to the profile's stream: the profile publishes its commits for this long from
    /// this read (at most <see cref="ActivityStreams.MaxWatchLease"/>). Null for a read that watches nothing.
    /// </summary>
    [Id(4)] public TimeSpan? WatchLease { get; init; }
}
