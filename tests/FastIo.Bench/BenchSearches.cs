using System.Globalization;
using Npgsql;

namespace FastIo.Orleans.Bench;

/// <summary>The profiles the searches run against: the busiest workspace and its owner, the busiest user.</summary>
public sealed record BenchSubjects(long TotalEvents, string WorkspaceId, long WorkspaceEvents, string WorkspaceOwner,
    string UserId, long UserEvents)
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
        var (user, userEvents) = await TopAsync("calling_user_id");
        await using var owner = dataSource.CreateCommand(
            "SELECT user_id FROM profile_members WHERE profile_id = $1 ORDER BY role DESC LIMIT 1");
        owner.Parameters.AddWithValue(workspace);
        return new BenchSubjects(total, workspace, workspaceEvents, (string)(await owner.ExecuteScalarAsync())!, user,
            userEvents);
    }
}

/// <summary>
/// One search as a client sends it, and the raw SQL a PostgreSQL expert would write for the same rows: the same
/// columns (the acknowledgement flag included), the same permission predicate for this caller, the same order.
/// Request <c>n</c> moves a bound by <c>n</c> microseconds where no event lies, so every request is new to any
/// cache yet matches the same rows; <c>n = 0</c> is the one repeated query of the cached runs.
/// </summary>
public sealed record BenchSearch(string Name, string Caller, Func<long, string> Query, Func<long, NpgsqlCommand> Sql);

public static class BenchSearches
{
    /// <summary>The columns the product shows, in its order; <c>$1</c> is the caller.</summary>
    private const string Columns = """
        e.event_id, e.created, EXISTS (SELECT 1 FROM event_acks a WHERE a.user_id = $1 AND a.event_id = e.event_id),
        e.name, e.category, e.subcategory, e.calling_user_id, e.calling_user_name, e.org_id, e.workspace_id,
        e.share_id, e.user_id, e.object_id, e.parent_event_id, e.details::text
        """;

    // The seed's first hour is 2015-01-01 12:00 and later hours follow it, so nothing lies before the week's
    // start (its first twelve hours are empty) or in the far future.
    private static readonly DateTime WeekStart = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WeekEnd = WeekStart.AddDays(7);
    private static readonly DateTime Future = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<BenchSearch> Of(BenchSubjects s, NpgsqlDataSource dataSource)
    {
        NpgsqlCommand Command(string sql, params object[] values)
        {
            var command = dataSource.CreateCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            return command;
        }

        // The owner is an admin of the workspace: every non-targeted event, and targeted ones they did or receive.
        yield return new BenchSearch("busy workspace, newest page", s.WorkspaceOwner,
            n => $"workspace_id={s.WorkspaceId}&limit=100&created-max={Time(Future.AddTicks(n * 10))}",
            n => Command(Page("""
                SELECT * FROM events e
                WHERE e.workspace_id = $2 AND e.visibility > 0 AND e.created <= $3
                  AND (e.calling_user_id = $1 OR e.user_id = $1 OR e.permission <> 2)
                ORDER BY e.created DESC, e.event_id DESC LIMIT 100
                """), s.WorkspaceOwner, s.WorkspaceId, Future.AddTicks(n * 10)));

        yield return new BenchSearch("category + a week's range", s.WorkspaceOwner,
            n => $"workspace_id={s.WorkspaceId}&category=workspace&limit=100"
                + $"&created-min={Time(WeekStart.AddTicks(-n * 10))}&created-max={Time(WeekEnd)}",
            n => Command(Page("""
                SELECT * FROM events e
                WHERE e.workspace_id = $2 AND e.visibility > 0 AND e.category = 'workspace'
                  AND e.created >= $3 AND e.created <= $4
                  AND (e.calling_user_id = $1 OR e.user_id = $1 OR e.permission <> 2)
                ORDER BY e.created DESC, e.event_id DESC LIMIT 100
                """), s.WorkspaceOwner, s.WorkspaceId, WeekStart.AddTicks(-n * 10), WeekEnd));

        // The events the user did or that concern them: each read newest first from its own index, then merged.
        yield return new BenchSearch("user's unacknowledged", s.UserId,
            n => $"user_id={s.UserId}&acknowledged=false&limit=100&created-max={Time(Future.AddTicks(n * 10))}",
            n => Command(Page("""
                SELECT * FROM (
                  (SELECT * FROM events e
                   WHERE e.calling_user_id = $1 AND e.visibility > 0 AND e.created <= $2
                     AND NOT EXISTS (SELECT 1 FROM event_acks a WHERE a.user_id = $1 AND a.event_id = e.event_id)
                   ORDER BY e.created DESC, e.event_id DESC LIMIT 100)
                  UNION ALL
                  (SELECT * FROM events e
                   WHERE e.user_id = $1 AND e.calling_user_id <> $1 AND e.visibility > 0 AND e.created <= $2
                     AND NOT EXISTS (SELECT 1 FROM event_acks a WHERE a.user_id = $1 AND a.event_id = e.event_id)
                   ORDER BY e.created DESC, e.event_id DESC LIMIT 100)) mine
                ORDER BY created DESC, event_id DESC LIMIT 100
                """), s.UserId, Future.AddTicks(n * 10)));
    }

    /// <summary>The page's columns, with the acknowledgement flag read for the page's rows only.</summary>
    private static string Page(string page) =>
        $"SELECT {Columns} FROM ({page}) e ORDER BY e.created DESC, e.event_id DESC";

    private static string Time(DateTime value) =>
        Uri.EscapeDataString(value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
}
