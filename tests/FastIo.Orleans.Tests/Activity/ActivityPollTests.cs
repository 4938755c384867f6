using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityCalls;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>Long-polling: microsecond timestamps, strictly-newer changes, whole commits, waits and resumes.</summary>
[Collection(ProductCollection.Name)]
public sealed class ActivityPollTests(ProductStack stack)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Poll_CommitTime_KeepsAllSixDigitsAndCountsOnlyStrictlyNewer()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.WorkspaceMember);

        var at = (await stack.IngestWithTimesAsync(File(world, "f1")))[0]!;
        var (_, changed) = await stack.PollAsync(world.WorkspaceMember, world.WorkspaceId,
            $"updated&lastactivity={Escape(before)}");
        var (_, same) = await stack.PollAsync(world.WorkspaceMember, world.WorkspaceId,
            $"updated&lastactivity={Escape(at)}");
        var oneMicrosecondEarlier = Format(Parse(at).AddTicks(-10));
        var (_, earlier) = await stack.PollAsync(world.WorkspaceMember, world.WorkspaceId,
            $"updated&lastactivity={Escape(oneMicrosecondEarlier)}");
        var iso = Parse(at).AddTicks(-10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'",
            CultureInfo.InvariantCulture);
        var (_, isoSpelling) = await stack.PollAsync(world.WorkspaceMember, world.WorkspaceId,
            $"updated&lastactivity={Escape(iso)}");

        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC$", at);
        Assert.Equal(new Dictionary<string, string> { ["storage"] = at, ["storage:f1"] = at }, Keys(changed));
        Assert.Equal(at, changed["lastactivity"]!.GetValue<string>());
        Assert.Empty(Keys(same));
        Assert.Equal(at, Keys(earlier)["storage:f1"]);
        Assert.Equal(Keys(earlier), Keys(isoSpelling));
    }

    [Fact]
    public async Task Poll_KeysCommittedTogether_AnsweredTogetherWithOneTimestamp()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        var waiting = stack.PollAsync(world.Owner, world.WorkspaceId, $"updated&wait=10&lastactivity={Escape(before)}");

        await stack.IngestAsync(File(world, "a"), File(world, "b"), File(world, "c"),
            Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, object_id: "a"));
        var (status, answer) = await waiting;

        var keys = Keys(answer);
        Assert.Equal(200, status);
        Assert.Equal(["comments", "comments:a", "storage", "storage:a", "storage:b", "storage:c"], keys.Keys.Order());
        Assert.Single(keys.Values.Distinct());
        Assert.Equal(keys.Count, answer["results"]!.GetValue<int>());
    }

    [Fact]
    public async Task Poll_Waiting_AnswersWithinAFractionOfTheWaitWhenAKeyChanges()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        var clock = Stopwatch.StartNew();
        var waiting = stack.PollAsync(world.Owner, world.WorkspaceId, $"updated&wait=20&lastactivity={Escape(before)}");

        // A request sent after the poll and answered: the poll has had that round trip to reach its wait, and with
        // nothing changed it must still be waiting.
        var (_, meanwhile) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(before)}");
        Assert.Empty(Keys(meanwhile));
        Assert.False(waiting.IsCompleted, "the poll answered before anything changed");

        await stack.IngestAsync(File(world, "late"));
        var ingested = clock.Elapsed;
        var (_, answer) = await waiting;
        var answered = clock.Elapsed;

        Assert.Contains("storage:late", Keys(answer).Keys);
        Assert.True(answered - ingested < TimeSpan.FromSeconds(1), $"answered {answered - ingested} after the change");
    }

    [Fact]
    public async Task Poll_NothingChanges_AnswersEmptyArrayWhenTheWaitEnds()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        var clock = Stopwatch.StartNew();

        var (status, answer) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"wait=1&lastactivity={Escape(before)}");

        Assert.Equal(200, status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        Assert.Equal(0, answer["results"]!.GetValue<int>());
        Assert.IsType<JsonArray>(answer["activity"]);
        Assert.NotNull(answer["lastactivity"]);
    }

    [Fact]
    public async Task Poll_WithoutLastActivityOrUpdated_AnswersTheStatusAtOnce()
    {
        var world = await CreateAsync(stack);
        var at = (await stack.IngestWithTimesAsync(File(world, "f1")))[0]!;
        var clock = Stopwatch.StartNew();

        var (status, answer) = await stack.PollAsync(world.Owner, world.WorkspaceId, "wait=30");

        Assert.Equal(200, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
        var keys = Keys(answer);
        Assert.Equal(at, keys["storage"]);
        Assert.Contains("members", keys.Keys);
        Assert.DoesNotContain("storage:f1", keys.Keys);
        Assert.Equal(at, answer["lastactivity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poll_ProfileThatNeverChanged_GivesACursorThatSeesItsFirstChange()
    {
        var user = Ids.Next();

        var (status, first) = await stack.PollAsync(user, query: "updated&wait=0");
        var cursor = first["lastactivity"]?.GetValue<string>();
        Assert.Equal(200, status);
        Assert.Equal("1970-01-01 00:00:00.000000 UTC", cursor);
        var waiting = stack.PollAsync(user, query: $"updated&wait=20&lastactivity={Escape(cursor!)}");
        await stack.IngestAsync(Event("user_created", user, user_id: user));
        var (_, next) = await waiting;

        Assert.Contains("settings", Keys(next).Keys);
        Assert.NotEqual(cursor, next["lastactivity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poll_ReturnedLastActivity_WaitsForTheNextChangeOnly()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        await stack.IngestAsync(File(world, "first"));
        var (_, first) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(before)}");
        var cursor = first["lastactivity"]!.GetValue<string>();

        var (_, nothingNew) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&wait=1&lastactivity={Escape(cursor)}");
        var next = stack.PollAsync(world.Owner, world.WorkspaceId, $"updated&wait=10&lastactivity={Escape(cursor)}");
        await stack.IngestAsync(File(world, "second"));
        var (_, second) = await next;

        Assert.Empty(Keys(nothingNew));
        Assert.Equal(["storage", "storage:second"], Keys(second).Keys.Order());
    }

    [Fact]
    public async Task Poll_OldLastActivity_ReturnsEveryKeyChangedSinceInOneAnswer()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        await stack.IngestAsync(File(world, "x"));
        await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, object_id: "x"));
        await stack.IngestAsync(Event("added_member_to_workspace", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.Outsider));

        var (_, answer) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&wait=5&lastactivity={Escape(before)}");

        Assert.Equal(["comments", "comments:x", "member:" + world.Outsider, "members", "storage", "storage:x"],
            Keys(answer).Keys.Order());
        Assert.Null(answer["recovered"]);
    }

    [Fact]
    public async Task Poll_WithoutUpdated_AlsoReturnsUnchangedProfileLevelKeys()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        await stack.IngestAsync(File(world, "y"));

        var (_, full) = await stack.PollAsync(world.Owner, world.WorkspaceId, $"lastactivity={Escape(before)}");
        var (_, filtered) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"fields=members,storage:y&lastactivity={Escape(before)}");
        var (_, unrelated) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&fields=comments&lastactivity={Escape(before)}");

        Assert.Superset(new HashSet<string> { "members", "settings", "storage", "storage:y" },
            Keys(full).Keys.ToHashSet());
        Assert.Equal(["members", "storage:y"], Keys(filtered).Keys.Order());
        Assert.Empty(Keys(unrelated));
    }

    [Fact]
    public async Task Poll_PerObjectKeysBeyondTheBound_OldPointIsToldRecoveredFalse()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        await stack.IngestAsync([.. Enumerable.Range(0, 600).Select(i => File(world, $"n{i}"))]);
        var (_, middle) = await stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        await stack.IngestAsync([.. Enumerable.Range(600, 600).Select(i => File(world, $"n{i}"))]);

        var (_, old) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&wait=5&lastactivity={Escape(before)}");
        var (_, recent) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(middle["lastactivity"]!.GetValue<string>())}");

        Assert.False(old["recovered"]!.GetValue<bool>());
        Assert.Equal(1000, Keys(old).Keys.Count(k => k.StartsWith("storage:", StringComparison.Ordinal)));
        Assert.Null(recent["recovered"]);
        Assert.Equal(601, Keys(recent).Count);
    }

    [Fact]
    public async Task Poll_WaitingWithFields_OnlyASelectedKeyEndsTheWait()
    {
        var world = await CreateAsync(stack);
        var before = await CursorAsync(world.WorkspaceId, world.Owner);
        var waiting = stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&fields=comments&wait=10&lastactivity={Escape(before)}");

        await stack.IngestAsync(File(world, "ignored"));
        await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId,
            object_id: "c1"));
        var (_, answer) = await waiting;

        Assert.Equal(["comments", "comments:c1"], Keys(answer).Keys.Order());
    }

    [Fact]
    public async Task Poll_ScopedToken_ReachesOnlyTheProfilesItsScopeNames()
    {
        var world = await CreateAsync(stack);
        var scoped = Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r");

        var (inScope, _) = await stack.GetAsync($"/current/activity/poll/{world.WorkspaceId}/", scoped);
        var (outOfScope, _) = await stack.GetAsync($"/current/activity/poll/{world.OrgId}/", scoped);
        var (ownWithoutUserScope, _) = await stack.GetAsync("/current/activity/poll/", scoped);

        Assert.Equal([200, 400, 400], new[] { inScope, outOfScope, ownWithoutUserScope });
    }

    [Fact]
    public async Task Poll_AccessRules_FollowTheApiText()
    {
        var world = await CreateAsync(stack);
        var closedShare = Ids.Next();
        await stack.IngestAsync(
            Event("share_created", world.Owner, workspace_id: world.WorkspaceId, share_id: closedShare,
                details: new { multiplayer = false }),
            Event("added_member_to_share", world.Owner, share_id: closedShare, user_id: world.ShareMember));

        var answers = new[]
        {
            await stack.PollAsync(world.WorkspaceMember, world.WorkspaceId),
            await stack.PollAsync(world.OrgAdmin, world.OrgId),
            await stack.PollAsync(world.ShareMember, world.ShareId),
            await stack.PollAsync(world.Outsider, world.Outsider),
            await stack.PollAsync(world.Outsider),
            await stack.PollAsync(world.Outsider, world.WorkspaceId),
            await stack.PollAsync(world.ShareMember, closedShare),
            await stack.PollAsync(world.Outsider, world.Owner),
            await stack.PollAsync(world.Outsider, Ids.Next()),
            await stack.PollAsync(world.Outsider, "12345"),
        };

        Assert.Equal([200, 200, 200, 200, 200, 400, 400, 400, 400, 400], answers.Select(a => a.Status));
        Assert.All(answers[5..], a => Assert.Equal("APP_ERROR_INPUT_INVALID",
            a.Response["error"]!["error_code"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("wait=96", "wait")]
    [InlineData("wait=-1", "wait")]
    [InlineData("wait=soon", "wait")]
    [InlineData("lastactivity=yesterday", "lastactivity")]
    [InlineData("lastactivity=9999-12-31%2023:59:59.999999", "lastactivity")]
    [InlineData("fields=storage,bogus", "fields")]
    [InlineData("fields=storage,", "fields")]
    [InlineData("fields=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,aa,bb,cc,dd,ee", "fields")]
    public async Task Poll_InvalidParameter_RefusedNamingIt(string query, string parameter)
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.PollAsync(world.Owner, world.WorkspaceId, query);

        Assert.Equal(400, status);
        Assert.Equal(parameter, body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poll_UploadInAWorkspace_TouchesTheUploadersOwnProfileOnly()
    {
        var world = await CreateAsync(stack);
        var mine = await CursorAsync(world.WorkspaceMember, world.WorkspaceMember);
        var theirs = await CursorAsync(world.WorkspaceId, world.Owner);

        await stack.IngestAsync(Event("upload_completed", world.WorkspaceMember, workspace_id: world.WorkspaceId,
            object_id: "up1"));
        var (_, own) = await stack.PollAsync(world.WorkspaceMember, null,
            $"updated&wait=5&lastactivity={Escape(mine)}");
        var (_, workspace) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(theirs)}");

        Assert.Equal(["upload", "upload:up1"], Keys(own).Keys.Order());
        Assert.Empty(Keys(workspace));
    }

    private async Task<string> CursorAsync(string profileId, string user)
    {
        var (status, answer) = await stack.PollAsync(user, profileId, "wait=0");
        Assert.Equal(200, status);
        return answer["lastactivity"]?.GetValue<string>() ?? "2000-01-01 00:00:00.000000 UTC";
    }

    internal static Dictionary<string, object?> File(World world, string objectId) =>
        Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId, object_id: objectId);

    private static DateTime Parse(string activity) => DateTime.ParseExact(activity, "yyyy-MM-dd HH:mm:ss.ffffff 'UTC'",
        CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Format(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + " UTC";
}
