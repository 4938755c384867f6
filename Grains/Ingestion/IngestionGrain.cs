using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Grains.Profiles;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using Orleans.Concurrency;

namespace FastIo.Orleans.Grains.Ingestion;

/// <summary>
/// Validates a whole batch before any of it is recorded, then hands each profile its items in one call.
/// Each profile's part commits atomically; a batch spanning profiles that fails part-way answers a
/// data-store error, and the client's retry with the same idempotency keys records only what is missing.
/// </summary>
[StatelessWorker]
[Reentrant] // holds no state between calls: a busy gateway's batches should not queue behind each other
public sealed class IngestionGrain(EventLogStore log, ProfileDirectoryCache directory) : Grain, IIngestionGrain
{
    public async Task<AppendOutcome> IngestAsync(IngestBatch batch)
    {
        var items = batch.Items;
        var problems = new List<InputProblem>();
        foreach (var item in items)
        {
            IngestItemValidator.Validate(item, problems);
        }

        if (problems.Count > 0)
        {
            return AppendOutcome.Invalid(problems);
        }

        await CheckParentsAsync(items, problems);
        if (problems.Count > 0)
        {
            return AppendOutcome.Invalid(problems);
        }

        items = await WithShareOrgsAsync(items);
        var (unique, repeats) = SplitRepeatedKeys(items);
        var alreadyRecorded = await FindRecordedAsync(unique);
        var uploads = UploadKeysForUploaders(unique, alreadyRecorded);
        var groups = unique.Concat(uploads).GroupBy(IngestItemValidator.OwnerOf, StringComparer.Ordinal)
            .Select(g => (Grain: GrainFactory.GetProfile(g.Key), Items: g.ToList()))
            .ToList();

        var entries = await Task.WhenAll(groups.Select(g => EntryOfAsync(g.Grain)));
        for (var i = 0; i < groups.Count; i++)
        {
            var check = DirectoryCheck.Of(entries[i]);
            var groupProblems = new List<InputProblem>();
            foreach (var item in groups[i].Items.Where(item =>
                item.IdempotencyKey is null || !alreadyRecorded.ContainsKey(item.IdempotencyKey)))
            {
                check.Check(item, groupProblems);
            }

            // Upload keys for an uploader are a courtesy: if the caller's ID is not a user, they are left out.
            if (groupProblems.Any(p => IsDerived(p.Name)))
            {
                groups[i].Items.RemoveAll(item => item.Index < 0);
            }

            problems.AddRange(groupProblems.Where(p => !IsDerived(p.Name)));
        }

        if (problems.Count > 0)
        {
            return AppendOutcome.Invalid([.. problems.OrderBy(p => p.Name, StringComparer.Ordinal)]);
        }

        var outcomes = await Task.WhenAll(
            groups.Where(g => g.Items.Count > 0)
                .Select(g => g.Grain.AppendAsync(g.Items, CheckedKeysOf(g.Items, alreadyRecorded))));
        if (outcomes.FirstOrDefault(o => o.Status != AppendStatus.Recorded) is { } failed)
        {
            return failed;
        }

        var recorded = outcomes.SelectMany(o => o.Recorded).Where(r => r.Index >= 0).ToDictionary(r => r.Index);
        foreach (var (index, firstIndex) in repeats)
        {
            var first = recorded[firstIndex];
            recorded[index] = first with { Index = index };
        }

        return new AppendOutcome(AppendStatus.Recorded, [.. recorded.Values.OrderBy(r => r.Index)], []);
    }

    /// <summary>
    /// A workspace may only be created in an existing org, and a share in an existing workspace (or ones
    /// created earlier in the same batch): otherwise a user's ID given as a workspace would make that user an
    /// admin of the share.
    /// </summary>
    private async Task CheckParentsAsync(IReadOnlyList<IngestItem> items, List<InputProblem> problems)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var (parentId, parentKind, field) = item.Event switch
            {
                "workspace_created" => (item.OrgId, ProfileKind.Org, "org_id"),
                "share_created" => (item.WorkspaceId, ProfileKind.Workspace, "workspace_id"),
                _ => (null, ProfileKind.Unknown, string.Empty),
            };
            if (parentId is not null && !created.Contains(parentId)
                && (await EntryOfAsync(GrainFactory.GetProfile(parentId))).Kind != parentKind)
            {
                problems.Add(new InputProblem($"events[{item.Index}].{field}",
                    $"no {DirectoryCheck.Describe(parentKind)} with this ID exists"));
            }

            if (item.Event is "org_created" && item.OrgId is { } org)
            {
                created.Add(org);
            }
            else if (item.Event is "workspace_created" && item.WorkspaceId is { } workspace)
            {
                created.Add(workspace);
            }
        }
    }

    /// <summary>
    /// Gives share_created the org of its workspace, from the same batch when the workspace is created
    /// there, else from the workspace itself, so every event of the share is found from the org.
    /// </summary>
    private async Task<IReadOnlyList<IngestItem>> WithShareOrgsAsync(IReadOnlyList<IngestItem> items)
    {
        if (!items.Any(i => i.Event == "share_created" && i.OrgId is null))
        {
            return items;
        }

        var orgOfNewWorkspace = items.Where(i => i.Event == "workspace_created" && i.WorkspaceId is not null)
            .GroupBy(i => i.WorkspaceId!).ToDictionary(g => g.Key, g => g.First().OrgId, StringComparer.Ordinal);
        var resolved = new List<IngestItem>(items.Count);
        foreach (var item in items)
        {
            if (item.Event != "share_created" || item.OrgId is not null || item.WorkspaceId is not { } workspace)
            {
                resolved.Add(item);
                continue;
            }

            var orgId = orgOfNewWorkspace.TryGetValue(workspace, out var inBatch)
                ? inBatch
                : (await EntryOfAsync(GrainFactory.GetProfile(workspace))).OrgId;
            resolved.Add(item with { OrgId = orgId });
        }

        return resolved;
    }

    /// <summary>A profile's directory entry, from the cache when the profile is known to exist.</summary>
    private async Task<ProfileDirectoryEntry> EntryOfAsync(IProfileGrain grain)
    {
        var profileId = grain.GetPrimaryKeyString();
        if (directory.TryGet(profileId, out var cached))
        {
            return cached;
        }

        var entry = await grain.GetDirectoryEntryAsync();
        directory.Remember(profileId, entry);
        return entry;
    }

    /// <summary>
    /// Upload events recorded in a shared profile also set <c>upload</c> and <c>upload:{object_id}</c> on the
    /// uploader's own user profile, where the uploader polls for progress. These extra items carry negative
    /// indexes, so they never show in the answer.
    /// </summary>
    private static List<IngestItem> UploadKeysForUploaders(
        List<IngestItem> items, Dictionary<string, RecordedKey> alreadyRecorded)
    {
        var derived = new List<IngestItem>();
        foreach (var item in items)
        {
            if (!EventCatalog.TryGet(item.Event, out var definition)
                || !ActivityKeyMap.GoesToUploader(definition.Subcategory)
                || IngestItemValidator.OwnerOf(item) == item.CallingUserId
                || (item.IdempotencyKey is { } key && alreadyRecorded.ContainsKey(key)))
            {
                continue;
            }

            var visibility = EventLevels.TryParseVisibility(item.Visibility, out var v) ? v : definition.Visibility;
            var keys = ActivityKeyMap.KeysOf(item.Event!, definition.Subcategory, visibility, item.ObjectId, null);
            if (keys.Count == 0)
            {
                continue;
            }

            derived.Add(new IngestItem { Index = -1 - item.Index, UserId = item.CallingUserId, Activity = keys });
        }

        return derived;
    }

    private static bool IsDerived(string problemName) => problemName.StartsWith("events[-", StringComparison.Ordinal);

    /// <summary>Keys already in the log: their items are answered, not checked again against current state.</summary>
    /// <summary>The batch's idempotency keys already in the log, in one query for the whole batch.</summary>
    private async Task<Dictionary<string, RecordedKey>> FindRecordedAsync(IReadOnlyList<IngestItem> items)
    {
        var keys = items.Where(i => i.IdempotencyKey is not null).Select(i => i.IdempotencyKey!).ToArray();
        if (keys.Length == 0)
        {
            return [];
        }

        var found = await log.FindByIdempotencyKeysAsync(keys, CancellationToken.None);
        return found.ToDictionary(
            f => f.Key, f => new RecordedKey(f.Key, f.Value.EventId, f.Value.Created), StringComparer.Ordinal);
    }

    /// <summary>What the lookup found of these items' keys: passed on, so the profile does not ask again.</summary>
    private static List<RecordedKey> CheckedKeysOf(List<IngestItem> items, Dictionary<string, RecordedKey> recorded)
    {
        var found = new List<RecordedKey>();
        foreach (var item in items)
        {
            if (item.IdempotencyKey is { } key && recorded.TryGetValue(key, out var known))
            {
                found.Add(known);
            }
        }

        return found;
    }

    /// <summary>A key repeated inside one batch is recorded once; later items get the first one's answer.</summary>
    private static (List<IngestItem> Unique, List<(int Index, int FirstIndex)> Repeats) SplitRepeatedKeys(
        IReadOnlyList<IngestItem> items)
    {
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<IngestItem>(items.Count);
        var repeats = new List<(int, int)>();
        foreach (var item in items)
        {
            if (item.IdempotencyKey is { } key)
            {
                if (firstByKey.TryGetValue(key, out var first))
                {
                    repeats.Add((item.Index, first));
                    continue;
                }

                firstByKey[key] = item.Index;
            }

            unique.Add(item);
        }

        return (unique, repeats);
    }
}
