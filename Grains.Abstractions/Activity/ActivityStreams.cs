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
}
