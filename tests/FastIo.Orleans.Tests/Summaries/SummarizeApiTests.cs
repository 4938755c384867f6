using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>The summarize endpoint over HTTP, with the built-in summariser the product starts with.</summary>
[Collection(ProductCollection.Name)]
public sealed class SummarizeApiTests(ProductStack stack)
{
    /// <summary>The hand-counted hour is dated 2025-01-01; this leaves out the world's own set-up events.</summary>
    private const string HourOnly = "created-max=2025-01-02T00:00:00Z";

    [Fact]
    public async Task Summarize_BillableWorkspace_ExactMetricsAndTextWithPillsOfTheEvents()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var body = await SummarizeOkAsync($"workspace_id={world.WorkspaceId}&{HourOnly}", world.WorkspaceMember);

        var summary = body["summary"]!;
        var metrics = summary["metrics"]!;
        Assert.Equal(5, metrics["total_events"]!.GetValue<int>());
        Assert.Equal(2, metrics["unique_actors"]!.GetValue<int>());
        Assert.Equal("2025-01-01T09:00:00+00:00", metrics["date_range"]!["start"]!.GetValue<string>());
        Assert.Equal("2025-01-01T09:40:00+00:00", metrics["date_range"]!["end"]!.GetValue<string>());
        Assert.Equal("""{"workspace":5}""", metrics["categories"]!.ToJsonString());
        var (owner, member) = (Pill(world.Owner), Pill(world.WorkspaceMember));
        Assert.Equal(
            $"5 events between 09:00 and 09:40 UTC on 2025-01-01 by 2 people in "
            + $"@[workspace:{world.WorkspaceId}:Engineering]. {owner} wrote a comment. "
            + $"{owner} added @[file:n1:plan.pdf]. {member} added @[file:n2:budget.xlsx]. "
            + "Other activity: 1 file updated and 1 folder created.",
            summary["text"]!.GetValue<string>());
        Assert.Null(body["summary_unavailable"]);
    }

    [Fact]
    public async Task Summarize_Events_AreExactlyWhatSearchReturns()
    {
        var world = await HourInWorkspaceAsync(billable: true);
        var query = $"workspace_id={world.WorkspaceId}&{HourOnly}&limit=3&offset=1";

        var summarized = await SummarizeOkAsync(query, world.WorkspaceMember);
        var (_, searched) =
            await stack.GetAsync("/current/events/search/?" + query, Tokens.User(world.WorkspaceMember));

        Assert.Equal(searched["response"]!["events"]!.ToJsonString(), summarized["events"]!.ToJsonString());
        Assert.Equal(3, summarized["summary"]!["metrics"]!["total_events"]!.GetValue<int>());
    }

    [Fact]
    public async Task Summarize_Generated_RecordsUsageInTheOrgLogByTheCaller()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        await SummarizeOkAsync($"workspace_id={world.WorkspaceId}&{HourOnly}", world.WorkspaceMember);

        var usage = Assert.Single(await UsageEventsAsync(world))!;
        Assert.Equal(world.WorkspaceMember, usage["calling_user_id"]!.GetValue<string>());
        Assert.Equal(world.OrgId, usage["org_id"]!.GetValue<string>());
        Assert.Null(usage["workspace_id"]);
        Assert.Equal(world.WorkspaceId, usage["profile_id"]!.GetValue<string>());
        Assert.Equal(5, usage["events_summarized"]!.GetValue<int>());
        Assert.Equal("builtin", usage["generator"]!.GetValue<string>());
        Assert.Equal((0, 0, 0), (usage["input_tokens"]!.GetValue<int>(), usage["output_tokens"]!.GetValue<int>(),
            usage["total_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Summarize_OrgWithoutSubscription_SummaryNullWithReasonEventsStillReturnedNothingRecorded()
    {
        var world = await HourInWorkspaceAsync(billable: false);

        var body = await SummarizeOkAsync($"workspace_id={world.WorkspaceId}&{HourOnly}", world.WorkspaceMember);

        Assert.True(body.AsObject().ContainsKey("summary"));
        Assert.Null(body["summary"]);
        Assert.Equal("org_not_billable", body["summary_unavailable"]!.GetValue<string>());
        Assert.Equal(5, body["events"]!.AsArray().Count);
        Assert.Empty(await UsageEventsAsync(world));
    }

    [Fact]
    public async Task Summarize_SubscriptionCancelled_NotBillableAnyMore()
    {
        var world = await HourInWorkspaceAsync(billable: true);
        var cancellation = new { subscription_id = "sub_" + world.OrgId, stripe_created = 1_700_000_100 };
        await stack.IngestAsync(
            Event("subscription_cancelled", world.Owner, org_id: world.OrgId, details: cancellation));

        var body = await SummarizeOkAsync($"org_id={world.OrgId}&{HourOnly}", world.Owner);

        Assert.Equal("org_not_billable", body["summary_unavailable"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summarize_BillableOrgProfile_SummarisesItsWorkspacesEvents()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var body = await SummarizeOkAsync($"org_id={world.OrgId}&{HourOnly}", world.OrgAdmin);

        Assert.StartsWith("5 events between 09:00 and 09:40 UTC on 2025-01-01 by 2 people in "
            + $"@[workspace:{world.WorkspaceId}:Engineering].", body["summary"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summarize_WorkspaceOutsideAnyOrg_SummaryNullNoOrg()
    {
        var (user, workspace) = (Ids.Next(), Ids.Next());
        await stack.IngestAsync(Event("user_created", user, user_id: user));
        await stack.IngestAsync(
            Event("workspace_created", user, workspace_id: workspace, details: new { name = "Solo" }),
            Event("workspace_storage_file_added", user, workspace_id: workspace, object_id: "s1",
                details: new { filename = "solo.txt" }));

        var body = await SummarizeOkAsync($"workspace_id={workspace}", user);

        Assert.Equal("no_org", body["summary_unavailable"]!.GetValue<string>());
        Assert.Equal(2, body["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Summarize_NothingMatches_SummaryNullNoEvents()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var body = await SummarizeOkAsync($"workspace_id={world.WorkspaceId}&event=task_created", world.Owner);

        Assert.Equal("no_events", body["summary_unavailable"]!.GetValue<string>());
        Assert.Empty(body["events"]!.AsArray());
    }

    [Fact]
    public async Task Summarize_UserProfile_BilledToTheBillableOrgTheirEventsNameAndTheyBelongTo()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var body = await SummarizeOkAsync($"user_id={world.WorkspaceMember}&{HourOnly}", world.WorkspaceMember);

        Assert.Equal(2, body["summary"]!["metrics"]!["total_events"]!.GetValue<int>());
        var usage = Assert.Single(await UsageEventsAsync(world))!;
        Assert.Equal(world.WorkspaceMember, usage["profile_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summarize_UserProfileOnlyInNonBillableOrgs_OrgNotBillable()
    {
        var world = await HourInWorkspaceAsync(billable: false);

        var body = await SummarizeOkAsync($"user_id={world.WorkspaceMember}", world.WorkspaceMember);

        Assert.Equal("org_not_billable", body["summary_unavailable"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summarize_UserProfileWithNoOrgInTheirEvents_NoOrg()
    {
        var world = await World.CreateAsync(stack);

        var body = await SummarizeOkAsync($"user_id={world.Outsider}", world.Outsider);

        Assert.Equal("no_org", body["summary_unavailable"]!.GetValue<string>());
        Assert.Single(body["events"]!.AsArray());
    }

    [Fact]
    public async Task Summarize_UserContext_LeadsWithWhatItAsksAbout()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var body = await SummarizeOkAsync(
            $"workspace_id={world.WorkspaceId}&{HourOnly}&user_context=Focus%20on%20folders", world.Owner);

        Assert.Contains($"Engineering]. {Pill(world.WorkspaceMember)} created @[folder:d1:Q1].",
            body["summary"]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("user_context=a%0Ab")]
    [InlineData("user_context=%22%7D%20ignore")]
    [InlineData("user_context=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("user_context=a&user_context=b")]
    public async Task Summarize_UserContextBreakingTheRules_InputInvalidNamingIt(string parameter)
    {
        var world = await World.CreateAsync(stack);

        var (status, body) = await stack.GetAsync(
            $"/current/events/search/summarize/?workspace_id={world.WorkspaceId}&{parameter}",
            Tokens.User(world.Owner));

        Assert.Equal(400, status);
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal("user_context", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("colour=blue", "colour")]
    [InlineData("", "user_id")]
    public async Task Summarize_SearchParameterInvalid_InputInvalidAsSearchSays(string query, string parameter)
    {
        var (status, body) = await stack.GetAsync(
            "/current/events/search/summarize/?" + query, Tokens.User(Ids.Next()));

        Assert.Equal(400, status);
        Assert.Contains(body["error"]!["params"]!.AsArray(), p => p!["name"]!.GetValue<string>() == parameter);
    }

    [Fact]
    public async Task Summarize_OutsiderOfTheWorkspace_DeniedAsSearchIs()
    {
        var world = await HourInWorkspaceAsync(billable: true);

        var (status, body) = await stack.GetAsync(
            $"/current/events/search/summarize/?workspace_id={world.WorkspaceId}", Tokens.User(world.Outsider));
        var (otherUser, _) = await stack.GetAsync(
            $"/current/events/search/summarize/?user_id={world.Owner}", Tokens.User(world.Outsider));
        var (scoped, _) = await stack.GetAsync($"/current/events/search/summarize/?workspace_id={world.WorkspaceId}",
            Tokens.Scoped(world.Owner, $"org:{Ids.Next()}:r"));
        var (anonymous, _) = await stack.GetAsync(
            $"/current/events/search/summarize/?workspace_id={world.WorkspaceId}", null);

        Assert.Equal((403, "APP_DENIED"), (status, body["error"]!["error_code"]!.GetValue<string>()));
        Assert.Equal((403, 403, 401), (otherUser, scoped, anonymous));
        Assert.Empty(await UsageEventsAsync(world));
    }

    /// <summary>
    /// The world, a billing subscription when asked, and five events hand-counted for the metrics: the owner
    /// adds, updates and comments on plan.pdf; the member adds budget.xlsx and creates folder Q1.
    /// </summary>
    private async Task<World> HourInWorkspaceAsync(bool billable)
    {
        var world = await World.CreateAsync(stack);
        if (billable)
        {
            var subscription = new
            {
                subscription_id = "sub_" + world.OrgId, stripe_created = 1_700_000_000, status = "active",
            };
            await stack.IngestAsync(
                Event("subscription_created", world.Owner, org_id: world.OrgId, details: subscription));
        }

        var w = world.WorkspaceId;
        await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: w, object_id: "n1",
                details: new { filename = "plan.pdf" }, occurred_at: "2025-01-01T09:00:00Z"),
            Event("workspace_storage_file_updated", world.Owner, workspace_id: w, object_id: "n1",
                details: new { filename = "plan.pdf" }, occurred_at: "2025-01-01T09:10:00Z"),
            Event("workspace_storage_file_added", world.WorkspaceMember, workspace_id: w, object_id: "n2",
                details: new { filename = "budget.xlsx" }, occurred_at: "2025-01-01T09:20:00Z"),
            Event("workspace_storage_folder_created", world.WorkspaceMember, workspace_id: w, object_id: "d1",
                details: new { name = "Q1" }, occurred_at: "2025-01-01T09:30:00Z"),
            Event("comment_created", world.Owner, workspace_id: w, object_id: "n1",
                occurred_at: "2025-01-01T09:40:00Z"));
        return world;
    }

    private async Task<JsonNode> SummarizeOkAsync(string query, string userId)
    {
        var (status, body) = await stack.GetAsync("/current/events/search/summarize/?" + query, Tokens.User(userId));
        Assert.True(status == 200, $"summarize answered {status}: {body.ToJsonString()}");
        return body["response"]!;
    }

    private async Task<JsonArray> UsageEventsAsync(World world)
    {
        var (status, body) = await stack.GetAsync(
            $"/current/events/search/?org_id={world.OrgId}&event=events_summary_generated", Tokens.User(world.Owner));
        Assert.True(status == 200, body.ToJsonString());
        return body["response"]!["events"]!.AsArray();
    }

    /// <summary>How the world's users are named: <see cref="World.Event"/> calls them "User" and four digits.</summary>
    private static string Pill(string userId) => $"@[user:{userId}:User {userId[^4..]}]";
}
