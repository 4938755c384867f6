using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Ingestion;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FastIo.Orleans.Grains.Profiles;

/// <summary>
/// Appending. One write is in flight per profile at a time; requests that arrive meanwhile queue and go
/// together in the next write, so a busy profile commits in groups rather than one round trip per request,
/// and its sequence numbers are assigned in commit order. All of this runs on the grain's own scheduler.
/// </summary>
public sealed partial class ProfileGrain
{
    private const int MaxItemsPerWrite = 5000;
    private readonly Queue<AppendRequest> _appendQueue = new();
    private bool _writing;

    public Task<ProfileDirectoryEntry> GetDirectoryEntryAsync() =>
        Task.FromResult(new ProfileDirectoryEntry(_state.Kind, _state.OrgId, _state.WorkspaceId));

    public Task<AppendOutcome> AppendAsync(IReadOnlyList<IngestItem> items, IReadOnlyList<RecordedKey>? checkedKeys)
    {
        var request = new AppendRequest([.. items], checkedKeys);
        _appendQueue.Enqueue(request);
        if (!_writing)
        {
            _writing = true;
            _ = WriteQueuedAsync();
        }

        return request.Completion.Task;
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            while (_appendQueue.Count > 0)
            {
                var requests = new List<AppendRequest>();
                var items = 0;
                while (_appendQueue.Count > 0
                    && (requests.Count == 0 || items + _appendQueue.Peek().Items.Count <= MaxItemsPerWrite))
                {
                    var request = _appendQueue.Dequeue();
                    requests.Add(request);
                    items += request.Items.Count;
                }

                await WriteAsync(requests);
            }
        }
        finally
        {
            _writing = false;
        }
    }

    /// <param name="requests">What this write records.</param>
    /// <param name="trustCheckedKeys">Whether keys a caller checked just before are taken as it found them; false
    /// looks every key up in the log.</param>
    private async Task WriteAsync(List<AppendRequest> requests, bool trustCheckedKeys = true)
    {
        try
        {
            var known = await FindRecordedAsync(requests, trustCheckedKeys);
            await ResolveShareOrgAsync(requests);
            var plan = PlanWrite(requests, known);
            var touched = new HashSet<string>(plan.ExplicitKeys, StringComparer.Ordinal);
            var previousHead = _state.Activity.Head;
            if (plan.Events.Count > 0 || plan.Mark is not null)
            {
                await writer.AppendAsync(plan.Events, plan.Members, plan.Mark);
                foreach (var e in plan.Events)
                {
                    _state.Apply(e);
                    touched.UnionWith(ProfileState.ActivityKeysOf(e));
                }

                foreach (var key in plan.ExplicitKeys)
                {
                    _state.Activity.Touch(key, plan.CommittedMicros);
                }

                _state.Activity.Trim(plan.CommittedMicros);
                _version += plan.Events.Count;
                _marksSinceSnapshot += plan.Mark is null ? 0 : 1;
                _searchCache.Clear();
                NotifySearchers(SearchersOf(plan.Events));
                await InvalidateAncestorsAsync();
            }

            // The publish leaves before the writers are answered, so a client that acts on the answer finds the
            // change already on its way to every socket and poll; neither waits for the other.
            if (touched.Count > 0)
            {
                Publish(new ActivityChange(
                    plan.Committed, previousHead == 0 ? null : ActivityState.FromMicros(previousHead), [.. touched]));
            }

            var activityAt = touched.Count > 0 ? plan.Committed : (DateTime?)null;
            foreach (var (request, recorded) in plan.Answers)
            {
                request.Completion.TrySetResult(
                    new AppendOutcome(AppendStatus.Recorded, recorded.Resolve(activityAt), []));
            }

            await SnapshotIfDueAsync();
        }
        catch (PostgresException exception) when (exception.IsIdempotencyConflict() && trustCheckedKeys)
        {
            // A key the caller found free was recorded in between (the same item sent twice at once). Nothing of
            // this write is applied: look every key up in the log and write again, answering repeats as such.
            await WriteAsync(requests, trustCheckedKeys: false);
        }
        catch (PostgresException exception) when (exception.IsSequenceConflict())
        {
            // Another activation wrote to this log (possible for a moment after a silo failure): take its
            // events on board and let the callers retry; idempotency keys make the retry safe.
            LogSequenceConflict(ProfileId, _version);
            await FailAllAsync(requests);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            // The commit may have reached the server before the connection failed; reading the log again
            // keeps the in-memory version true either way.
            LogAppendFailed(exception, ProfileId);
            await FailAllAsync(requests);
        }
        catch (Exception exception)
        {
            foreach (var request in requests)
            {
                request.Completion.TrySetException(exception);
            }
        }
    }

    /// <summary>
    /// The org and workspace above see these events in their searches at once: they are told before the
    /// append answers, so a client that records and then searches from above reads its own write.
    /// </summary>
    private async Task InvalidateAncestorsAsync()
    {
        try
        {
            await Task.WhenAll(Ancestors().Select(a =>
                GrainFactory.GetProfile(a).InvalidateSearchesAsync()));
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            // The events are committed; the ancestor's cache expires within its ten seconds regardless.
            LogAncestorNotUpdated(exception, ProfileId);
        }
    }

    /// <summary>
    /// Other profiles whose searches can include these events, told within a few milliseconds: the users who
    /// did them or whom they concern, and the owners of parent events.
    /// </summary>
    private static IEnumerable<string> SearchersOf(List<StoredEvent> events)
    {
        foreach (var e in events)
        {
            yield return e.CallingUserId;
            if (e.UserId is { } user)
            {
                yield return user;
            }

            if (e.ParentEventId is { } parent && EventIds.TryGetProfile(parent, out var parentOwner))
            {
                yield return parentOwner;
            }
        }
    }

    private async Task FailAllAsync(List<AppendRequest> requests)
    {
        await TryReloadAsync();
        foreach (var request in requests)
        {
            request.Completion.TrySetResult(AppendOutcome.DataStoreFailed);
        }
    }

    /// <summary>
    /// A share belongs to its workspace's org too, though share_created names only the workspace: the org is
    /// read from the workspace once, at creation, so every event of the share carries it and org searches
    /// find them.
    /// </summary>
    private async Task ResolveShareOrgAsync(List<AppendRequest> requests)
    {
        foreach (var request in requests)
        {
            for (var i = 0; i < request.Items.Count; i++)
            {
                var item = request.Items[i];
                if (item.Event != "share_created" || item.OrgId is not null || item.WorkspaceId is null)
                {
                    continue;
                }

                var workspace = await GrainFactory.GetProfile(item.WorkspaceId).GetDirectoryEntryAsync();
                if (workspace.Kind == ProfileKind.Workspace && workspace.OrgId is not null)
                {
                    request.Items[i] = item with { OrgId = workspace.OrgId };
                }
            }
        }
    }

    /// <summary>Items whose idempotency key is already in the log, by key.</summary>
    /// <summary>
    /// The requests' idempotency keys already in the log. Keys the caller checked just before (the ingestion grain
    /// looks up a whole batch in one query) are taken from it, so a batch spread over many profiles costs one
    /// lookup, not one per profile; the unique index on the key catches one recorded in between.
    /// </summary>
    private async Task<Dictionary<string, (string EventId, DateTime Created)>> FindRecordedAsync(
        List<AppendRequest> requests, bool trustCheckedKeys)
    {
        var found = new Dictionary<string, (string EventId, DateTime Created)>(StringComparer.Ordinal);
        var toLookUp = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (trustCheckedKeys && request.CheckedKeys is { } checkedKeys)
            {
                foreach (var recorded in checkedKeys)
                {
                    found[recorded.Key] = (recorded.EventId, recorded.Created);
                }

                continue;
            }

            foreach (var item in request.Items)
            {
                if (item.IdempotencyKey is { } key)
                {
                    toLookUp.Add(key);
                }
            }
        }

        if (toLookUp.Count > 0)
        {
            foreach (var (key, recorded) in await log.FindByIdempotencyKeysAsync(toLookUp, CancellationToken.None))
            {
                found[key] = recorded;
            }
        }

        return found;
    }

    /// <summary>
    /// Decides what each request records: invalid requests are answered at once and take no sequence
    /// numbers; valid ones get consecutive numbers after the current version, in queue order.
    /// </summary>
    private WritePlan PlanWrite(
        List<AppendRequest> requests, Dictionary<string, (string EventId, DateTime Created)> known)
    {
        var committedMicros = _state.Activity.NextCommitTime(DateTime.UtcNow);
        var plan = new WritePlan(committedMicros, ActivityState.FromMicros(committedMicros));
        var check = DirectoryCheck.Of(_state);
        var writtenByKey = new Dictionary<string, StoredEvent>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var problems = new List<InputProblem>();
            var attempt = check;
            var fresh = new List<IngestItem>();
            foreach (var item in request.Items)
            {
                if (item.IdempotencyKey is { } key && (known.ContainsKey(key) || writtenByKey.ContainsKey(key)))
                {
                    continue;
                }

                attempt.Check(item, problems);
                fresh.Add(item);
            }

            if (problems.Count > 0)
            {
                request.Completion.TrySetResult(AppendOutcome.Invalid(problems));
                continue;
            }

            var answer = new RecordedAnswer();
            foreach (var item in request.Items)
            {
                if (item.IsActivityOnly)
                {
                    plan.ExplicitKeys.UnionWith(item.Activity!);
                    answer.AddActivityOnly(item.Index, plan.Committed);
                    check.Check(item, problems);
                    continue;
                }

                if (item.IdempotencyKey is { } key && known.TryGetValue(key, out var first))
                {
                    answer.Add(item.Index, first.EventId, first.Created);
                    continue;
                }

                if (item.IdempotencyKey is { } repeated && writtenByKey.TryGetValue(repeated, out var earlier))
                {
                    answer.Add(item.Index, earlier);
                    continue;
                }

                // The hierarchy as this item meets it: a workspace created earlier in the same write counts.
                check.Check(item, problems);
                var stored = ToStoredEvent(item, _version + plan.Events.Count + 1, plan.Committed, check);
                plan.Events.Add(stored);
                plan.ExplicitKeys.UnionWith(item.Activity ?? []);
                answer.Add(item.Index, stored);
                if (item.IdempotencyKey is { } newKey)
                {
                    writtenByKey[newKey] = stored;
                }

                if (ProfileState.MemberChangeOf(stored) is { } change)
                {
                    plan.Members.Add(change);
                }
            }

            plan.Answers.Add((request, answer));
        }

        if (plan.ExplicitKeys.Count > 0)
        {
            plan.Mark = new ActivityMark(ProfileId, plan.Committed, [.. plan.ExplicitKeys]);
        }

        return plan;
    }

    private StoredEvent ToStoredEvent(IngestItem item, long sequence, DateTime committed, DirectoryCheck hierarchy)
    {
        EventCatalog.TryGet(item.Event, out var definition);
        var visibility = EventLevels.TryParseVisibility(item.Visibility, out var v) ? v : definition.Visibility;
        var permission = EventLevels.TryParsePermission(item.Permission, out var p) ? p : definition.Permission;
        var details = IngestDetails.Read(item.DetailsJson);
        ProfileRoles.TryParse(details.Role, out var role);
        var (kind, _) = IngestItemValidator.OwnerKindOf(item);
        var orgId = item.OrgId ?? (kind is ProfileKind.Workspace or ProfileKind.Share ? hierarchy.OrgId : null);
        var workspaceId = item.WorkspaceId ?? (kind is ProfileKind.Share ? hierarchy.WorkspaceId : null);

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

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Append to profile {ProfileId} failed")]
    private partial void LogAppendFailed(Exception exception, string profileId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Profile {ProfileId} found its log ahead of version {Version}; reloaded")]
    private partial void LogSequenceConflict(string profileId, long version);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning,
        Message = "Profile {ProfileId} could not tell the profiles above it to drop cached searches")]
    private partial void LogAncestorNotUpdated(Exception exception, string profileId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Snapshot of profile {ProfileId} failed")]
    private partial void LogSnapshotFailed(Exception exception, string profileId);

    private sealed record AppendRequest(List<IngestItem> Items, IReadOnlyList<RecordedKey>? CheckedKeys)
    {
        public TaskCompletionSource<AppendOutcome> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WritePlan(long committedMicros, DateTime committed)
    {
        /// <summary>The commit time every event and key of this write carries, strictly after the last one.</summary>
        public long CommittedMicros { get; } = committedMicros;

        public DateTime Committed { get; } = committed;

        /// <summary>Keys the items set directly, besides those their events touch.</summary>
        public HashSet<string> ExplicitKeys { get; } = new(StringComparer.Ordinal);

        public ActivityMark? Mark { get; set; }

        public List<StoredEvent> Events { get; } = [];
        public List<MemberChange> Members { get; } = [];
        public List<(AppendRequest Request, RecordedAnswer Recorded)> Answers { get; } = [];
    }

    /// <summary>One request's answer, item by item; event IDs of new events are known before the commit.</summary>
    private sealed class RecordedAnswer
    {
        private readonly List<(RecordedEvent Recorded, bool NewInThisWrite)> _recorded = [];

        /// <summary>An item answered from an earlier recording: no activity time of its own.</summary>
        public void Add(int index, string eventId, DateTime created) =>
            _recorded.Add((new RecordedEvent(index, eventId, created), false));

        public void Add(int index, StoredEvent stored) =>
            _recorded.Add((new RecordedEvent(index, stored.EventId, stored.Created), true));

        public void AddActivityOnly(int index, DateTime committed) =>
            _recorded.Add((new RecordedEvent(index, null, committed), true));

        public IReadOnlyList<RecordedEvent> Resolve(DateTime? activityAt) =>
            [.. _recorded.Select(r => r.NewInThisWrite ? r.Recorded with { ActivityAt = activityAt } : r.Recorded)];
    }
}
