using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Ingestion;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Persistence;
using FastIo.Orleans.Grains.Search;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FastIo.Orleans.Grains.Profiles;

/// <summary>
/// The single writer of one profile's event log. State is rebuilt on activation from the latest snapshot
/// plus the events after it, and changes only after an append has committed, so what the grain holds is
/// never ahead of what PostgreSQL holds.
/// </summary>
/// <remarks>
/// Orleans' JournaledGrain is not used: its custom-storage adaptor retries a failed write in the background
/// and keeps <c>ConfirmEvents</c> waiting, where this product must answer a caller with a data-store error
/// at once and leave nothing half-applied. The shape is the same: state is a fold over the log, and the
/// log's primary key is the optimistic version check.
/// </remarks>
public sealed partial class ProfileGrain(
    EventLogStore log,
    EventLogWriter writer,
    EventSearchStore searches,
    IOptions<ProfileOptions> options,
    TimeProvider time,
    SearchInvalidations invalidations,
    ILogger<ProfileGrain> logger) : Grain, IProfileGrain
{
    private readonly SearchCache _searchCache = new(time);
    private ProfileState _state = new();
    private long _version;
    private long _snapshotVersion;
    private int _marksSinceSnapshot;

    private string ProfileId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
            AssumeWatchedAfterActivation();
        }
        catch (Exception exception) when (PostgresErrors.IsFromStore(exception))
        {
            // Activation faults reach callers outside any call filter; this one must survive the trip, and its
            // cause stays in this silo's log.
            LogLoadFailed(exception, ProfileId);
            throw new DataStoreUnavailableException($"Profile {ProfileId} could not be loaded from the event store.");
        }
    }

    public async Task<ProfileAccess> GetAccessAsync(string userId)
    {
        var role = await EffectiveRoleAsync(userId);
        return new ProfileAccess(_state.Kind, role, _state.Multiplayer);
    }

    public Task<string?> GetNameAsync() => Task.FromResult(_state.Closed ? null : _state.Name);

    public Task<ProfileRole> GetDirectRoleAsync(string userId) =>
        Task.FromResult(_state.Closed ? ProfileRole.None : _state.RoleOf(userId));

    public async Task<SearchOutcome> SearchAsync(EventQuery query)
    {
        var plan = await PlanAsync(query);
        if (plan is null)
        {
            return SearchOutcome.Denied;
        }

        if (_searchCache.TryGet(query, plan.CallerIsAdmin, out var cached))
        {
            return cached;
        }

        return (await RunSearchAsync(plan, render: false)).Outcome;
    }

    public async Task<SearchPage> SearchPageAsync(EventQuery query)
    {
        var plan = await PlanAsync(query);
        if (plan is null)
        {
            return SearchPage.Denied;
        }

        if (_searchCache.TryGetPage(query, plan.CallerIsAdmin, out var cached))
        {
            return cached;
        }

        return (await RunSearchAsync(plan, render: true)).Page!;
    }

    /// <summary>Runs the query and keeps the answer, rendered as a page too when the caller wants one.</summary>
    private async Task<(SearchOutcome Outcome, SearchPage? Page)> RunSearchAsync(SearchPlan plan, bool render)
    {
        try
        {
            var generation = _searchCache.Generation;
            var events = await searches.SearchAsync(plan, CancellationToken.None);
            var outcome = new SearchOutcome(SearchStatus.Found, events);
            var page = render ? SearchCache.Render(outcome) : null;
            _searchCache.Add(plan.Query, plan.CallerIsAdmin, outcome, generation, page);
            return (outcome, page);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogSearchFailed(exception, ProfileId);
            return (SearchOutcome.QueryFailed, SearchPage.QueryFailed);
        }
    }

    public async Task<EventLookup> GetEventAsync(string eventId, string userId)
    {
        try
        {
            return await ReadVisibleEventAsync(eventId, userId);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogSearchFailed(exception, ProfileId);
            return new EventLookup(LookupStatus.DataStoreFailed);
        }
    }

    public async Task<EventLookup> AcknowledgeAsync(string eventId, string userId)
    {
        try
        {
            var lookup = await ReadVisibleEventAsync(eventId, userId);
            if (lookup.Status == LookupStatus.Found && !lookup.Event!.Acknowledged)
            {
                await log.AcknowledgeAsync(userId, eventId, CancellationToken.None);
                _searchCache.Clear();
                NotifySearchers([userId]);
                await InvalidateAncestorsAsync();
            }

            return lookup;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogAcknowledgeFailed(exception, ProfileId);
            return new EventLookup(LookupStatus.DataStoreFailed);
        }
    }

    public Task InvalidateSearchesAsync()
    {
        _searchCache.Clear();
        return Task.CompletedTask;
    }

    /// <summary>The org and workspace above this profile, whose searches include its events.</summary>
    private IEnumerable<string> Ancestors()
    {
        if (_state.WorkspaceId is { } workspace && _state.Kind == ProfileKind.Share)
        {
            yield return workspace;
        }

        if (_state.OrgId is { } org && _state.Kind is ProfileKind.Share or ProfileKind.Workspace)
        {
            yield return org;
        }
    }

    /// <summary>Tells other profiles that answers their searches may hold changed, within a few milliseconds.</summary>
    private void NotifySearchers(IEnumerable<string> profileIds)
    {
        foreach (var profileId in profileIds)
        {
            if (profileId != ProfileId)
            {
                invalidations.Add(profileId);
            }
        }
    }

    private async Task<SearchPlan?> PlanAsync(EventQuery query)
    {
        if (query.ParentEventId is { } parent)
        {
            // Owning one's own user log gives no standing in the profiles where the children were recorded:
            // the caller sees them as their memberships there allow, not as an admin.
            var ownLog = _state.Kind == ProfileKind.User && ProfileId == query.CallerId;
            var parentAccess = ownLog ? ProfileRole.None : await EffectiveRoleAsync(query.CallerId);
            return parentAccess == ProfileRole.None && !ownLog
                ? null
                : new SearchPlan(query, SearchScope.Parent, parent, ProfileId, parentAccess.IsAdmin(),
                    _state.Kind switch
                {
                    ProfileKind.Org => SearchScope.Org,
                    ProfileKind.Workspace => SearchScope.Workspace,
                    ProfileKind.Share => SearchScope.Share,
                    _ => SearchScope.User,
                });
        }

        if (query.ProfileKind is { } named && named != _state.Kind
            && !(named == ProfileKind.User && _state.Kind == ProfileKind.Unknown))
        {
            // org_id naming a workspace, workspace_id naming a user...: answered as a profile the caller may not
            // view, which tells nothing about what the ID is.
            return null;
        }

        if (_state.Kind == ProfileKind.User || _state.Kind == ProfileKind.Unknown)
        {
            // A user's profile is searchable by that user alone, and only events they did or that concern
            // them are in it; an unknown ID may still be a user with events but no user_created yet.
            return ProfileId == query.CallerId
                ? new SearchPlan(query, SearchScope.User, ProfileId, ProfileId, false)
                : null;
        }

        var role = await EffectiveRoleAsync(query.CallerId);
        if (role == ProfileRole.None)
        {
            return null;
        }

        var scope = _state.Kind switch
        {
            ProfileKind.Org => SearchScope.Org,
            ProfileKind.Workspace => SearchScope.Workspace,
            _ => SearchScope.Share,
        };
        return new SearchPlan(query, scope, ProfileId, ProfileId, role.IsAdmin());
    }

    private async Task<EventLookup> ReadVisibleEventAsync(string eventId, string userId)
    {
        var found = await log.ReadEventAsync(eventId, userId, CancellationToken.None);
        if (found is not { } row)
        {
            return EventLookup.NotFound;
        }

        if (row.Visibility == EventVisibility.Internal)
        {
            return new EventLookup(LookupStatus.Internal);
        }

        if (row.View.CallingUserId == userId || row.View.UserId == userId)
        {
            return new EventLookup(LookupStatus.Found, row.View);
        }

        if (row.Permission == EventPermission.Targeted)
        {
            return new EventLookup(LookupStatus.NotTargeted);
        }

        var role = _state.Kind == ProfileKind.User ? ProfileRole.None : await EffectiveRoleAsync(userId);
        var allowed = row.Permission == EventPermission.Admin ? role.IsAdmin() : role != ProfileRole.None;
        return allowed ? new EventLookup(LookupStatus.Found, row.View) : new EventLookup(LookupStatus.Denied);
    }

    /// <summary>
    /// The user's role here with inheritance: an org admin or owner is an admin of the org's workspaces and
    /// shares, and a workspace admin is an admin of its shares.
    /// </summary>
    private async Task<ProfileRole> EffectiveRoleAsync(string userId)
    {
        if (_state.Closed || _state.Kind == ProfileKind.Unknown)
        {
            return ProfileRole.None;
        }

        if (_state.Kind == ProfileKind.User)
        {
            return userId == ProfileId ? ProfileRole.Owner : ProfileRole.None;
        }

        var role = _state.RoleOf(userId);
        if (role.IsAdmin())
        {
            return role;
        }

        var parentId = _state.Kind switch
        {
            ProfileKind.Share => _state.WorkspaceId,
            ProfileKind.Workspace => _state.OrgId,
            _ => null,
        };
        if (parentId is null)
        {
            return role;
        }

        var parentRole = _state.Kind == ProfileKind.Share
            ? (await GrainFactory.GetProfile(parentId).GetAccessAsync(userId)).Role
            : await GrainFactory.GetProfile(parentId).GetDirectRoleAsync(userId);
        return parentRole.IsAdmin() ? ProfileRole.Admin : role;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var state = new ProfileState();
        long version = 0;
        if (await log.ReadSnapshotAsync(ProfileId, cancellationToken) is { } snapshot)
        {
            state = ProfileState.FromJson(snapshot.StateJson);
            version = snapshot.Version;
            if (!state.HasActivity && version > 0)
            {
                // A snapshot from before activity was kept: what happened before it is unknown.
                state.Activity.Floor = ActivityState.ToMicros(DateTime.UtcNow);
            }
        }

        var snapshotVersion = version;
        var snapshotHead = state.Activity.Head;
        await foreach (var e in log.ReadAfterAsync(ProfileId, version, cancellationToken))
        {
            state.Apply(e);
            version = e.Sequence;
        }

        // Keys set without an event; the order of touches does not matter, each key keeps its latest time.
        var marks = await log.ReadMarksAfterAsync(
            ProfileId, snapshotHead == 0 ? null : ActivityState.FromMicros(snapshotHead), cancellationToken);
        foreach (var mark in marks)
        {
            foreach (var key in mark.Keys)
            {
                state.Activity.Touch(key, ActivityState.ToMicros(mark.CommittedAt));
            }
        }

        state.Activity.Trim(ActivityState.ToMicros(DateTime.UtcNow));
        _state = state;
        _version = version;
        _snapshotVersion = snapshotVersion;
        _marksSinceSnapshot = marks.Count;
    }

    private async Task TryReloadAsync()
    {
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            // Still unreachable: drop the activation so the next call starts from the store, whatever it holds.
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Search in profile {ProfileId} failed")]
    private partial void LogSearchFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Acknowledgement in profile {ProfileId} failed")]
    private partial void LogAcknowledgeFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
        Message = "Profile {ProfileId} could not be loaded from the event store")]
    private partial void LogLoadFailed(Exception exception, string profileId);

}
