using Orleans.Concurrency;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Search;

namespace FastIo.Orleans.Profiles;

/// <summary>
/// One profile (user, org, workspace or share), keyed by its 20-digit ID. It is the single writer of the
/// profile's event log and owns the state derived from that log: hierarchy, membership and roles.
/// </summary>
public interface IProfileGrain : IGrainWithStringKey
{
    /// <summary>Checks items against the profile's current state without recording anything.</summary>
    [ReadOnly]
    Task<IReadOnlyList<InputProblem>> ValidateAsync(IReadOnlyList<IngestItem> items);

    /// <summary>Records the items in this profile's log; answers only once they are durable.</summary>
    Task<AppendOutcome> AppendAsync(IReadOnlyList<IngestItem> items);

    /// <summary>The user's effective role here, with roles inherited from the org or workspace above.</summary>
    [AlwaysInterleave]
    Task<ProfileAccess> GetAccessAsync(string userId);

    /// <summary>A user's own direct role here, not counting roles inherited from above.</summary>
    [AlwaysInterleave]
    Task<ProfileRole> GetDirectRoleAsync(string userId);

    [AlwaysInterleave]
    Task<SearchOutcome> SearchAsync(EventQuery query);

    [AlwaysInterleave]
    Task<EventLookup> GetEventAsync(string eventId, string userId);

    [AlwaysInterleave]
    Task<EventLookup> AcknowledgeAsync(string eventId, string userId);

    /// <summary>
    /// The profile's activity timestamps, with the user's access. Answers at once: waiting for a change is the
    /// gateway's job (through the activity stream), so no call is ever held open on the grain.
    /// </summary>
    [AlwaysInterleave]
    Task<ActivityRead> GetActivityAsync(ActivityQuery query);
}
