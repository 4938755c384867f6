using System.Collections.Concurrent;
using FastIo.Orleans.Profiles;
using Microsoft.Extensions.Logging;

namespace FastIo.Orleans.Grains.Search;

/// <summary>
/// Gathers the profiles whose cached searches must be dropped and tells each once per short round, so a batch
/// that touches five hundred profiles of one user sends that user one message, not five hundred. The round is
/// a few milliseconds: the time an ancestor's cache may still answer from before a commit.
/// </summary>
public sealed partial class SearchInvalidations : IAsyncDisposable
{
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(5);
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly ILogger<SearchInvalidations> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public SearchInvalidations(IGrainFactory grains, ILogger<SearchInvalidations> logger)
    {
        _grains = grains;
        _logger = logger;
        _loop = Task.Run(SendLoopAsync);
    }

    /// <summary>
    /// A batch tells the same few users hundreds of times per round: reading first keeps those calls off the
    /// dictionary's write locks, which every profile committing at once would otherwise queue on.
    /// </summary>
    public void Add(string profileId)
    {
        if (!_pending.ContainsKey(profileId))
        {
            _pending.TryAdd(profileId, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still pending expires from the caches within their lifetime anyway.
        }

        _stopping.Dispose();
    }

    private async Task SendLoopAsync()
    {
        using var timer = new PeriodicTimer(Round);
        while (await timer.WaitForNextTickAsync(_stopping.Token))
        {
            foreach (var profileId in _pending.Keys)
            {
                _pending.TryRemove(profileId, out _);
                try
                {
                    _grains.GetProfile(profileId).InvalidateSearchesAsync().Ignore();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSendFailed(exception, profileId);
                }
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning,
        Message = "Could not tell profile {ProfileId} to drop cached searches")]
    private partial void LogSendFailed(Exception exception, string profileId);
}
