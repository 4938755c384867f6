using Orleans.Concurrency;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Billing;
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
    /// <summary>The profile's kind and place in the hierarchy, as its log says now.</summary>
    [AlwaysInterleave]
    Task<ProfileDirectoryEntry> GetDirectoryEntryAsync();

    /// <summary>
    /// Records the items in this profile's log; answers only once they are durable. Interleaves so that
    /// requests arriving during a write join the next one; the grain keeps one write in flight.
    /// </summary>
    /// <param name="items">The items, each answered in the outcome under its index.</param>
    /// <param name="checkedKeys">
    /// Given when the caller has just looked every idempotency key of the items up in the log: the ones it found
    /// (empty when none), so the profile need not ask the log again. Null: the profile looks them up itself.
    /// </param>
    [AlwaysInterleave]
    Task<AppendOutcome> AppendAsync(IReadOnlyList<IngestItem> items, IReadOnlyList<RecordedKey>? checkedKeys = null);

    /// <summary>The user's effective role here, with roles inherited from the org or workspace above.</summary>
    [AlwaysInterleave]
    Task<ProfileAccess> GetAccessAsync(string userId);

    /// <summary>A user's own direct role here, not counting roles inherited from above.</summary>
    [AlwaysInterleave]
    Task<ProfileRole> GetDirectRoleAsync(string userId);

    [AlwaysInterleave]
    Task<SearchOutcome> SearchAsync(EventQuery query);

    /// <summary>The same search as <see cref="SearchAsync"/>, answered as the rendered <c>events</c> array.</summary>
    [AlwaysInterleave]
    Task<SearchPage> SearchPageAsync(EventQuery query);

    [AlwaysInterleave]
    Task<EventLookup> GetEventAsync(string eventId, string userId);

    [AlwaysInterleave]
    Task<EventLookup> AcknowledgeAsync(string eventId, string userId);

    /// <summary>
    /// Something this profile's searches read changed elsewhere: an event committed in a profile below it or
    /// naming its user, or an acknowledgement. Drops cached search answers.
    /// </summary>
    [AlwaysInterleave]
    Task InvalidateSearchesAsync();

    /// <summary>
    /// The profile's display name as its log says now (from its creation or latest update event); null when
    /// the log names none or the profile is closed. Names change, so unlike the directory entry this is
    /// never cached.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> GetNameAsync();

    /// <summary>An org's subscriptions and whether it is billable, as its billing events say.</summary>
    [AlwaysInterleave]
    Task<OrgBilling> GetBillingAsync();

    /// <summary>
    /// The profile's activity timestamps, with the user's access. Answers at once: waiting for a change is the
    /// gateway's job (through the activity stream), so no call is ever held open on the grain.
    /// </summary>
    /// <remarks>
    /// A read of memory once the profile is active, so it is bounded well below Orleans' default 30 s: a call
    /// caught by a silo's death then fails fast and the caller reads again from the profile's new activation.
    /// </remarks>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:10")]
    Task<ActivityRead> GetActivityAsync(ActivityQuery query);
}
