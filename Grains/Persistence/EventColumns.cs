using FastIo.Orleans.Events;
using Npgsql;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>
/// The columns an event is shown with, read the same way by details and search. Expects the caller's user
/// ID as parameter <c>$1</c> for the acknowledgement flag and the table aliased <c>e</c>.
/// </summary>
internal static class EventColumns
{
    public const string Select = """
        e.event_id, e.created, EXISTS (SELECT 1 FROM event_acks a WHERE a.user_id = $1 AND a.event_id = e.event_id),
        e.name, e.category, e.subcategory, e.calling_user_id, e.calling_user_name, e.org_id, e.workspace_id,
        e.share_id, e.user_id, e.object_id, e.parent_event_id, e.details::text
        """;

    public const int Count = 15;

    public static EventView Read(NpgsqlDataReader reader) => new()
    {
        EventId = reader.GetString(0),
        Created = reader.GetDateTime(1),
        Acknowledged = reader.GetBoolean(2),
        Name = reader.GetString(3),
        Category = reader.GetString(4),
        Subcategory = reader.GetString(5),
        CallingUserId = reader.GetString(6),
        CallingUserName = reader.GetString(7),
        OrgId = Nullable(reader, 8),
        WorkspaceId = Nullable(reader, 9),
        ShareId = Nullable(reader, 10),
        UserId = Nullable(reader, 11),
        ObjectId = Nullable(reader, 12),
        ParentEventId = Nullable(reader, 13),
        DetailsJson = Nullable(reader, 14),
    };

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
