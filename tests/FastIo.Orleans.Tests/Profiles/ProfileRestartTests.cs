using FastIo.Orleans.Tests.Infrastructure;
using Npgsql;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Profiles;

/// <summary>The log is the truth: a silo that crashes comes back with every event and the state derived from them.</summary>
public sealed class ProfileRestartTests : IAsyncLifetime
{
    private readonly ProductStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Silo_KilledAndRestarted_KeepsEveryEventStateAndSequence()
    {
        var world = await CreateAsync(_stack);
        var items = Enumerable.Range(0, 120).Select(i => Event("workspace_storage_file_added", world.Owner,
            workspace_id: world.WorkspaceId, object_id: $"n{i}")).ToArray();
        var before = await _stack.IngestAsync(items);
        await _stack.IngestAsync(Event("removed_member_from_workspace", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.WorkspaceMember));
        await _stack.IngestAsync(Event("added_member_to_workspace", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.Outsider, details: new { role = "member" }));

        await _stack.RestartSiloAsync(_stack.Silos[0], kill: true);

        var outsider = await SearchCountAsync(world.WorkspaceId, world.Outsider);
        var (removedStatus, _) = await _stack.GetAsync(
            $"/current/events/search/?workspace_id={world.WorkspaceId}", Tokens.User(world.WorkspaceMember));
        var after = await _stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId));

        Assert.Equal(124, outsider);
        Assert.Equal(403, removedStatus);
        Assert.True(string.CompareOrdinal(after[0], before[^1]) > 0, "the sequence continues after the restart");
        Assert.True(await SnapshotVersionAsync(world.WorkspaceId) >= 50, "snapshots are written as the log grows");
    }

    private async Task<int> SearchCountAsync(string workspaceId, string user)
    {
        var (status, body) = await _stack.GetAsync(
            $"/current/events/search/?workspace_id={workspaceId}&limit=250", Tokens.User(user));
        Assert.Equal(200, status);
        return body["response"]!["events"]!.AsArray().Count;
    }

    private async Task<long> SnapshotVersionAsync(string profileId)
    {
        await using var connection = new NpgsqlConnection(_stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM profile_snapshots WHERE profile_id = $1", connection);
        command.Parameters.AddWithValue(profileId);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
