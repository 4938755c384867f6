using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Search;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Profiles;

public sealed class ProfileGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private int _index;

    [Fact]
    public async Task Append_ThenDeactivate_RebuildsStateFromSnapshotAndTail()
    {
        var (owner, member, workspace) = (Ids.Next(), Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        await AppendAsync(grain, Item("workspace_created", owner, workspace_id: workspace));
        await AppendAsync(grain, [.. Enumerable.Range(0, 23)
            .Select(_ => Item("workspace_storage_file_added", owner, workspace_id: workspace))]);
        await AppendAsync(grain,
            Item("added_member_to_workspace", owner, workspace_id: workspace, user_id: member, role: "admin"));

        await DeactivateAsync();
        var access = await grain.GetAccessAsync(member);
        var next = await AppendAsync(grain, Item("comment_created", member, workspace_id: workspace));

        Assert.Equal(ProfileKind.Workspace, access.Kind);
        Assert.Equal(ProfileRole.Admin, access.Role);
        Assert.EndsWith("000000000026", next.Recorded[0].EventId);
    }

    [Fact]
    public async Task Access_OrgAdmin_IsAdminOfWorkspacesAndSharesBelow()
    {
        var (owner, admin, member) = (Ids.Next(), Ids.Next(), Ids.Next());
        var (org, workspace, share) = (Ids.Next(), Ids.Next(), Ids.Next());
        await AppendAsync(fixture.Grains.GetProfile(org),
            Item("org_created", owner, org_id: org),
            Item("added_member_to_org", owner, org_id: org, user_id: admin, role: "admin"),
            Item("added_member_to_org", owner, org_id: org, user_id: member));
        await AppendAsync(fixture.Grains.GetProfile(workspace),
            Item("workspace_created", owner, org_id: org, workspace_id: workspace));
        await AppendAsync(fixture.Grains.GetProfile(share),
            Item("share_created", owner, workspace_id: workspace, share_id: share));

        var adminOnShare = await fixture.Grains.GetProfile(share).GetAccessAsync(admin);
        var memberOnWorkspace = await fixture.Grains.GetProfile(workspace).GetAccessAsync(member);
        var ownerOnShare = await fixture.Grains.GetProfile(share).GetAccessAsync(owner);

        Assert.Equal(ProfileRole.Admin, adminOnShare.Role);
        Assert.Equal(ProfileRole.None, memberOnWorkspace.Role);
        Assert.Equal(ProfileRole.Owner, ownerOnShare.Role);
    }

    [Fact]
    public async Task Append_RemovedMember_LosesAccessAndSearchIsDenied()
    {
        var (owner, member, workspace) = (Ids.Next(), Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        await AppendAsync(grain,
            Item("workspace_created", owner, workspace_id: workspace),
            Item("added_member_to_workspace", owner, workspace_id: workspace, user_id: member),
            Item("removed_member_from_workspace", owner, workspace_id: workspace, user_id: member));

        var search = await grain.SearchAsync(new EventQuery { CallerId = member });

        Assert.Equal(SearchStatus.Denied, search.Status);
    }

    [Fact]
    public async Task Append_IdempotencyKeySeenBefore_AnswersFirstEventAndAppendsNothing()
    {
        var (owner, workspace) = (Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        var created = Item("workspace_created", owner, workspace_id: workspace)
            with { IdempotencyKey = "create-" + workspace };

        var first = await AppendAsync(grain, created);
        var again = await AppendAsync(grain, created);
        var next = await AppendAsync(grain, Item("comment_created", owner, workspace_id: workspace));

        Assert.Equal(first.Recorded[0].EventId, again.Recorded[0].EventId);
        Assert.EndsWith("000000000002", next.Recorded[0].EventId);
    }

    [Fact]
    public async Task Append_CallerFoundTheKeyFreeButItIsRecorded_AnswersFirstEventAndAppendsNothing()
    {
        var (owner, workspace) = (Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        await AppendAsync(grain, Item("workspace_created", owner, workspace_id: workspace));
        var comment = Item("comment_created", owner, workspace_id: workspace)
            with { IdempotencyKey = "c-" + workspace };
        var first = await AppendAsync(grain, comment);

        // The caller's lookup is stale: it says the key is free. The log's unique key says otherwise.
        var again = await grain.AppendAsync([comment], checkedKeys: []);
        var next = await AppendAsync(grain, Item("comment_created", owner, workspace_id: workspace));

        Assert.Equal(AppendStatus.Recorded, again.Status);
        Assert.Equal(first.Recorded[0].EventId, again.Recorded[0].EventId);
        Assert.EndsWith("000000000003", next.Recorded[0].EventId);
    }

    [Fact]
    public async Task Append_EventInProfileNotYetCreated_IsRefusedNamingTheField()
    {
        var grain = fixture.Grains.GetProfile(Ids.Next());

        var outcome = await grain.AppendAsync(
            [Item("comment_created", Ids.Next(), share_id: grain.GetPrimaryKeyString())]);
        var entry = await grain.GetDirectoryEntryAsync();

        Assert.Equal(AppendStatus.Invalid, outcome.Status);
        Assert.Equal($"events[{_index - 1}].share_id", Assert.Single(outcome.Problems).Name);
        Assert.Equal(ProfileKind.Unknown, entry.Kind);
    }

    [Fact]
    public async Task Append_ConcurrentRequests_CommitInGroupsWithConsecutiveSequences()
    {
        var (owner, workspace) = (Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        await AppendAsync(grain, Item("workspace_created", owner, workspace_id: workspace));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            grain.AppendAsync([
                Item("comment_created", owner, workspace_id: workspace),
                Item("comment_created", owner, workspace_id: workspace),
            ])));

        var ids = outcomes.SelectMany(o => o.Recorded).Select(r => r.EventId).Order(StringComparer.Ordinal).ToList();
        Assert.All(outcomes, o => Assert.Equal(AppendStatus.Recorded, o.Status));
        Assert.Equal(Enumerable.Range(2, 40).Select(n => $"e{workspace}{n:D12}"), ids);
    }

    [Fact]
    public async Task Search_OwnEvents_DoneAndReceivedInterleaved_PageInOrderOnceEach()
    {
        var (user, owner, workspace) = (Ids.Next(), Ids.Next(), Ids.Next());
        var start = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var own = fixture.Grains.GetProfile(user);
        var room = fixture.Grains.GetProfile(workspace);
        var recorded = new List<string>();
        recorded.AddRange((await AppendAsync(own, Item("user_created", user, user_id: user) with
        {
            OccurredAt = start,
        })).Recorded.Select(r => r.EventId!));
        await AppendAsync(room, Item("workspace_created", owner, workspace_id: workspace));
        for (var i = 1; i <= 6; i++)
        {
            // Done by the user and done to the user, alternating in time, so pages take from both halves.
            var item = i % 2 == 0
                ? Item("comment_created", user, workspace_id: workspace)
                : Item(i == 1 ? "added_member_to_workspace" : "membership_updated", owner, workspace_id: workspace,
                    user_id: user, role: i == 1 ? "member" : "admin");
            recorded.AddRange((await AppendAsync(room, item with { OccurredAt = start.AddMinutes(i) }))
                .Recorded.Select(r => r.EventId!));
        }

        await room.AcknowledgeAsync(recorded[2], user);
        var paged = new List<string>();
        for (var offset = 0; ; offset += 2)
        {
            var page = await own.SearchAsync(new EventQuery
            {
                CallerId = user, Acknowledged = false, Limit = 2, Offset = offset,
            });
            paged.AddRange(page.Events.Select(e => e.EventId));
            if (page.Events.Count < 2)
            {
                break;
            }
        }

        var expected = recorded.Where((_, i) => i != 2).Reverse().ToList();
        Assert.Equal(expected, paged);
    }

    [Fact]
    public async Task Search_OwnEvents_LargestOffset_AnswersAnEmptyPage()
    {
        // The user search's halves read limit + offset rows each: that sum must not overflow to a negative LIMIT.
        var user = Ids.Next();
        var own = fixture.Grains.GetProfile(user);
        await AppendAsync(own, Item("user_created", user, user_id: user));

        var page = await own.SearchAsync(new EventQuery { CallerId = user, Limit = 250, Offset = int.MaxValue });

        Assert.Equal(SearchStatus.Found, page.Status);
        Assert.Empty(page.Events);
    }

    private async Task<AppendOutcome> AppendAsync(IProfileGrain grain, params IngestItem[] items)
    {
        var outcome = await grain.AppendAsync(items);
        Assert.True(outcome.Status == AppendStatus.Recorded, string.Join("; ", outcome.Problems));
        return outcome;
    }

    /// <summary>Collects every idle activation, so the next call activates the profile from storage.</summary>
    private Task DeactivateAsync() =>
        fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private IngestItem Item(
        string name, string caller, string? org_id = null, string? workspace_id = null, string? share_id = null,
        string? user_id = null, string? role = null) => new()
    {
        Index = _index++,
        Event = name,
        CallingUserId = caller,
        CallingUserName = "Test",
        OrgId = org_id,
        WorkspaceId = workspace_id,
        ShareId = share_id,
        UserId = user_id,
        DetailsJson = role is null ? null : $"{{\"role\":\"{role}\"}}",
    };
}
