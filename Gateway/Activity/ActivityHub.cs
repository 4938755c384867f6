using System.Collections.Concurrent;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Gateway.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// The gateway's activity fan-out: at most one <see cref="ProfileWatch"/> (one stream subscription) per
/// profile that a poll or socket here is interested in, counted by interest and dropped a while after the
/// last one ends. Its sweep reads quiet profiles from their grains and closes sockets whose token expired.
/// </summary>
public sealed partial class ActivityHub(
    IClusterClient client,
    IOptions<ActivityOptions> options,
    IHostApplicationLifetime lifetime,
    GatewayMetrics metrics,
    ILogger<ActivityHub> logger) : BackgroundService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ProfileWatch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ActivitySocket, byte> _sockets = new();
    private readonly SemaphoreSlim _reads = new(options.Value.MaxConcurrentReads);
    private IStreamProvider? _streams;

    public ActivityOptions Options { get; } = options.Value;

    public GatewayMetrics Metrics { get; } = metrics;

    public IGrainFactory Grains => client;

    /// <summary>Profiles this gateway currently holds a subscription for.</summary>
    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    public int SocketCount => _sockets.Count;

    /// <summary>
    /// Cancelled the moment the gateway starts to stop: waiting polls answer at once with their cursor, so the
    /// load balancer's next poll lands on another gateway instead of waiting out the shutdown timeout.
    /// </summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Registers interest in a profile, subscribing to its stream if no one here watches it yet.</summary>
    public ProfileWatch Acquire(string profileId)
    {
        ProfileWatch? started = null;
        ProfileWatch watch;
        lock (_gate)
        {
            if (!_watches.TryGetValue(profileId, out watch!))
            {
                var quiet = Options.ReconcileInterval * (0.75 + 0.25 * Random.Shared.NextDouble());
                watch = new ProfileWatch(this, profileId, quiet);
                _watches.Add(profileId, watch);
                started = watch;
            }

            watch.Interest++;
        }

        if (started is not null)
        {
            _ = Task.Run(started.StartAsync);
        }

        return watch;
    }

    public void Release(ProfileWatch watch)
    {
        lock (_gate)
        {
            if (--watch.Interest == 0)
            {
                watch.IdleSince = Environment.TickCount64;
            }
        }
    }

    public void Register(ActivitySocket socket) => _sockets.TryAdd(socket, 0);

    public void Unregister(ActivitySocket socket) => _sockets.TryRemove(socket, out _);

    /// <summary>After the cluster connection came back: every subscription may be gone, so make them again.</summary>
    public void ResubscribeAll()
    {
        List<ProfileWatch> watches;
        lock (_gate)
        {
            watches = [.. _watches.Values];
        }

        LogResubscribingAll(watches.Count);
        foreach (var watch in watches)
        {
            _ = Task.Run(watch.ResubscribeAsync);
        }
    }

    /// <summary>
    /// The gateway's own read of a profile's activity (no user, no access), a few at a time. It also holds the
    /// profile's watch lease: the profile publishes to its stream only while some gateway reads it this way.
    /// </summary>
    internal async Task<ActivityRead> ReadAsync(string profileId, DateTime? since)
    {
        await _reads.WaitAsync();
        try
        {
            return await client.GetProfile(profileId).GetActivityAsync(new ActivityQuery
            {
                Since = since,
                WatchLease = Options.WatchLease,
            });
        }
        finally
        {
            _reads.Release();
        }
    }

    internal IAsyncStream<ActivityChange> StreamOf(string profileId)
    {
        _streams ??= client.GetStreamProvider(ActivityStreams.Provider);
        return _streams.GetStream<ActivityChange>(StreamId.Create(ActivityStreams.Namespace, profileId));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(
            Math.Min(TimeSpan.FromMilliseconds(500).Ticks, Options.ReconcileInterval.Ticks / 4));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Metrics.Meter.CreateObservableGauge("fastio.activity.sockets.open", () => SocketCount, "{socket}",
            "WebSockets open on this gateway");
        Metrics.Meter.CreateObservableGauge("fastio.activity.watches", () => WatchCount, "{profile}",
            "Profiles this gateway holds an activity stream subscription for");

        // Sockets are closed when stopping begins, not when this service's turn to stop comes: the server waits
        // for open requests (a socket is one) before it stops services, and would wait out its timeout.
        lifetime.ApplicationStopping.Register(CloseAllSockets);
        return base.StartAsync(cancellationToken);
    }

    private void CloseAllSockets()
    {
        var count = 0;
        foreach (var (socket, _) in _sockets)
        {
            socket.BeginClose(ActivitySocket.GoingAway, "The server is shutting down.");
            count++;
        }

        LogClosingSockets(count);
    }

    private void Sweep()
    {
        var now = Environment.TickCount64;
        var lingerMs = (long)Options.WatchLinger.TotalMilliseconds;
        List<ProfileWatch> active = [];
        List<ProfileWatch> ended = [];
        lock (_gate)
        {
            foreach (var watch in _watches.Values)
            {
                if (watch.Interest == 0 && now - watch.IdleSince >= lingerMs)
                {
                    ended.Add(watch);
                }
                else
                {
                    active.Add(watch);
                }
            }

            foreach (var watch in ended)
            {
                _watches.Remove(watch.ProfileId);
            }
        }

        foreach (var watch in ended)
        {
            _ = watch.DisposeAsync();
        }

        foreach (var watch in active)
        {
            watch.CheckQuiet(now);
        }

        // Enumerating the dictionary itself, not its Keys (a fresh copy of every socket, twice a second): the
        // sweep should not feed the garbage collector, whose pauses land on pushes in flight.
        var utcNow = DateTime.UtcNow;
        foreach (var (socket, _) in _sockets)
        {
            socket.Tick(utcNow, now);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Subscribing to the activity of profile {ProfileId} failed; retrying")]
    internal partial void LogWatchStartFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Activity stream of profile {ProfileId} failed")]
    internal partial void LogStreamError(Exception exception, string profileId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug,
        Message = "Activity stream of profile {ProfileId} skipped a commit; reading the grain")]
    internal partial void LogGap(string profileId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning,
        Message = "Activity stream of profile {ProfileId} stayed silent about a commit; resubscribing")]
    internal partial void LogStreamMissed(string profileId);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning,
        Message = "Reading the activity of profile {ProfileId} failed")]
    internal partial void LogReconcileFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error,
        Message = "An activity listener of profile {ProfileId} failed")]
    internal partial void LogListenerFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information,
        Message = "Resubscribed to the activity of profile {ProfileId}")]
    internal partial void LogResubscribed(string profileId);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information,
        Message = "Cluster connection changed; resubscribing {Count} activity watches")]
    private partial void LogResubscribingAll(int count);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information,
        Message = "Gateway stopping; closing {Count} activity sockets with going-away")]
    private partial void LogClosingSockets(int count);
}
