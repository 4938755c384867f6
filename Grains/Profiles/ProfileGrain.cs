using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Ingestion;
using FastIo.Orleans.Grains.Persistence;
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
    EventSearchStore searches,
    IOptions<ProfileOptions> options,
    ILogger<ProfileGrain> logger) : Grain, IProfileGrain
{
    private ProfileState _state = new();
    private long _version;
    private long _snapshotVersion;
    private int _marksSinceSnapshot;

    private string ProfileId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
    }

    public Task<IReadOnlyList<InputProblem>> ValidateAsync(IReadOnlyList<IngestItem> items) =>
        Task.FromResult<IReadOnlyList<InputProblem>>(CheckAgainstState(items));

    public async Task<AppendOutcome> AppendAsync(IReadOnlyList<IngestItem> items)
    {
        try
        {
            var recorded = new List<RecordedEvent>(items.Count);
            var fresh = await SkipAlreadyRecordedAsync(items, recorded);
            var problems = CheckAgainstState(fresh);
            if (problems.Count > 0)
            {
                return AppendOutcome.Invalid(problems);
            }

            await AppendFreshAsync(fresh, recorded);
            return new AppendOutcome(AppendStatus.Recorded, recorded, []);
        }
        catch (PostgresException exception) when (exception.IsSequenceConflict())
        {
            // Another activation wrote to this log (possible for a moment after a silo failure): take its
            // events on board and let the caller retry; idempotency keys make the retry safe.
            LogSequenceConflict(ProfileId, _version);
            await TryReloadAsync();
            return AppendOutcome.DataStoreFailed;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogAppendFailed(exception, ProfileId);

            // The commit may have reached the server before the connection failed; reading the log again
            // keeps the in-memory version true either way.
            await TryReloadAsync();
            return AppendOutcome.DataStoreFailed;
        }
    }

    public async Task<ProfileAccess> GetAccessAsync(string userId)
    {
        var role = await EffectiveRoleAsync(userId);
        return new ProfileAccess(_state.Kind, role, _state.Multiplayer);
    }

    public Task<ProfileRole> GetDirectRoleAsync(string userId) =>
        Task.FromResult(_state.Closed ? ProfileRole.None : _state.RoleOf(userId));

    public async Task<SearchOutcome> SearchAsync(EventQuery query)
    {
        var plan = await PlanAsync(query);
        if (plan is null)
        {
            return SearchOutcome.Denied;
        }

        try
        {
            var events = await searches.SearchAsync(plan, CancellationToken.None);
            return new SearchOutcome(SearchStatus.Found, events);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogSearchFailed(exception, ProfileId);
            return SearchOutcome.QueryFailed;
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
            if (lookup.Status == LookupStatus.Found)
            {
                await log.AcknowledgeAsync(userId, eventId, CancellationToken.None);
            }

            return lookup;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            LogAcknowledgeFailed(exception, ProfileId);
            return new EventLookup(LookupStatus.DataStoreFailed);
        }
    }

    /// <summary>
    /// Commits the items in one transaction, then applies them and publishes the activity keys they touched.
    /// Every event and key of the commit carries the same commit time, strictly after the previous one.
    /// </summary>
    private async Task AppendFreshAsync(List<IngestItem> fresh, List<RecordedEvent> recorded)
    {
        if (fresh.Count == 0)
        {
            return;
        }

        var activity = _state.Activity;
        var committedMicros = activity.NextCommitTime(DateTime.UtcNow);
        var committed = ActivityState.FromMicros(committedMicros);
        var events = new List<StoredEvent>(fresh.Count);
        var members = new List<MemberChange>();
        foreach (var item in fresh.Where(i => !i.IsActivityOnly))
        {
            var stored = ToStoredEvent(item, _version + events.Count + 1, committed);
            events.Add(stored);
            if (ProfileState.MemberChangeOf(stored) is { } change)
            {
                members.Add(change);
            }
        }

        var explicitKeys = fresh.SelectMany(i => i.Activity ?? []).Distinct(StringComparer.Ordinal).ToList();
        var mark = explicitKeys.Count > 0 ? new ActivityMark(ProfileId, committed, explicitKeys) : null;

        await log.AppendAsync(events, members, mark, CancellationToken.None);

        var previousHead = activity.Head;
        var touched = new HashSet<string>(explicitKeys, StringComparer.Ordinal);
        foreach (var e in events)
        {
            _state.Apply(e);
            touched.UnionWith(ProfileState.ActivityKeysOf(e));
        }

        foreach (var key in explicitKeys)
        {
            activity.Touch(key, committedMicros);
        }

        activity.Trim(committedMicros);
        _version += events.Count;
        _marksSinceSnapshot += mark is null ? 0 : 1;
        DateTime? activityAt = touched.Count > 0 ? committed : null;
        var next = 0;
        foreach (var item in fresh)
        {
            recorded.Add(item.IsActivityOnly
                ? new RecordedEvent(item.Index, null, committed, activityAt)
                : new RecordedEvent(item.Index, events[next].EventId, events[next++].Created, activityAt));
        }

        if (touched.Count > 0)
        {
            await PublishAsync(new ActivityChange(
                committed, previousHead == 0 ? null : ActivityState.FromMicros(previousHead), [.. touched]));
        }

        await SnapshotIfDueAsync();
    }

    /// <summary>Answers items whose idempotency key is already in the log with the event first recorded.</summary>
    private async Task<List<IngestItem>> SkipAlreadyRecordedAsync(IReadOnlyList<IngestItem> items, List<RecordedEvent> recorded)
    {
        var keys = items.Where(i => i.IdempotencyKey is not null).Select(i => i.IdempotencyKey!).ToArray();
        if (keys.Length == 0)
        {
            return [.. items];
        }

        var known = await log.FindByIdempotencyKeysAsync(keys, CancellationToken.None);
        var fresh = new List<IngestItem>(items.Count);
        foreach (var item in items)
        {
            if (item.IdempotencyKey is { } key && known.TryGetValue(key, out var first))
            {
                recorded.Add(new RecordedEvent(item.Index, first.EventId, first.Created));
            }
            else
            {
                fresh.Add(item);
            }
        }

        return fresh;
    }

    private StoredEvent ToStoredEvent(IngestItem item, long sequence, DateTime committed)
    {
        EventCatalog.TryGet(item.Event, out var definition);
        var visibility = EventLevels.TryParseVisibility(item.Visibility, out var v) ? v : definition.Visibility;
        var permission = EventLevels.TryParsePermission(item.Permission, out var p) ? p : definition.Permission;
        var details = IngestDetails.Read(item.DetailsJson);
        ProfileRoles.TryParse(details.Role, out var role);
        var (kind, _) = IngestItemValidator.OwnerKindOf(item);
        var orgId = item.OrgId ?? (kind is ProfileKind.Workspace or ProfileKind.Share ? _state.OrgId : null);
        var workspaceId = item.WorkspaceId ?? (kind is ProfileKind.Share ? _state.WorkspaceId : null);

        return new StoredEvent
        {
            ProfileId = ProfileId,
            Sequence = sequence,
            EventId = EventIds.Create(ProfileId, sequence),
            Created = item.OccurredAt is { } occurred ? Microseconds.Truncate(occurred) : committed,
            Committed = committed,
            Name = definition.Name,
            Category = definition.Category ?? CategoryOf(kind),
            Subcategory = definition.Subcategory,
            Visibility = visibility,
            Permission = permission,
            CallingUserId = item.CallingUserId!,
            CallingUserName = item.CallingUserName!,
            OrgId = orgId,
            WorkspaceId = workspaceId,
            ShareId = item.ShareId,
            UserId = item.UserId,
            ObjectId = item.ObjectId,
            ParentEventId = item.ParentEventId,
            IdempotencyKey = item.IdempotencyKey,
            DetailsJson = item.DetailsJson,
            Role = role,
            Multiplayer = details.Multiplayer,
            DisplayName = details.Name,
        };
    }

    /// <summary>
    /// Checks items in order against the state they would meet, so that a batch may create a profile and
    /// then record events in it.
    /// </summary>
    private List<InputProblem> CheckAgainstState(IReadOnlyList<IngestItem> items)
    {
        var problems = new List<InputProblem>();
        var kind = _state.Kind;
        var orgId = _state.OrgId;
        var workspaceId = _state.WorkspaceId;
        foreach (var item in items)
        {
            var (expected, field) = IngestItemValidator.OwnerKindOf(item);
            var name = $"events[{item.Index}].{field}";
            if (item.IsActivityOnly)
            {
                // Keys may be set on a user's own profile before anything is recorded in it (upload progress).
                if (kind != expected && !(expected == ProfileKind.User && kind == ProfileKind.Unknown))
                {
                    problems.Add(new InputProblem(name, kind == ProfileKind.Unknown
                        ? $"no {Describe(expected)} with this ID exists"
                        : $"this ID is a {Describe(kind)}, not a {Describe(expected)}"));
                }

                continue;
            }

            var created = IngestItemValidator.CreatedKindOf(item.Event);
            if (created != ProfileKind.Unknown && created == expected)
            {
                if (kind != ProfileKind.Unknown)
                {
                    problems.Add(new InputProblem(name, $"a {Describe(kind)} with this ID already exists"));
                    continue;
                }

                kind = created;
                orgId = item.OrgId;
                workspaceId = item.WorkspaceId;
                continue;
            }

            if (kind == ProfileKind.Unknown)
            {
                problems.Add(new InputProblem(name, $"no {Describe(expected)} with this ID exists"));
                continue;
            }

            if (kind != expected)
            {
                problems.Add(new InputProblem(name, $"this ID is a {Describe(kind)}, not a {Describe(expected)}"));
                continue;
            }

            if (expected is ProfileKind.Workspace or ProfileKind.Share && item.OrgId is { } org && org != orgId)
            {
                problems.Add(new InputProblem($"events[{item.Index}].org_id",
                    orgId is null ? $"the {Describe(expected)} belongs to no org" : $"the {Describe(expected)} belongs to org {orgId}"));
            }

            if (expected is ProfileKind.Share && item.WorkspaceId is { } ws && ws != workspaceId)
            {
                problems.Add(new InputProblem($"events[{item.Index}].workspace_id",
                    $"the share belongs to workspace {workspaceId}"));
            }
        }

        return problems;
    }

    private async Task<SearchPlan?> PlanAsync(EventQuery query)
    {
        if (query.ParentEventId is { } parent)
        {
            var parentAccess = await EffectiveRoleAsync(query.CallerId);
            var ownLog = _state.Kind == ProfileKind.User && ProfileId == query.CallerId;
            return parentAccess == ProfileRole.None && !ownLog
                ? null
                : new SearchPlan(query, SearchScope.Parent, parent, ProfileId, parentAccess.IsAdmin());
        }

        if (_state.Kind == ProfileKind.User || _state.Kind == ProfileKind.Unknown)
        {
            // A user's profile is searchable by that user alone, and only events they did or that concern
            // them are in it; an unknown ID may still be a user with events but no user_created yet.
            return ProfileId == query.CallerId ? new SearchPlan(query, SearchScope.User, ProfileId, ProfileId, false) : null;
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

        var parentId = _state.Kind == ProfileKind.Share ? _state.WorkspaceId : _state.Kind == ProfileKind.Workspace ? _state.OrgId : null;
        if (parentId is null)
        {
            return role;
        }

        var parentRole = _state.Kind == ProfileKind.Share
            ? (await GrainFactory.GetGrain<IProfileGrain>(parentId).GetAccessAsync(userId)).Role
            : await GrainFactory.GetGrain<IProfileGrain>(parentId).GetDirectRoleAsync(userId);
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

    private async Task SnapshotIfDueAsync()
    {
        if (_version - _snapshotVersion + _marksSinceSnapshot < options.Value.SnapshotInterval)
        {
            return;
        }

        try
        {
            var head = _state.Activity.Head;
            await log.WriteSnapshotAsync(ProfileId, _version, head == 0 ? null : ActivityState.FromMicros(head),
                _state.ToJson(), CancellationToken.None);
            _snapshotVersion = _version;
            _marksSinceSnapshot = 0;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            // The events are committed; a missed snapshot only makes the next activation read further back.
            LogSnapshotFailed(exception, ProfileId);
        }
    }

    private static string CategoryOf(ProfileKind kind) => kind switch
    {
        ProfileKind.Share => "share",
        ProfileKind.Workspace => "workspace",
        ProfileKind.Org => "org",
        _ => "user",
    };

    private static string Describe(ProfileKind kind) => kind switch
    {
        ProfileKind.Share => "share",
        ProfileKind.Workspace => "workspace",
        ProfileKind.Org => "org",
        ProfileKind.User => "user",
        _ => "profile",
    };

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Append to profile {ProfileId} failed")]
    private partial void LogAppendFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Profile {ProfileId} found its log ahead of version {Version}; reloaded")]
    private partial void LogSequenceConflict(string profileId, long version);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Search in profile {ProfileId} failed")]
    private partial void LogSearchFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Acknowledgement in profile {ProfileId} failed")]
    private partial void LogAcknowledgeFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Snapshot of profile {ProfileId} failed")]
    private partial void LogSnapshotFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Publishing activity of profile {ProfileId} failed; subscribers catch up from the timestamps")]
    private partial void LogPublishFailed(Exception exception, string profileId);
}
