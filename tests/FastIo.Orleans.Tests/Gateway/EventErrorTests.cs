using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using Npgsql;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

/// <summary>
/// The error rows of the API text for search, details and acknowledge, each with its status, error code and
/// number. The store faults are made inside this test run's own database and undone before the test ends.
/// </summary>
[Collection(ProductCollection.Name)]
public sealed class EventErrorTests(ProductStack stack)
{
    [Theory]
    [InlineData("details")]
    [InlineData("ack")]
    public async Task DetailsOrAck_InternalEvent_IsInputInvalidEvenForItsCaller(string endpoint)
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(
            Event("profile_snapshot_written", world.Owner, workspace_id: world.WorkspaceId)))[0];

        var (status, body) = await stack.GetAsync($"/current/event/{id}/{endpoint}/", Tokens.User(world.Owner));

        AssertError(400, "APP_ERROR_INPUT_INVALID", 1605, status, body);
        Assert.Equal("event_id", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("details")]
    [InlineData("ack")]
    public async Task DetailsOrAck_EventTargetedAtAnotherUser_IsInputInvalidEvenForAnAdmin(string endpoint)
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_mentioned", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.WorkspaceMember)))[0];

        var (status, body) = await stack.GetAsync($"/current/event/{id}/{endpoint}/", Tokens.User(world.OrgAdmin));

        AssertError(400, "APP_ERROR_INPUT_INVALID", 1605, status, body);
    }

    [Theory]
    [InlineData("GET", "ack")]
    [InlineData("POST", "ack")]
    [InlineData("GET", "details")]
    public async Task DetailsOrAck_NoSuchEvent_IsNotFound(string method, string endpoint)
    {
        var profile = Ids.Next();
        var token = Tokens.User(Ids.Next());

        var (issuedShape, body) = await stack.SendAsync(
            new HttpMethod(method), $"/current/event/e{profile}000000000001/{endpoint}/", token);
        var (foreignShape, _) = await stack.SendAsync(
            new HttpMethod(method), $"/current/event/evt_abc123/{endpoint}/", token);

        AssertError(404, "APP_ERROR_NOT_FOUND", 1609, issuedShape, body);
        Assert.Equal(404, foreignShape);
    }

    public static TheoryData<string, string> MalformedEventIds => new()
    {
        { "details", "bad.id!" },
        { "ack", "bad.id!" },
        { "details", new string('e', 65) },
        { "ack", new string('e', 65) },
        { "details", "e%20" },
        { "ack", "e%2Fx" },
    };

    [Theory]
    [MemberData(nameof(MalformedEventIds))]
    public async Task DetailsOrAck_MalformedEventId_IsInputInvalid(string endpoint, string eventId)
    {
        var (status, body) = await stack.GetAsync($"/current/event/{eventId}/{endpoint}/", Tokens.User(Ids.Next()));

        AssertError(400, "APP_ERROR_INPUT_INVALID", 1605, status, body);
    }

    [Theory]
    [InlineData("GET", "/current/event//details/")]
    [InlineData("GET", "/current/event//ack/")]
    [InlineData("POST", "/current/event//ack/")]
    [InlineData("GET", "/current/event/details/")]
    [InlineData("POST", "/current/event/ack/")]
    public async Task DetailsOrAck_MissingEventId_IsInputInvalid(string method, string path)
    {
        var (status, body) = await stack.SendAsync(new HttpMethod(method), path, Tokens.User(Ids.Next()));

        AssertError(400, "APP_ERROR_INPUT_INVALID", 1605, status, body);
        Assert.Equal("event_id", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AckRoute_JsonBodyInsteadOfForm_SaysTheEventIdComesAsAFormField()
    {
        var (status, body) = await stack.SendAsync(HttpMethod.Post, "/current/event/ack/", Tokens.User(Ids.Next()),
            new StringContent("{\"event_id\":\"e1\"}", System.Text.Encoding.UTF8, "application/json"));

        AssertError(400, "APP_ERROR_INPUT_INVALID", 1605, status, body);
        var param = body["error"]!["params"]![0]!;
        Assert.Equal("event_id", param["name"]!.GetValue<string>());
        Assert.Contains("application/x-www-form-urlencoded", param["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/current/event//comments/", true, 404, "APP_ERROR_NOT_FOUND")]
    [InlineData("GET", "/current/event/e1/comments/", true, 404, "APP_ERROR_NOT_FOUND")]
    [InlineData("GET", "/current/event//details/", false, 401, "APP_AUTH_INVALID")]
    [InlineData("POST", "/current/event//ack/", false, 401, "APP_AUTH_INVALID")]
    public async Task MissingEventId_UnknownActionOrNoToken_KeepsThatAnswer(
        string method, string path, bool withToken, int expectedStatus, string errorCode)
    {
        var token = withToken ? Tokens.User(Ids.Next()) : null;

        var (status, body) = await stack.SendAsync(new HttpMethod(method), path, token);

        Assert.Equal(expectedStatus, status);
        Assert.Equal(errorCode, body["error"]!["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_ScopedTokenWithoutTheProfile_IsDenied()
    {
        var world = await CreateAsync(stack);
        var token = Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r");

        var (status, body) = await stack.GetAsync($"/current/events/search/?org_id={world.OrgId}", token);

        AssertError(403, "APP_DENIED", 1680, status, body);
        Assert.Equal("org_id", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task DetailsAndSearch_ProfileTheCallerCannotView_AreDeniedNamingTheInput()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];
        var outsider = Tokens.User(world.Outsider);

        var (searchStatus, search) = await stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}", outsider);
        var (detailsStatus, details) = await stack.GetAsync($"/current/event/{id}/details/", outsider);

        AssertError(403, "APP_DENIED", 1680, searchStatus, search);
        Assert.Equal("workspace_id", search["error"]!["params"]![0]!["name"]!.GetValue<string>());
        AssertError(403, "APP_DENIED", 1680, detailsStatus, details);
        Assert.Equal("event_id", details["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_StoreFailsDuringTheQuery_IsQueryError()
    {
        var world = await CreateAsync(stack);
        var token = Tokens.User(world.Owner);
        var search = $"/current/events/search/?workspace_id={world.WorkspaceId}";
        var (warm, _) = await stack.GetAsync(search, token);

        // Every search reads event_acks for the acknowledged flag; tests of this collection run one at a time.
        int status;
        JsonNode body;
        await ExecuteAsync("ALTER TABLE event_acks RENAME TO event_acks_unavailable");
        try
        {
            (status, body) = await stack.GetAsync(search + "&limit=7", token);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE event_acks_unavailable RENAME TO event_acks");
        }

        var (after, _) = await stack.GetAsync(search + "&limit=7", token);
        Assert.Equal(200, warm);
        AssertError(500, "APP_ERROR_QUERY_ERROR", 1690, status, body);
        Assert.DoesNotContain("event_acks", body.ToJsonString());
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task Acknowledge_StoreFailsToPersist_IsDataStoreErrorAndARetrySucceeds()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];
        var token = Tokens.User(world.WorkspaceMember);
        var trigger = "refuse_ack_" + id;

        int status;
        JsonNode body;
        await ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'acknowledgements are unavailable'; END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON event_acks FOR EACH ROW
                WHEN (NEW.event_id = '{id}') EXECUTE FUNCTION {trigger}();
            """);
        try
        {
            (status, body) = await stack.GetAsync($"/current/event/{id}/ack/", token);
        }
        finally
        {
            await ExecuteAsync($"DROP TRIGGER {trigger} ON event_acks; DROP FUNCTION {trigger}();");
        }

        var (retry, _) = await stack.GetAsync($"/current/event/{id}/ack/", token);
        var (_, details) = await stack.GetAsync($"/current/event/{id}/details/", token);
        AssertError(500, "APP_ERROR_DATASTORE", 1664, status, body);
        Assert.DoesNotContain("unavailable", body.ToJsonString());
        Assert.Equal(200, retry);
        Assert.True(details["response"]!["event"]!["acknowledged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Ingest_StoreUnavailable_IsDataStoreErrorAndARetryRecordsOnce()
    {
        var world = await CreateAsync(stack);
        var key = "outage-" + Ids.Next();
        var item = Event("comment_created", world.Owner, workspace_id: world.WorkspaceId, idempotency_key: key);
        var json = System.Text.Json.JsonSerializer.Serialize(new { events = new[] { item } });

        // Repeated idempotency keys are looked up in the event log before anything is validated or written.
        int status;
        JsonNode body;
        await ExecuteAsync("ALTER TABLE events RENAME TO events_unavailable");
        try
        {
            (status, body) = await stack.IngestRawAsync(json);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE events_unavailable RENAME TO events");
        }

        var (retried, retryBody) = await stack.IngestRawAsync(json);
        var (again, againBody) = await stack.IngestRawAsync(json);
        AssertError(500, "APP_ERROR_DATASTORE", 1664, status, body);
        Assert.DoesNotContain("events_unavailable", body.ToJsonString());
        Assert.Equal(200, retried);
        Assert.Equal(200, again);
        Assert.Equal(EventIdOf(retryBody), EventIdOf(againBody));
    }

    private static string EventIdOf(JsonNode body) =>
        body["response"]!["events"]![0]!["event_id"]!.GetValue<string>();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void AssertError(int expectedStatus, string errorCode, int code, int status, JsonNode body)
    {
        Assert.True(expectedStatus == status, $"expected {expectedStatus}, got {status}: {body.ToJsonString()}");
        Assert.Equal("no", body["result"]!.GetValue<string>());
        Assert.Equal(errorCode, body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal(code, body["error"]!["code"]!.GetValue<int>());
    }
}
