using System.Net.WebSockets;
using FastIo.Orleans.Gateway.Hosting;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// One open activity WebSocket. Keys from its profile's watch are merged into a pending set and sent as one
/// message: at once when the socket has been quiet for the coalescing window, else when the window ends.
/// Only one send is ever in flight; a client that stops reading makes the pending set grow, and past
/// <see cref="ActivityOptions.MaxPendingKeys"/> the socket is closed with <see cref="TooSlow"/>.
/// </summary>
public sealed partial class ActivitySocket : IActivityListener
{
    /// <summary>Close code: the token's lifetime ended.</summary>
    public const int TokenExpired = 4001;

    /// <summary>Close code: the user may no longer see the profile.</summary>
    public const int AccessLost = 4003;

    /// <summary>Close code: the client did not read its messages and too many changes piled up.</summary>
    public const int TooSlow = 4008;

    /// <summary>Close code: the gateway is stopping.</summary>
    public const int GoingAway = (int)WebSocketCloseStatus.EndpointUnavailable;

    private readonly object _gate = new();
    private readonly WebSocket _socket;
    private readonly ActivityOptions _options;
    private readonly Func<Task<bool>> _stillAllowed;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private HashSet<string>? _pending;
    private DateTime _cursor;
    private bool _historyLost;
    private bool _started;
    private bool _sending;
    private bool _flushScheduled;
    private long _lastSend = long.MinValue / 2;
    private bool _closing;
    private int _closeCode;
    private string _closeReason = string.Empty;
    private bool _checkingAccess;
    private bool _checkAccessAgain;
    private long _nextAccessCheck;

    public ActivitySocket(
        WebSocket socket, string profileId, string userId, DateTime expires, DateTime seen, ActivityOptions options,
        Func<Task<bool>> stillAllowed, GatewayMetrics metrics, ILogger logger)
    {
        _metrics = metrics;
        _socket = socket;
        ProfileId = profileId;
        UserId = userId;
        Expires = expires;
        _cursor = seen;
        _options = options;
        _stillAllowed = stillAllowed;
        _logger = logger;
        _nextAccessCheck = Environment.TickCount64 + (long)options.AccessRecheckInterval.TotalMilliseconds;
    }

    public string ProfileId { get; }

    public string UserId { get; }

    public DateTime Expires { get; }

    public void OnActivity(IReadOnlyList<ActivityCommit> commits, bool recovered)
    {
        var recheck = false;
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            foreach (var commit in commits)
            {
                if (commit.At <= _cursor && recovered)
                {
                    continue;
                }

                foreach (var key in commit.Keys)
                {
                    (_pending ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
                    recheck |= ActivityAccess.MayChangeAccess(key, UserId);
                }

                _cursor = commit.At > _cursor ? commit.At : _cursor;
            }

            _historyLost |= !recovered;
            if (_pending?.Count > _options.MaxPendingKeys)
            {
                LogTooSlow(_logger, ProfileId, _pending.Count);
                BeginCloseLocked(TooSlow, "Too many changes waiting: the client is not reading its messages.");
                return;
            }

            ScheduleFlushLocked();
        }

        if (recheck)
        {
            CheckAccess();
        }
    }

    /// <summary>Starts sending, first what the connection's own read found (keys since its lastactivity).</summary>
    public void Start(IEnumerable<string> initialKeys, DateTime cursor, bool recovered)
    {
        var recheck = false;
        lock (_gate)
        {
            foreach (var key in initialKeys)
            {
                (_pending ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
                recheck |= ActivityAccess.MayChangeAccess(key, UserId);
            }

            _cursor = cursor > _cursor ? cursor : _cursor;
            _historyLost |= !recovered;
            _started = true;
            ScheduleFlushLocked();
        }

        if (recheck)
        {
            CheckAccess();
        }
    }

    /// <summary>Called by the hub's sweep: closes at token expiry and rechecks access now and then.</summary>
    public void Tick(DateTime utcNow, long now)
    {
        if (utcNow >= Expires)
        {
            BeginClose(TokenExpired, "The token has expired.");
            return;
        }

        if (now >= Volatile.Read(ref _nextAccessCheck))
        {
            Volatile.Write(ref _nextAccessCheck, now + (long)_options.AccessRecheckInterval.TotalMilliseconds);
            CheckAccess();
        }
    }

    public void BeginClose(int code, string reason)
    {
        lock (_gate)
        {
            BeginCloseLocked(code, reason);
        }
    }

    private void BeginCloseLocked(int code, string reason)
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _closeCode = code;
        _closeReason = reason;
        _pending = null;
        _ = AbortUnlessClosedAsync();
        if (!_sending)
        {
            _sending = true;
            _ = CloseAsync();
        }
    }

    private void ScheduleFlushLocked()
    {
        if (!_started || _sending || _flushScheduled || _closing || (_pending is null && !_historyLost))
        {
            return;
        }

        var wait = _lastSend + (long)_options.CoalesceWindow.TotalMilliseconds - Environment.TickCount64;
        if (wait <= 0)
        {
            _sending = true;
            _ = PumpAsync();
        }
        else
        {
            _flushScheduled = true;
            _ = FlushLaterAsync(wait);
        }
    }

    private async Task FlushLaterAsync(long delayMs)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(delayMs));
        lock (_gate)
        {
            _flushScheduled = false;
            ScheduleFlushLocked();
        }
    }

    /// <summary>Sends the pending keys as one message; the only sender while it runs.</summary>
    private async Task PumpAsync()
    {
        try
        {
            byte[]? message = null;
            lock (_gate)
            {
                if (!_closing)
                {
                    message = ActivityJson.SocketMessage(_pending ?? [], _cursor, !_historyLost);
                    _metrics.KeysPushed("websocket", _pending?.Count ?? 0);
                    _pending = null;
                    _historyLost = false;
                }
            }

            if (message is not null)
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }

            lock (_gate)
            {
                _lastSend = Environment.TickCount64;
                if (!_closing)
                {
                    _sending = false;
                    ScheduleFlushLocked();
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException
            or OperationCanceledException or IOException or InvalidOperationException)
        {
            // The peer is gone; the receive loop ends the connection.
            return;
        }

        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)_closeCode, _closeReason, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException
            or OperationCanceledException or IOException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>A peer that does not answer the close (or a send that never completes) is dropped.</summary>
    private async Task AbortUnlessClosedAsync()
    {
        await Task.Delay(_options.CloseTimeout);
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
    }

    private void CheckAccess()
    {
        lock (_gate)
        {
            if (_checkingAccess)
            {
                _checkAccessAgain = true;
                return;
            }

            _checkingAccess = true;
        }

        _ = CheckAccessAsync();
    }

    private async Task CheckAccessAsync()
    {
        while (true)
        {
            try
            {
                if (!await _stillAllowed())
                {
                    BeginClose(AccessLost, "You no longer have access to this profile.");
                }
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                // The cluster is briefly unreachable; the next change or the periodic check tries again.
                LogAccessCheckFailed(_logger, exception, ProfileId);
            }

            lock (_gate)
            {
                if (!_checkAccessAgain)
                {
                    _checkingAccess = false;
                    return;
                }

                _checkAccessAgain = false;
            }
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information,
        Message = "Closing a socket of profile {ProfileId}: {Pending} changes wait for a client that does not read")]
    private static partial void LogTooSlow(ILogger logger, string profileId, int pending);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning,
        Message = "Rechecking socket access to profile {ProfileId} failed")]
    private static partial void LogAccessCheckFailed(ILogger logger, Exception exception, string profileId);
}
