using FastIo.Orleans.Events;

namespace FastIo.Orleans.Activity;

/// <summary>
/// The one place that says which activity keys a recorded event touches, by its catalog subcategory:
/// <list type="table">
/// <item><term>storage</term><description><c>storage</c>, <c>storage:{object_id}</c></description></item>
/// <item><term>comments</term><description><c>comments</c>, <c>comments:{object_id}</c></description></item>
/// <item><term>members</term><description><c>members</c>, <c>member:{user_id}</c></description></item>
/// <item><term>lifecycle, settings, transfer, assets</term><description><c>settings</c></description></item>
/// <item><term>security</term><description><c>security</c></description></item>
/// <item><term>ai</term><description><c>ai_chat</c>, <c>ai_chat:{object_id}</c> for <c>ai_chat_*</c>;
/// <c>ai</c> and <c>storage:{object_id}</c> for a node summary; <c>ai</c> otherwise</description></item>
/// <item><term>metadata, quickshare, workflow</term><description>the subcategory and
/// <c>{subcategory}:{object_id}</c></description></item>
/// <item><term>invitations, billing</term><description>the subcategory</description></item>
/// <item><term>import_export</term><description><c>storage</c> for an import, <c>settings</c> otherwise
/// </description></item>
/// <item><term>upload</term><description><c>upload</c>, <c>upload:{object_id}</c>, on the uploader's own user
/// profile only (upload events are targeted at the uploader, so other members learn nothing from them)
/// </description></item>
/// </list>
/// Keys land on the profile whose log holds the event, except upload keys. Internal events touch nothing.
/// A per-object key is left out when the ID cannot be part of a key (see <see cref="ActivityKeys.ForObject"/>).
/// Preview keys (<c>preview:{id}</c>) and any other key come through the ingestion item's <c>activity</c> array.
/// </summary>
public static class ActivityKeyMap
{
    public static IReadOnlyList<string> KeysOf(
        string eventName, string subcategory, EventVisibility visibility, string? objectId, string? userId)
    {
        if (visibility == EventVisibility.Internal)
        {
            return [];
        }

        return subcategory switch
        {
            "storage" => With("storage", ActivityKeys.ForObject("storage", objectId)),
            "comments" => With("comments", ActivityKeys.ForObject("comments", objectId)),
            "members" => With("members", ActivityKeys.ForObject("member", userId)),
            "lifecycle" or "settings" or "transfer" or "assets" => ["settings"],
            "security" => ["security"],
            "ai" when eventName.StartsWith("ai_chat_", StringComparison.Ordinal) =>
                With("ai_chat", ActivityKeys.ForObject("ai_chat", objectId)),
            "ai" when eventName == "node_ai_summary_created" => With("ai", ActivityKeys.ForObject("storage", objectId)),
            "ai" => ["ai"],
            "metadata" or "quickshare" or "workflow" =>
                With(subcategory, ActivityKeys.ForObject(subcategory, objectId)),
            "invitations" or "billing" => [subcategory],
            "import_export" => [eventName == "workspace_import_completed" ? "storage" : "settings"],
            "upload" => With("upload", ActivityKeys.ForObject("upload", objectId)),
            _ => [],
        };
    }

    /// <summary>Upload keys go to the uploader's own user profile, wherever the event itself is recorded.</summary>
    public static bool GoesToUploader(string subcategory) => subcategory == "upload";

    private static string[] With(string profileKey, string? objectKey) =>
        objectKey is null ? [profileKey] : [profileKey, objectKey];
}
