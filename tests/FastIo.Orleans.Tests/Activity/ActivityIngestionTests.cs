using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Activity.ActivityCalls;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>The ingestion item's <c>activity</c> array: keys with an event, or alone without recording one.</summary>
[Collection(ProductCollection.Name)]
public sealed class ActivityIngestionTests(ProductStack stack)
{
    [Fact]
    public async Task Ingest_ActivityWithoutAnEvent_SetsKeysAndRecordsNothing()
    {
        var world = await CreateAsync(stack);
        var (_, before) = await stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        var (_, eventsBefore) = await stack.GetAsync($"/current/events/search/?workspace_id={world.WorkspaceId}", Tokens.User(world.Owner));

        var (status, body) = await stack.IngestRawAsync($$"""
            {"events":[{"workspace_id":"{{world.WorkspaceId}}","activity":["preview:f1","storage:f1"]},
                       {"user_id":"{{world.Owner}}","activity":["upload:u1"]}]}
            """);
        var (_, changed) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(before["lastactivity"]!.GetValue<string>())}");
        var (_, eventsAfter) = await stack.GetAsync($"/current/events/search/?workspace_id={world.WorkspaceId}", Tokens.User(world.Owner));

        var answer = body["response"]!["events"]![0]!;
        Assert.Equal(200, status);
        Assert.Null(answer["event_id"]);
        Assert.Equal(["preview:f1", "storage:f1"], Keys(changed).Keys.Order());
        Assert.Equal(answer["activity_at"]!.GetValue<string>(), Keys(changed)["preview:f1"]);
        Assert.Equal(eventsBefore["response"]!["events"]!.AsArray().Count, eventsAfter["response"]!["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ingest_ActivityAlongsideAnEvent_SetsBothKeysInOneCommit()
    {
        var world = await CreateAsync(stack);
        var (_, before) = await stack.PollAsync(world.Owner, world.WorkspaceId, "wait=0");
        var item = ActivityPollTests.File(world, "f2");
        item["activity"] = new[] { "preview:f2" };

        await stack.IngestAsync(item);
        var (_, changed) = await stack.PollAsync(world.Owner, world.WorkspaceId,
            $"updated&lastactivity={Escape(before["lastactivity"]!.GetValue<string>())}");

        Assert.Equal(["preview:f2", "storage", "storage:f2"], Keys(changed).Keys.Order());
        Assert.Single(Keys(changed).Values.Distinct());
    }

    [Theory]
    [InlineData("\"activity\":[\"nope:1\"]", "events[0].activity[0]")]
    [InlineData("\"activity\":[\"storage:\"]", "events[0].activity[0]")]
    [InlineData("\"activity\":[\"storage:a,b\"]", "events[0].activity[0]")]
    [InlineData("\"activity\":[\"storage:a b\"]", "events[0].activity[0]")]
    [InlineData("\"activity\":[\"bogus\"]", "events[0].activity[0]")]
    [InlineData("\"activity\":[7]", "events[0].activity[0]")]
    [InlineData("\"activity\":\"storage\"", "events[0].activity")]
    [InlineData("\"activity\":[]", "events[0].activity")]
    [InlineData("\"activity\":[\"storage\"],\"idempotency_key\":\"k1\"", "events[0].idempotency_key")]
    public async Task Ingest_InvalidActivity_RefusedNamingTheItem(string fields, string name)
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.IngestRawAsync($$"""{"events":[{"workspace_id":"{{world.WorkspaceId}}",{{fields}}}]}""");

        Assert.Equal(400, status);
        Assert.Contains(name, body["error"]!["params"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ingest_ActivityWithoutAProfile_Refused()
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.IngestRawAsync($$"""{"events":[{"calling_user_id":"{{world.Owner}}","activity":["storage"]}]}""");
        var (wrongKind, _) = await stack.IngestRawAsync($$"""{"events":[{"workspace_id":"{{world.OrgId}}","activity":["storage"]}]}""");

        Assert.Equal(400, status);
        Assert.Equal("events[0].user_id", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(400, wrongKind);
    }
}
