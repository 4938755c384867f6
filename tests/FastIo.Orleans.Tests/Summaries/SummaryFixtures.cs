using System.Text.Json;
using FastIo.Orleans.Events;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>
/// A hand-counted hour in one workspace, as a search returns it (newest first). Counted by hand:
/// 8 events; actors Alice, Bob and Carol (3); categories workspace 6 (two file updates, a file added, a
/// comment, a folder, a member added), workflow 1 (a task), ai 1 (a chat); from 12:00:05 to 12:07:30.
/// </summary>
public static class SummaryFixtures
{
    public const string Org = "11111111111111111111";
    public const string Workspace = "22222222222222222222";
    public const string Alice = "30000000000000000001";
    public const string Bob = "30000000000000000002";
    public const string Carol = "30000000000000000003";
    public const string Dave = "30000000000000000004";

    public static IReadOnlyList<EventView> Hour() =>
    [
        .. new[]
        {
            View("e1", "12:00:05", "workspace_storage_file_added", "workspace", "storage", Alice, "Alice",
                objectId: "node_f1", details: new { filename = "report.pdf", file_size = 2048 }),
            View("e2", "12:01:00", "workspace_storage_file_updated", "workspace", "storage", Alice, "Alice",
                objectId: "node_f1", details: new { filename = "report.pdf" }),
            View("e3", "12:02:00", "workspace_storage_file_updated", "workspace", "storage", Alice, "Alice",
                objectId: "node_f2", details: new { filename = "notes.md" }),
            View("e4", "12:03:00", "comment_created", "workspace", "comments", Bob, "Bob", objectId: "node_f1"),
            View("e5", "12:04:00", "workspace_storage_folder_created", "workspace", "storage", Bob, "Bob",
                objectId: "node_d1", details: new { name = "Designs" }),
            View("e6", "12:05:00", "added_member_to_workspace", "workspace", "members", Carol, "Carol",
                userId: Dave, details: new { role = "member", member_name = "Dave" }),
            View("e7", "12:06:00", "task_created", "workflow", "workflow", Alice, "Alice", objectId: "task_1",
                details: new { name = "Fix login" }),
            View("e8", "12:07:30.123456", "ai_chat_created", "ai", "ai", Bob, "Bob", objectId: "chat_1"),
        }.OrderByDescending(e => e.Created),
    ];

    public static readonly IReadOnlyDictionary<string, string> WorkspaceNames =
        new Dictionary<string, string> { [Workspace] = "Engineering" };

    public static EventView View(
        string id, string time, string name, string category, string subcategory, string callerId, string callerName,
        string? objectId = null, string? userId = null, object? details = null, string? workspaceId = Workspace,
        string? orgId = Org, string? shareId = null) => new()
    {
        EventId = id,
        Created = DateTime.Parse("2025-01-01T" + time + "Z", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal),
        Acknowledged = false,
        Name = name,
        Category = category,
        Subcategory = subcategory,
        CallingUserId = callerId,
        CallingUserName = callerName,
        OrgId = orgId,
        WorkspaceId = workspaceId,
        ShareId = shareId,
        UserId = userId,
        ObjectId = objectId,
        DetailsJson = details is null ? null : JsonSerializer.Serialize(details),
    };
}
