using FastIo.Orleans.Activity;
using Orleans.Streams;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// The gateway's one subscription to one profile's activity stream, shared by every poll and socket here that
/// watches the profile. It keeps a cursor: every commit up to it has been handed to its listeners.
/// </summary>
/// <remarks>
/// The stream is the fast path and the grain's timestamps are the truth. Each stream message names the
/// commit before it, so a lost message shows as a gap and the watch reads the grain at once; a lost last
/// message shows when the profile stays quiet for the reconcile interval, after which the watch reads the
/// grain too, and resubscribes if that read found something the stream did not bring.
/// </remarks>
public sealed class ProfileWatch : IAsyncObserver<ActivityChange>
{
    private readonly object _gate = new();
    private readonly ActivityHub _hub;
    private readonly Queue<ActivityCommit> _recent = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IActivityListener[] _listeners = [];
    private List<ActivityChange>? _early;
    private DateTime _cursor = DateTime.MinValue;
    private DateTime _coveredFrom = DateTime.MinValue;
    private bool _isReady;
    private bool _disposed;
    private long _lastHeard;
    private long _lastRead;
    private bool _reconciling;
    private bool _reconcileAgain;
    private bool _quietReconcile;
    private StreamSubscriptionHandle<ActivityChange>? _subscription;

    internal ProfileWatch(ActivityHub hub, string profileId, TimeSpan quietAfter)
    {
        _hub = hub;
        ProfileId = profileId;
        QuietAfterMs = (long)quietAfter.TotalMilliseconds;
        _lastHeard = Environment.TickCount64;
    }

    public string ProfileId { get; }

    /// <summary>Completes once subscribed and holding a cursor read from the grain.</summary>
    public Task WhenReady => _ready.Task;

    internal int Interest { get; set; }

    internal long IdleSince { get; set; }

    internal long QuietAfterMs { get; }

    /// <summary>
    /// A third of the lease, and never more than a third of the default one: a profile activated anew (its silo
    /// stopped, or it moved) assumes only the default lease until a gateway renews it.
    /// </summary>
    private long RenewAfterMs => (long)(Math.Min(
        _hub.Options.WatchLease.TotalMilliseconds, ActivityStreams.DefaultWatchLease.TotalMilliseconds) / 3);

    /// <summary>A renewing read that failed is tried again this soon rather than a third of the lease later.</summary>
    private const long RetryRenewAfterMs = 1000;

    internal async Task StartAsync()
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!Volatile.Read(ref _disposed))
        {
            try
            {
                await SubscribeAsync();
                var read = await _hub.ReadAsync(ProfileId, since: null);
                lock (_gate)
                {
                    _cursor = read.Cursor ?? DateTime.MinValue;
                    _coveredFrom = _cursor;
                    _isReady = true;
                    _lastHeard = Environment.TickCount64;
                    _lastRead = _lastHeard;
                    foreach (var change in _early ?? [])
                    {
                        Apply(change);
                    }

                    _early = null;
                }

                _ready.TrySetResult();
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Subscribed but the read failed: the next try subscribes again, so this subscription must go.
                _hub.LogWatchStartFailed(exception, ProfileId);
                await UnsubscribeQuietlyAsync(_subscription);
                _subscription = null;
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Adds a listener that has seen everything up to <paramref name="seen"/>. Commits after it that this watch
    /// already passed on are replayed to it from the recent ones; false when they are no longer kept, and the
    /// caller must read the grain again and retry with a later point.
    /// </summary>
    public bool TryAttach(IActivityListener listener, DateTime seen)
    {
        lock (_gate)
        {
            if (!_isReady || (seen < _cursor && seen < _coveredFrom))
            {
                return false;
            }

            if (seen < _cursor)
            {
                var missed = _recent.Where(c => c.At > seen).ToList();
                if (missed.Count > 0)
                {
                    listener.OnActivity(missed, recovered: true);
                }
            }

            _listeners = [.. _listeners, listener];
            return true;
        }
    }

    public void Detach(IActivityListener listener)
    {
        lock (_gate)
        {
            _listeners = Array.FindAll(_listeners, l => !ReferenceEquals(l, listener));
        }
    }

    public Task OnNextAsync(ActivityChange item, StreamSequenceToken? token = null)
    {
        lock (_gate)
        {
            _lastHeard = Environment.TickCount64;
            if (_isReady)
            {
                Apply(item);
            }
            else
            {
                (_early ??= []).Add(item);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        _hub.LogStreamError(ex, ProfileId);
        RequestReconcile(quiet: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Called by the hub's sweep: a profile quiet for too long is read from its grain, and so is one not read for
    /// a third of the watch lease, however busy its stream: the read renews the lease under which the profile
    /// publishes at all, and one failed read does not let it lapse.
    /// </summary>
    internal void CheckQuiet(long now)
    {
        bool quiet;
        lock (_gate)
        {
            quiet = now - _lastHeard >= QuietAfterMs;
            if (!_isReady || (!quiet && now - _lastRead < RenewAfterMs))
            {
                return;
            }

            _lastHeard = quiet ? now : _lastHeard;
            _lastRead = now;
        }

        RequestReconcile(quiet);
    }

    /// <summary>Subscribes anew (after the cluster connection came back) and reads the grain.</summary>
    internal async Task ResubscribeAsync()
    {
        if (!WhenReady.IsCompleted || Volatile.Read(ref _disposed))
        {
            return;
        }

        var old = _subscription;
        try
        {
            await SubscribeAsync();
            _hub.LogResubscribed(ProfileId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _hub.LogWatchStartFailed(exception, ProfileId);
            RequestReconcile(quiet: true);
            return;
        }

        await UnsubscribeQuietlyAsync(old);
        RequestReconcile(quiet: false);
    }

    internal async Task DisposeAsync()
    {
        Volatile.Write(ref _disposed, true);
        await UnsubscribeQuietlyAsync(_subscription);
    }

    /// <summary>Under the lock: passes a stream message on if it is the next commit, else reads the grain.</summary>
    private void Apply(ActivityChange change)
    {
        if (change.At <= _cursor)
        {
            return;
        }

        if ((change.Previous ?? DateTime.MinValue) != _cursor)
        {
            _hub.LogGap(ProfileId);
            RequestReconcile(quiet: false);
            return;
        }

        Deliver([new ActivityCommit(change.At, change.Keys)], recovered: true, change.At);
    }

    /// <summary>Under the lock: remembers and hands on commits, moving the cursor.</summary>
    private void Deliver(IReadOnlyList<ActivityCommit> commits, bool recovered, DateTime cursor)
    {
        foreach (var commit in commits)
        {
            _recent.Enqueue(commit);
        }

        while (_recent.Count > _hub.Options.RecentCommits)
        {
            _coveredFrom = _recent.Dequeue().At;
        }

        if (!recovered)
        {
            // Nothing before this point can be replayed to a late listener any more.
            _coveredFrom = cursor;
            _recent.Clear();
        }

        _cursor = cursor;
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnActivity(commits, recovered);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _hub.LogListenerFailed(exception, ProfileId);
            }
        }
    }

    private void RequestReconcile(bool quiet)
    {
        lock (_gate)
        {
            _quietReconcile |= quiet;
            if (_reconciling)
            {
                _reconcileAgain = true;
                return;
            }

            _reconciling = true;
        }

        _ = Task.Run(ReconcileLoopAsync);
    }

    private async Task ReconcileLoopAsync()
    {
        while (true)
        {
            bool quiet;
            lock (_gate)
            {
                quiet = _quietReconcile;
                _quietReconcile = false;
                _reconcileAgain = false;
            }

            var missed = false;
            try
            {
                missed = await ReconcileOnceAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _hub.LogReconcileFailed(exception, ProfileId);
                lock (_gate)
                {
                    _lastRead = Environment.TickCount64 - RenewAfterMs + RetryRenewAfterMs;
                }
            }

            if (missed && quiet)
            {
                // The stream stayed silent about a commit: this subscription is not to be trusted any more.
                _hub.LogStreamMissed(ProfileId);
                _ = ResubscribeAsync();
            }

            lock (_gate)
            {
                if (!_reconcileAgain || Volatile.Read(ref _disposed))
                {
                    _reconciling = false;
                    return;
                }
            }
        }
    }

    /// <summary>Reads the changes after the cursor from the grain; true if it found commits not passed on.</summary>
    private async Task<bool> ReconcileOnceAsync()
    {
        DateTime since;
        lock (_gate)
        {
            since = _cursor;
        }

        var read = await _hub.ReadAsync(ProfileId, since);
        lock (_gate)
        {
            _lastHeard = Environment.TickCount64;
            if (read.Cursor is not { } head || (head <= _cursor && read.Recovered))
            {
                return false;
            }

            var commits = read.Keys.Where(k => k.At > _cursor || !read.Recovered)
                .GroupBy(k => k.At)
                .OrderBy(g => g.Key)
                .Select(g => new ActivityCommit(g.Key, g.Select(k => k.Key).ToArray()))
                .ToList();
            if (commits.Count == 0)
            {
                commits.Add(new ActivityCommit(head, []));
            }

            Deliver(commits, read.Recovered, head > _cursor ? head : _cursor);
            return true;
        }
    }

    private async Task SubscribeAsync()
    {
        _subscription = await _hub.StreamOf(ProfileId)
            .SubscribeAsync(this, StreamSubscriptionStartPosition.EarliestAvailable, filterData: null);
    }

    private static async Task UnsubscribeQuietlyAsync(StreamSubscriptionHandle<ActivityChange>? subscription)
    {
        if (subscription is null)
        {
            return;
        }

        try
        {
            await subscription.UnsubscribeAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The subscription lives in a pub/sub grain that may be gone with its silo; nothing to undo then.
        }
    }
}
