using System.Text;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Search;
using Npgsql;

namespace FastIo.Orleans.Grains.Search;

/// <summary>
/// Runs event searches as single statements. Permissions are part of the WHERE clause, so a page holds
/// <c>limit</c> visible events whenever that many exist, and offsets stay stable when the range is pinned.
/// </summary>
public sealed class EventSearchStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<EventView>> SearchAsync(SearchPlan plan, CancellationToken cancellationToken)
    {
        await using var command = Build(plan, dataSource.CreateCommand());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<EventView>(Math.Min(plan.Query.Limit, 256));
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(EventColumns.Read(reader));
        }

        return events;
    }

    /// <summary>Fills <paramref name="command"/> with the statement for a plan.</summary>
    private static NpgsqlCommand Build(SearchPlan plan, NpgsqlCommand command)
    {
        var query = plan.Query;
        var parameters = command.Parameters;

        string Add(object value)
        {
            parameters.Add(new NpgsqlParameter { Value = value });
            return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var caller = Add(query.CallerId);
        var scopeId = Add(plan.ScopeId);
        var filters = new StringBuilder(512);
        if (plan.Scope == SearchScope.Parent)
        {
            var owner = Add(plan.ProfileId);
            filters.Append(plan.ParentSubtree switch
            {
                SearchScope.Org => $" AND e.org_id = {owner}",
                SearchScope.Workspace => $" AND e.workspace_id = {owner}",
                SearchScope.Share => $" AND e.share_id = {owner}",
                _ => $" AND (e.user_id = {owner} OR e.calling_user_id = {owner})",
            });
        }

        filters.Append(" AND e.visibility > 0");
        if (query.Visibility is { } visibility)
        {
            filters.Append(" AND e.visibility = ").Append(Add((short)visibility));
        }

        AppendEquals(filters, "e.name", query.Event, Add);
        AppendEquals(filters, "e.category", query.Category, Add);
        AppendEquals(filters, "e.subcategory", query.Subcategory, Add);
        AppendEquals(filters, "e.calling_user_id", query.CallingUserId, Add);
        AppendEquals(filters, "e.object_id", query.ObjectId, Add);
        if (query.CreatedMin is { } min)
        {
            filters.Append(" AND e.created >= ").Append(Add(min));
        }

        if (query.CreatedMax is { } max)
        {
            filters.Append(" AND e.created <= ").Append(Add(max));
        }

        if (query.Acknowledged is { } acknowledged)
        {
            filters.Append(acknowledged ? " AND EXISTS" : " AND NOT EXISTS")
                .Append($" (SELECT 1 FROM event_acks a WHERE a.user_id = {caller} AND a.event_id = e.event_id)");
        }

        if (plan.Scope != SearchScope.User)
        {
            AppendPermission(filters, plan, caller, Add);
        }

        if (query.Scope is { } tokenScope)
        {
            AppendTokenScope(filters, tokenScope, Add);
        }

        const string Order = " ORDER BY e.created DESC, e.event_id DESC";
        var page = new StringBuilder(1024);
        if (plan.Scope == SearchScope.User)
        {
            // "Done by or concerning the user" as one OR reads every such event through a bitmap and sorts them
            // all, so its cost grows with the user's log. Two disjoint halves, each read newest first from its own
            // index and cut at the page's end, merge in order: a page costs the same however long the log is.
            var end = Add((long)query.Limit + query.Offset);
            page.Append("SELECT * FROM ((SELECT e.* FROM events e WHERE e.calling_user_id = ").Append(scopeId)
                .Append(filters).Append(Order).Append(" LIMIT ").Append(end)
                .Append($") UNION ALL (SELECT e.* FROM events e WHERE e.user_id = {scopeId}")
                .Append($" AND e.calling_user_id <> {scopeId}")
                .Append(filters).Append(Order).Append(" LIMIT ").Append(end).Append(")) e");
        }
        else
        {
            page.Append("SELECT e.* FROM events e WHERE ").Append(plan.Scope switch
            {
                SearchScope.Org => $"e.org_id = {scopeId}",
                SearchScope.Workspace => $"e.workspace_id = {scopeId}",
                SearchScope.Share => $"e.share_id = {scopeId}",
                _ => $"e.parent_event_id = {scopeId}",
            }).Append(filters);
        }

        page.Append(Order).Append(" LIMIT ").Append(Add(query.Limit)).Append(" OFFSET ").Append(Add(query.Offset));

        // The acknowledgement flag is read for the page's rows only, once the page is cut. Written beside the
        // filters, PostgreSQL plans it for every row the index could return and, as that estimate ignores the
        // LIMIT, reads all of the caller's acknowledgements into a hash on every search: a cost that grows with
        // how much the caller has read.
        var sql = new StringBuilder(page.Length + 512);
        sql.Append("SELECT ").Append(EventColumns.Select).Append(" FROM (").Append(page).Append(") e").Append(Order);
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// Targeted events show only to their caller and target (and to admins reading the audit log). Other
    /// events show to admins of the searched profile, to their own caller and target, and otherwise by the
    /// caller's membership of the profile whose log holds the event: any member for member events, admins
    /// only for admin events; an admin of a share's workspace counts as an admin of the share.
    /// </summary>
    private static void AppendPermission(StringBuilder sql, SearchPlan plan, string caller, Func<object, string> add)
    {
        var adminReadsAudit = plan.CallerIsAdmin && plan.Query.Visibility == EventVisibility.ExternalAuditLog;
        sql.Append($" AND (e.calling_user_id = {caller} OR e.user_id IS NOT DISTINCT FROM {caller} OR ");
        sql.Append(adminReadsAudit
            ? "TRUE"
            : plan.CallerIsAdmin
                ? "e.permission <> 2"
                : $"""
                   (e.permission = 0 AND e.profile_id = {add(plan.ProfileId)}) OR (e.permission <> 2 AND EXISTS (
                       SELECT 1 FROM profile_members m WHERE m.user_id = {caller} AND (
                           (m.profile_id = e.profile_id AND (e.permission = 0 OR m.role >= 2))
                           OR (e.share_id IS NOT NULL AND m.profile_id = e.workspace_id AND m.role >= 2))))
                   """);
        sql.Append(')');
    }

    /// <summary>An event is in a token's scope when its most specific profile is.</summary>
    private static void AppendTokenScope(StringBuilder sql, TokenScope scope, Func<object, string> add)
    {
        static string Check(bool all, string ids, string column, Func<object, string> add) =>
            all ? "TRUE" : $"{column} = ANY({add(TokenScope.Split(ids))})";

        sql.Append(" AND CASE WHEN e.share_id IS NOT NULL THEN ")
            .Append(Check(scope.AllShares, scope.ShareIds, "e.share_id", add))
            .Append(" WHEN e.workspace_id IS NOT NULL THEN ")
            .Append(Check(scope.AllWorkspaces, scope.WorkspaceIds, "e.workspace_id", add))
            .Append(" WHEN e.org_id IS NOT NULL THEN ")
            .Append(Check(scope.AllOrgs, scope.OrgIds, "e.org_id", add))
            .Append(" ELSE ").Append(scope.OwnUser ? "TRUE" : "FALSE").Append(" END");
    }

    private static void AppendEquals(StringBuilder sql, string column, string? value, Func<object, string> add)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = ").Append(add(value));
        }
    }
}
