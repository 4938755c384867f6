namespace FastIo.Orleans.Grains.Profiles;

public sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>
    /// Events between snapshots of a profile's state. Activation reads at most this many events after the
    /// latest snapshot, so its cost stays flat however long the log grows. Default 500.
    /// </summary>
    public int SnapshotInterval { get; set; } = 500;

    /// <summary>
    /// Publish every commit's activity keys, watched or not. Off by default: a profile publishes only while a
    /// gateway holds its watch lease (<see cref="FastIo.Orleans.Activity.ActivityQuery.WatchLease"/>). On, it
    /// shows what publishing costs, as when every profile has a client listening.
    /// </summary>
    public bool PublishUnwatched { get; set; }
}
