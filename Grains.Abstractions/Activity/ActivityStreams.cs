namespace FastIo.Orleans.Activity;

/// <summary>
/// Where profiles publish their committed activity keys: one stream per profile, keyed by the profile ID in
/// <see cref="Namespace"/> of the stream provider <see cref="Provider"/>.
/// </summary>
public static class ActivityStreams
{
    /// <summary>The stream provider, registered on silos and on every gateway client.</summary>
    public const string Provider = "activity";

    public const string Namespace = "profile-activity";

    /// <summary>
    /// A profile publishes its commits only while a gateway watches it: each read a gateway makes for its
    /// subscription (<see cref="ActivityQuery.WatchLease"/>) holds publishing on for the lease it names, and a
    /// profile activated with a history assumes this one. Most profiles have no socket or poll open at any
    /// moment, and for them a commit costs no stream message at all.
    /// </summary>
    public static readonly TimeSpan DefaultWatchLease = TimeSpan.FromSeconds(60);

    /// <summary>The longest lease a profile grants, whatever a reader asks.</summary>
    public static readonly TimeSpan MaxWatchLease = TimeSpan.FromMinutes(10);
}
