using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

[Collection(ProductCollection.Name)]
public sealed class SearchApiTests(ProductStack stack)
{
    [Theory]
    [InlineData("", "user_id")]
    [InlineData("workspace_id=123", "workspace_id")]
    [InlineData("org_id=12345678901234567890&limit=0", "limit")]
    [InlineData("org_id=12345678901234567890&limit=251", "limit")]
    [InlineData("org_id=12345678901234567890&offset=-1", "offset")]
    [InlineData("org_id=12345678901234567890&acknowledged=yes", "acknowledged")]
    [InlineData("org_id=12345678901234567890&visibility=internal", "visibility")]
    [InlineData("org_id=12345678901234567890&category=nope", "category")]
    [InlineData("org_id=12345678901234567890&created-min=yesterday", "created-min")]
    [InlineData("org_id=12345678901234567890&created-min=2025-01-02T00:00:00Z&created-max=2025-01-01T00:00:00Z",
        "created-min")]
    [InlineData("org_id=12345678901234567890&created-min=2025-01-02T00:00:00 01:00", "created-min")]
    [InlineData("parent_event_id=e1&org_id=12345678901234567890", "org_id")]
    [InlineData("parent_event_id=e1&category=ai", "category")]
    [InlineData("parent_event_id=bad!id", "parent_event_id")]
    [InlineData("org_id=12345678901234567890&limit=1&limit=2", "limit")]
    [InlineData("org_id=12345678901234567890&colour=blue", "colour")]
    public async Task Search_InvalidInput_IsInputInvalidNamingTheParameter(string query, string parameter)
    {
        var user = Ids.Next();

        var (status, body) = await stack.GetAsync("/current/events/search/?" + query, Tokens.User(user));

        Assert.Equal(400, status);
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Contains(body["error"]!["params"]!.AsArray(), p => p!["name"]!.GetValue<string>() == parameter);
    }

    [Fact]
    public async Task Search_UnencodedPlusOffset_SaysToEncodeIt()
    {
        var (_, body) = await stack.GetAsync(
            "/current/events/search/?org_id=12345678901234567890&created-min=2025-01-02T00:00:00+01:00",
            Tokens.User(Ids.Next()));

        Assert.Contains("%2B", body["error"]!["params"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_Workspace_NewestFirstWithStablePages()
    {
        var world = await CreateAsync(stack);
        var items = Enumerable.Range(0, 30).Select(i => Event("workspace_storage_file_added", world.Owner,
            workspace_id: world.WorkspaceId, object_id: $"n{i}", occurred_at: $"2025-01-01T00:00:{i % 10:D2}Z"))
            .ToArray();
        await stack.IngestAsync(items);
        var token = Tokens.User(world.WorkspaceMember);
        const string Filter = "event=workspace_storage_file_added&created-max=2025-01-01T00:01:00Z";

        var (_, all) = await stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}&{Filter}&limit=250", token);
        var pages = new List<string>();
        for (var offset = 0; offset < 30; offset += 7)
        {
            var (_, page) = await stack.GetAsync(
                $"/current/events/search/?workspace_id={world.WorkspaceId}&{Filter}&limit=7&offset={offset}", token);
            pages.AddRange(EventIds(page));
        }

        var events = all["response"]!["events"]!.AsArray();
        Assert.Equal(30, events.Count);
        var keys = events
            .Select(e => (Created: e!["created"]!.GetValue<string>(), Id: e["event_id"]!.GetValue<string>()))
            .ToList();
        var sorted = keys.OrderByDescending(k => k.Created, StringComparer.Ordinal)
            .ThenByDescending(k => k.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, keys);
        Assert.Equal(EventIds(all), pages);
    }

    [Fact]
    public async Task Search_EquivalentTimeSpellings_GiveEqualResults()
    {
        var world = await CreateAsync(stack);
        await stack.IngestAsync(
            Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, occurred_at: "2025-03-01T09:59:59Z"),
            Event("comment_created", world.Owner, workspace_id: world.WorkspaceId,
                occurred_at: "2025-03-01T10:00:00Z"));
        var token = Tokens.User(world.Owner);

        var spellings = new[]
        {
            "2025-03-01T10:00:00Z", "2025-03-01T11:00:00%2B01:00", "2025-03-01 10:00:00", "2025-03-01 10:00:00.000000",
            "2025-03-01T11:00:00%2B01", "2025-03-01T11:30:00%2B0130", "2025-03-01T09:00:00-01", "2025-03-01t10:00:00z",
        };
        var counts = new List<int>();
        foreach (var spelling in spellings)
        {
            var (status, body) = await stack.GetAsync(
                $"/current/events/search/?workspace_id={world.WorkspaceId}&subcategory=comments"
                + $"&created-min={spelling}", token);
            Assert.Equal(200, status);
            counts.Add(body["response"]!["events"]!.AsArray().Count);
        }

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task Search_ProfilePriority_UsesOnlyUserIdWhenSeveralAreGiven()
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.GetAsync(
            $"/current/events/search/?user_id={world.Owner}&workspace_id={world.WorkspaceId}&event=user_created",
            Tokens.User(world.Owner));

        Assert.Equal(200, status);
        var only = Assert.Single(body["response"]!["events"]!.AsArray());
        Assert.Equal(world.Owner, only!["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_ParentEventId_FindsChildren()
    {
        var world = await CreateAsync(stack);
        var parent = (await stack.IngestAsync(
            Event("workspace_storage_zip_downloaded", world.Owner, workspace_id: world.WorkspaceId)))[0];
        await stack.IngestAsync(
            Event("workspace_storage_file_deleted", world.Owner, workspace_id: world.WorkspaceId,
                parent_event_id: parent),
            Event("workspace_storage_file_deleted", world.Owner, workspace_id: world.WorkspaceId,
                parent_event_id: parent));

        var (status, body) = await stack.GetAsync($"/current/events/search/?parent_event_id={parent}&limit=5",
            Tokens.User(world.WorkspaceMember));

        Assert.Equal(200, status);
        Assert.Equal(2, body["response"]!["events"]!.AsArray().Count);
    }

    private static List<string> EventIds(JsonNode body) =>
        body["response"]!["events"]!.AsArray().Select(e => e!["event_id"]!.GetValue<string>()).ToList();
}
