using FastIo.Orleans.Tests.Infrastructure;
using Npgsql;

namespace FastIo.Orleans.Tests.Persistence;

/// <summary>The project's own clustering SQL, proven by real silo processes joining, leaving and rejoining.</summary>
public sealed class ClusterMembershipTests : IAsyncLifetime
{
    private const int Active = 3;
    private const int Dead = 6;
    private readonly ProductStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Silo_JoinsLeavesAndRejoins_MembershipTableFollowsAndGatewayKeepsServing()
    {
        var first = _stack.Silos[0];
        var joined = await ReadMembershipAsync();
        Assert.Equal([Active], joined.Select(m => m.Status));

        var second = await _stack.StartSiloAsync();
        Assert.Equal(2, (await ReadMembershipAsync()).Count(m => m.Status == Active));

        await first.StopAsync();
        var afterLeave = await ReadMembershipAsync();
        Assert.Single(afterLeave, m => m.Status == Dead);
        Assert.Single(afterLeave, m => m.Status == Active);

        var rejoined = await _stack.StartSiloAsync();
        var afterRejoin = await ReadMembershipAsync();
        Assert.Equal(2, afterRejoin.Count(m => m.Status == Active));
        Assert.Equal(3, afterRejoin.Select(m => (m.Port, m.Generation)).Distinct().Count());

        var user = Ids.Next();
        await _stack.IngestAsync(World.Event("user_created", user, user_id: user));
        var (status, body) = await _stack.GetAsync($"/current/events/search/?user_id={user}", Tokens.User(user));
        Assert.Equal(200, status);
        Assert.Single(body["response"]!["events"]!.AsArray());
        Assert.False(second.HasExited || rejoined.HasExited);
    }

    private async Task<List<(int Port, int Generation, int Status)>> ReadMembershipAsync()
    {
        await using var connection = new NpgsqlConnection(_stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, generation, status FROM orleansmembershiptable", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return rows;
    }
}
