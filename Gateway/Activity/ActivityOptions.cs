using FastIo.Orleans.Activity;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>How the gateway delivers activity to long-polls and WebSockets; the <c>Activity</c> section.</summary>
public sealed class ActivityOptions
{
    public const string Section = "Activity";

    /// <summary>
    /// A watched profile not heard from on its stream for this long is read from its grain, so a change the
    /// stream lost reaches clients within this bound (each watch uses 75-100 % of it, spread so reads do not
    /// come in bursts). Default 5 s: one small grain read per quiet watched profile per 5 s on the gateway,
    /// well inside the API's promise that a client which missed the push still learns of it within seconds.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a profile keeps publishing to its stream after this gateway's last read of it; the gateway reads
    /// each profile it watches at least every third of this. Default 60 s (the grain's own default). A profile
    /// nobody watches publishes nothing, so its commits cost no stream message.
    /// </summary>
    public TimeSpan WatchLease { get; set; } = ActivityStreams.DefaultWatchLease;

    /// <summary>A profile's stream subscription is kept this long after its last poll or socket ends, so a
    /// client polling again does not resubscribe each time. Default 30 s.</summary>
    public TimeSpan WatchLinger { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a WebSocket message, changes are gathered this long into the next one. Default 25 ms.</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Distinct keys a socket may have waiting while its client does not read; past this it is closed with
    /// code 4008. Default 2000 (more than a profile keeps).
    /// </summary>
    public int MaxPendingKeys { get; set; } = 2000;

    /// <summary>Ping interval on idle sockets, and how long a pong may take before the peer is dropped.
    /// Default 20 s each: below common proxy idle timeouts of 60 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A socket's access is checked again when its profile's membership or settings change, and at least
    /// this often (for roles inherited from an org or workspace above). Default 5 min.
    /// </summary>
    public TimeSpan AccessRecheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a closing socket waits for its peer before it is dropped. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Commits each watch keeps, so a poll or socket attaching a moment late catches up without
    /// another grain read. Default 64.</summary>
    public int RecentCommits { get; set; } = 64;

    /// <summary>Grain reads the gateway makes at once for its own reconciliation. Default 16.</summary>
    public int MaxConcurrentReads { get; set; } = 16;

    public static string? Validate(ActivityOptions o)
    {
        if (o.ReconcileInterval < TimeSpan.FromMilliseconds(100) || o.ReconcileInterval > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:ReconcileInterval must be 100 ms to 5 min.";
        }

        if (o.WatchLease < TimeSpan.FromSeconds(1) || o.WatchLease > ActivityStreams.MaxWatchLease)
        {
            return $"{Section}:WatchLease must be 1 s to {ActivityStreams.MaxWatchLease.TotalMinutes} min.";
        }

        if (o.CoalesceWindow < TimeSpan.Zero || o.CoalesceWindow > TimeSpan.FromSeconds(1))
        {
            return $"{Section}:CoalesceWindow must be 0 to 1 s.";
        }

        if (o.MaxPendingKeys < 1 || o.RecentCommits < 1 || o.MaxConcurrentReads < 1)
        {
            return $"{Section}:MaxPendingKeys, RecentCommits and MaxConcurrentReads must be positive.";
        }

        return o.WatchLinger < TimeSpan.Zero || o.KeepAliveInterval <= TimeSpan.Zero
            || o.KeepAliveTimeout <= TimeSpan.Zero || o.AccessRecheckInterval <= TimeSpan.Zero
            || o.CloseTimeout <= TimeSpan.Zero
            ? $"{Section}: WatchLinger must not be negative; the keep-alive, recheck and close times must be positive."
            : null;
    }
}
