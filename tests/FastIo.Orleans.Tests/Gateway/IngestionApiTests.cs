using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

[Collection(ProductCollection.Name)]
public sealed class IngestionApiTests(ProductStack stack)
{
    [Fact]
    public async Task Ingest_ValidBatch_AnswersOneIdPerItemInOrder()
    {
        var world = await CreateAsync(stack);

        var ids = await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId, object_id: "n1"),
            Event("org_settings_updated", world.Owner, org_id: world.OrgId),
            Event("comment_created", world.WorkspaceMember, workspace_id: world.WorkspaceId, object_id: "n1"));

        Assert.Equal(3, ids.Count);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.StartsWith("e" + world.WorkspaceId, ids[0]);
        Assert.StartsWith("e" + world.OrgId, ids[1]);
        Assert.True(string.CompareOrdinal(ids[0], ids[2]) < 0, "IDs sort in commit order within a profile");
    }

    [Fact]
    public async Task Ingest_RepeatedIdempotencyKey_ReturnsFirstIdAndRecordsNothingNew()
    {
        var world = await CreateAsync(stack);
        var key = "key-" + Ids.Next();
        var item = Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId,
            idempotency_key: key);

        var first = await stack.IngestAsync(item);
        var again = await stack.IngestAsync(item, item);
        var (_, search) = await stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}&event=workspace_storage_file_added",
            Tokens.User(world.Owner));

        Assert.Equal([first[0], first[0]], again);
        Assert.Single(search["response"]!["events"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_SameKeyInBatchesSentAtOnce_RecordsOneEventAndAnswersItToAll()
    {
        var world = await CreateAsync(stack);
        var key = "key-" + Ids.Next();
        var item = Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, idempotency_key: key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => stack.IngestAsync(item)));
        var (_, search) = await stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}&event=comment_created",
            Tokens.User(world.Owner));

        Assert.Single(answers.Select(a => a[0]).Distinct());
        Assert.Single(search["response"]!["events"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_AnyInvalidItem_RefusesWholeBatchNamingEachItem()
    {
        var world = await CreateAsync(stack);
        var json = $$"""
            {"events":[
              {"event":"workspace_storage_file_added","calling_user_id":"{{world.Owner}}","calling_user_name":"A",
               "workspace_id":"{{world.WorkspaceId}}"},
              {"event":"not_an_event","calling_user_id":"{{world.Owner}}","calling_user_name":"A"},
              {"event":"workspace_storage_file_added","calling_user_id":"123","calling_user_name":"A"}
            ]}
            """;

        var (status, body) = await stack.IngestRawAsync(json);
        var (_, search) = await stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}&subcategory=storage",
            Tokens.User(world.Owner));

        Assert.Equal(400, status);
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        var names = body["error"]!["params"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("events[1].event", names);
        Assert.Contains("events[2].calling_user_id", names);
        Assert.Contains("events[2].workspace_id", names);
        Assert.DoesNotContain(names, n => n.StartsWith("events[0]", StringComparison.Ordinal));
        Assert.Empty(search["response"]!["events"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_EventForUnknownOrMismatchedProfile_IsRefused()
    {
        var world = await CreateAsync(stack);

        var (unknownStatus, unknown) = await stack.IngestRawAsync(Json(
            Event("workspace_storage_file_added", world.Owner, workspace_id: Ids.Next())));
        var (kindStatus, kind) = await stack.IngestRawAsync(Json(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.OrgId)));
        var (orgStatus, org) = await stack.IngestRawAsync(Json(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId, org_id: Ids.Next())));

        Assert.Equal(400, unknownStatus);
        Assert.Contains("no workspace", unknown["error"]!["params"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(400, kindStatus);
        Assert.Contains("is a org", kind["error"]!["params"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(400, orgStatus);
        Assert.Equal("events[0].org_id", org["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("{\"events\":[]}", "events")]
    [InlineData("{\"events\":{}}", "events")]
    [InlineData("{\"events\":[5]}", "events[0]")]
    [InlineData("{\"events\":[{\"event\":7}]}", "events[0].event")]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"details\":[1]}]}", "events[0].details")]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"occurred_at\":\"yesterday\"}]}", "events[0].occurred_at")]
    public async Task Ingest_MalformedBody_IsInputInvalidNamingTheInput(string json, string name)
    {
        var (status, body) = await stack.IngestRawAsync(json);

        Assert.Equal(400, status);
        Assert.Equal(1605, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(name, body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ingest_MoreThanThousandItems_IsRefused()
    {
        var items = Enumerable.Range(0, 1001).Select(_ => "{}");
        var (status, body) = await stack.IngestRawAsync("{\"events\":[" + string.Join(',', items) + "]}");

        Assert.Equal(400, status);
        Assert.Contains("1 to 1000", body["error"]!["params"]![0]!["message"]!.GetValue<string>());
    }

    private static string Json(params object[] events) => System.Text.Json.JsonSerializer.Serialize(new { events });
}
