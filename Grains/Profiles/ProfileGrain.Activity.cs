using Microsoft.Extensions.Logging;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Profiles;
using Orleans.Streams;

namespace FastIo.Orleans.Grains.Profiles;

public sealed partial class ProfileGrain
{
    /// <summary>
    /// A publish that has not reached the stream queue by then is given up: the commit stands, and watchers
    /// catch up from the timestamps. Without a bound, an unreachable queue would hold the append for 30 s.
    /// </summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);

    private IAsyncStream<ActivityChange>? _activityStream;

    public async Task<ActivityRead> GetActivityAsync(ActivityQuery query)
    {
        var access = query.UserId is { } userId
            ? await GetAccessAsync(userId)
            : new ProfileAccess(_state.Kind, ProfileRole.None, _state.Multiplayer);

        // Read after the only await, in one turn: a commit is applied wholly or not at all.
        var activity = _state.Activity;
        var (recovered, keys) = activity.Read(query);
        return new ActivityRead
        {
            Access = access,
            Cursor = activity.Head == 0 ? null : ActivityState.FromMicros(activity.Head),
            Recovered = recovered,
            Keys = keys,
        };
    }

    /// <summary>Publishes a commit's keys. Never fails the append: the timestamps already hold the truth.</summary>
    private async Task PublishAsync(ActivityChange change)
    {
        try
        {
            _activityStream ??= this.GetStreamProvider(ActivityStreams.Provider)
                .GetStream<ActivityChange>(StreamId.Create(ActivityStreams.Namespace, ProfileId));
            await _activityStream.OnNextAsync(change).WaitAsync(PublishTimeout);
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, ProfileId);
        }
    }

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning,
        Message = "Publishing activity of profile {ProfileId} failed; subscribers catch up from the timestamps")]
    private partial void LogPublishFailed(Exception exception, string profileId);
}
