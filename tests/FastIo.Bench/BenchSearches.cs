using System.Globalization;
using FastIo.Orleans.Grains.Search;
using FastIo.Orleans.Search;
using Npgsql;

namespace FastIo.Orleans.Bench;

/// <summary>The profiles the searches run against: the busiest workspace and its owner, the busiest user.</summary>
public sealed record BenchSubjects(long TotalEvents, string WorkspaceId, long WorkspaceEvents, string WorkspaceOwner, string UserId)
{
    public static async Task<BenchSubjects> FindAsync(NpgsqlDataSource dataSource)
    {
        async Task<(string, long)> TopAsync(string column)
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT {column}, count(*) FROM events WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetString(0), reader.GetInt64(1));
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM events");
        var total = (long)(await count.ExecuteScalarAsync())!;
        var (workspace, workspaceEvents) = await TopAsync("workspace_id");
        var (user, _) = await TopAsync("calling_user_id");
        await using var owner = dataSource.CreateCommand(
            "SELECT user_id FROM profile_members WHERE profile_id = $1 ORDER BY role DESC LIMIT 1");
        owner.Parameters.AddWithValue(workspace);
        return new BenchSubjects(total, workspace, workspaceEvents, (string)(await owner.ExecuteScalarAsync())!, user);
    }
}

/// <summary>One search as a client sends it and as the profile grain plans it.</summary>
public sealed record BenchSearch(string Name, string Caller, string Filter, Func<DateTime, SearchPlan> Plan)
{
    public string QueryString(DateTime? createdMax) => createdMax is { } max
        ? Filter + "&created-max=" + Uri.EscapeDataString(max.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
        : Filter;
}

public static class BenchSearches
{
    private static readonly DateTime WeekStart = new(2014, 12, 26, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WeekEnd = WeekStart.AddDays(7);

    public static IEnumerable<BenchSearch> Of(BenchSubjects s)
    {
        yield return new BenchSearch("busy workspace, newest page", s.WorkspaceOwner,
            $"workspace_id={s.WorkspaceId}&limit=100",
            max => new SearchPlan(new EventQuery { CallerId = s.WorkspaceOwner, Limit = 100, CreatedMax = max },
                SearchScope.Workspace, s.WorkspaceId, s.WorkspaceId, CallerIsAdmin: true));

        yield return new BenchSearch("category + a week's range", s.WorkspaceOwner,
            $"workspace_id={s.WorkspaceId}&category=workspace&created-min=2014-12-26T00:00:00Z&limit=100",
            max => new SearchPlan(new EventQuery
            {
                CallerId = s.WorkspaceOwner, Category = "workspace", CreatedMin = WeekStart, CreatedMax = Min(max, WeekEnd), Limit = 100,
            }, SearchScope.Workspace, s.WorkspaceId, s.WorkspaceId, CallerIsAdmin: true));

        yield return new BenchSearch("user's unacknowledged", s.UserId,
            $"user_id={s.UserId}&acknowledged=false&limit=100",
            max => new SearchPlan(new EventQuery { CallerId = s.UserId, Acknowledged = false, Limit = 100, CreatedMax = max },
                SearchScope.User, s.UserId, s.UserId, CallerIsAdmin: false));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
