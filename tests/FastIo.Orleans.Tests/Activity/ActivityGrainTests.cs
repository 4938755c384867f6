using FastIo.Orleans.Activity;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>Activity timestamps are durable: rebuilt exactly from snapshots, the log and keys set without events.</summary>
public sealed class ActivityGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private int _index;

    [Fact]
    public async Task Activity_AfterDeactivation_SameKeysAndTimestampsAsBefore()
    {
        var (owner, workspace) = (Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        await AppendAsync(grain, Event("workspace_created", owner, workspace));
        for (var i = 0; i < 25; i++)
        {
            // Alternating events and keys alone, past the snapshot interval (10 in this fixture) more than once.
            await AppendAsync(grain, i % 2 == 0
                ? Event("workspace_storage_file_added", owner, workspace) with { ObjectId = $"f{i}" }
                : new IngestItem { Index = _index++, WorkspaceId = workspace, Activity = [$"preview:f{i}"] });
        }

        var before = await grain.GetActivityAsync(new ActivityQuery { Since = DateTime.UnixEpoch });
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await grain.GetActivityAsync(new ActivityQuery { Since = DateTime.UnixEpoch });

        Assert.Equal(27, before.Keys.Count);
        Assert.Equal(before.Keys.OrderBy(k => k.Key), after.Keys.OrderBy(k => k.Key));
        Assert.Equal(before.Cursor, after.Cursor);
    }

    [Fact]
    public async Task Append_EventWithAPastOccurredAt_KeysCarryTheCommitTime()
    {
        var (owner, workspace) = (Ids.Next(), Ids.Next());
        var grain = fixture.Grains.GetProfile(workspace);
        var startedAt = DateTime.UtcNow.AddSeconds(-1);

        var outcome = await AppendAsync(grain, Event("workspace_created", owner, workspace) with
        {
            OccurredAt = new DateTime(2015, 1, 1, 12, 0, 0, DateTimeKind.Utc),
        });
        var read = await grain.GetActivityAsync(new ActivityQuery { Since = DateTime.UnixEpoch });

        Assert.Equal(2015, outcome.Recorded[0].Created.Year);
        Assert.True(read.Cursor > startedAt);
        Assert.Equal(outcome.Recorded[0].ActivityAt, read.Keys.Single(k => k.Key == "settings").At);
    }

    private async Task<AppendOutcome> AppendAsync(IProfileGrain grain, params IngestItem[] items)
    {
        var outcome = await grain.AppendAsync(items);
        Assert.True(outcome.Status == AppendStatus.Recorded, string.Join("; ", outcome.Problems));
        return outcome;
    }

    private IngestItem Event(string name, string caller, string workspace) => new()
    {
        Index = _index++,
        Event = name,
        CallingUserId = caller,
        CallingUserName = "Test",
        WorkspaceId = workspace,
    };
}
