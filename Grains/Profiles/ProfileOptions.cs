namespace FastIo.Orleans.Grains.Profiles;

public sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>
    /// Events between snapshots of a profile's state. Activation reads at most this many events after the
    /// latest snapshot, so its cost stays flat however long the log grows. Default 500.
    /// </summary>
    public int SnapshotInterval { get; set; } = 500;
}
