using Microsoft.Extensions.Logging;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Profiles;
using Orleans.Streams;

namespace FastIo.Orleans.Grains.Profiles;

public sealed partial class ProfileGrain
{
    private IAsyncStream<ActivityChange>? _activityStream;

    /// <summary>Until when (<see cref="Environment.TickCount64"/>) commits are published: a gateway watches.</summary>
    private long _publishUntil;

    public async Task<ActivityRead> GetActivityAsync(ActivityQuery query)
    {
        if (query.WatchLease is { } lease)
        {
            var until = Environment.TickCount64
                + (long)Math.Min(lease.TotalMilliseconds, ActivityStreams.MaxWatchLease.TotalMilliseconds);
            _publishUntil = Math.Max(_publishUntil, until);
        }

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

    /// <summary>
    /// Publishes a commit's keys without waiting for the stream queue to take them: the timestamps already hold
    /// the truth, so a lost or late message only delays watchers until they reconcile, while waiting would hold
    /// this profile's next write (and, with an unreachable queue, for the whole call timeout). Each message
    /// names the commit before it, so watchers notice one that never arrives.
    /// </summary>
    private void Publish(ActivityChange change)
    {
        if (Environment.TickCount64 >= _publishUntil && !options.Value.PublishUnwatched)
        {
            // No gateway watches: nobody would receive the message. A gateway that starts watching reads the
            // grain after it subscribes, and each message names the commit before it, so none is missed.
            return;
        }

        Task publish;
        try
        {
            _activityStream ??= this.GetStreamProvider(ActivityStreams.Provider)
                .GetStream<ActivityChange>(StreamId.Create(ActivityStreams.Namespace, ProfileId));
            publish = _activityStream.OnNextAsync(change);
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, ProfileId);
            return;
        }

        if (!publish.IsCompletedSuccessfully)
        {
            _ = ObservePublishAsync(publish);
        }
    }

    /// <summary>
    /// A profile with a history may have been watched by gateways before this activation (its silo stopped, or
    /// it moved): it publishes for one lease, within which every gateway still watching renews it.
    /// </summary>
    private void AssumeWatchedAfterActivation()
    {
        if (_version > 0 || _state.Activity.Head != 0)
        {
            _publishUntil = Environment.TickCount64 + (long)ActivityStreams.DefaultWatchLease.TotalMilliseconds;
        }
    }

    private async Task ObservePublishAsync(Task publish)
    {
        try
        {
            await publish;
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
