using System.Collections.Frozen;

namespace FastIo.Orleans.Events;

/// <summary>
/// The events this product records: the single source of each name's category, subcategory, default
/// visibility and default permission. A name outside the catalog is refused at ingestion.
/// </summary>
public static class EventCatalog
{
    private static readonly FrozenDictionary<string, EventDefinition> Definitions = Build().ToFrozenDictionary(
        d => d.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<EventDefinition> All => Definitions.Values;

    /// <summary>Every category value the API accepts as a search filter.</summary>
    public static readonly FrozenSet<string> Categories = new[]
    {
        "upload", "user", "org", "workspace", "share", "ai", "invitation", "email", "billing", "metadata",
        "domain", "apps", "workflow",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every subcategory value the API accepts as a search filter.</summary>
    public static readonly FrozenSet<string> Subcategories = new[]
    {
        "storage", "comments", "members", "lifecycle", "settings", "security", "authentication", "ai",
        "invitations", "billing", "assets", "upload", "transfer", "import_export", "quickshare", "metadata",
        "workflow",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool TryGet(string? name, out EventDefinition definition)
    {
        if (name is not null && Definitions.TryGetValue(name, out var found))
        {
            definition = found;
            return true;
        }

        definition = null!;
        return false;
    }

    private static IEnumerable<EventDefinition> Build()
    {
        const EventVisibility External = EventVisibility.External;
        const EventVisibility Audit = EventVisibility.ExternalAuditLog;
        const EventVisibility Internal = EventVisibility.Internal;
        const EventPermission Member = EventPermission.Member;
        const EventPermission Admin = EventPermission.Admin;
        const EventPermission Targeted = EventPermission.Targeted;

        string[] storage =
        [
            "file_added", "file_deleted", "file_moved", "file_copied", "file_updated", "file_restored",
            "folder_created", "folder_deleted", "folder_moved", "download_token_created", "zip_downloaded",
            "file_version_restored", "link_added",
        ];
        foreach (var action in storage)
        {
            yield return new("workspace_storage_" + action, "workspace", "storage", External, Member,
                EventScope.Workspace);
        }

        foreach (var action in storage.Take(11))
        {
            yield return new("share_storage_" + action, "share", "storage", External, Member, EventScope.Share);
        }

        foreach (var name in Names("upload_session_created upload_completed upload_failed"))
        {
            yield return new(name, "upload", "upload", External, Targeted, EventScope.Any);
        }

        foreach (var name in Names("comment_created comment_updated comment_deleted comment_replied comment_reaction"))
        {
            yield return new(name, null, "comments", External, Member, EventScope.Context);
        }

        yield return new("comment_mentioned", null, "comments", External, Targeted, EventScope.Context);

        yield return new("added_member_to_org", null, "members", Audit, Member, EventScope.Org);
        yield return new("added_member_to_workspace", null, "members", Audit, Member, EventScope.Workspace);
        yield return new("added_member_to_share", null, "members", Audit, Member, EventScope.Share);
        yield return new("removed_member_from_org", null, "members", Audit, Member, EventScope.Org);
        yield return new("removed_member_from_workspace", null, "members", Audit, Member, EventScope.Workspace);
        yield return new("removed_member_from_share", null, "members", Audit, Member, EventScope.Share);
        yield return new("membership_updated", null, "members", Audit, Member, EventScope.Context);

        foreach (var name in Names(
            "workspace_created workspace_updated workspace_deleted workspace_archived workspace_unarchived"))
        {
            yield return new(name, "workspace", "lifecycle", Audit, Member, EventScope.Workspace);
        }

        foreach (var name in Names(
            "share_created share_updated share_deleted share_archived share_unarchived share_imported_to_workspace"))
        {
            yield return new(name, "share", "lifecycle", Audit, Member, EventScope.Share);
        }

        yield return new("workspace_settings_updated", "workspace", "settings", Audit, Admin, EventScope.Workspace);
        yield return new("share_settings_updated", "share", "settings", Audit, Admin, EventScope.Share);
        yield return new("org_settings_updated", "org", "settings", Audit, Admin, EventScope.Org);
        yield return new("org_security_policy_updated", "org", "security", Audit, Admin, EventScope.Org);
        yield return new("user_login_failed", "user", "security", Audit, Targeted, EventScope.User);
        yield return new("user_password_changed", "user", "security", Audit, Targeted, EventScope.User);

        foreach (var name in Names(
            "ai_chat_created ai_chat_new_message ai_chat_updated ai_chat_deleted ai_chat_published " +
            "node_ai_summary_created workspace_ai_share_created events_summary_generated"))
        {
            yield return new(name, "ai", "ai", External, Member, EventScope.Context);
        }

        foreach (var name in Names(
            "metadata_kv_update metadata_kv_delete metadata_kv_extract metadata_template_update " +
            "metadata_template_delete metadata_view_update metadata_view_delete"))
        {
            yield return new(name, "metadata", "metadata", External, Member, EventScope.Context);
        }

        foreach (var name in Names(
            "workspace_quickshare_created workspace_quickshare_updated workspace_quickshare_deleted " +
            "workspace_quickshare_file_downloaded workspace_quickshare_file_previewed"))
        {
            yield return new(name, "workspace", "quickshare", External, Member, EventScope.Workspace);
        }

        foreach (var name in Names("invitation_email_sent invitation_accepted invitation_declined"))
        {
            yield return new(name, "invitation", "invitations", Audit, Targeted, EventScope.Context);
        }

        foreach (var name in Names("user_created user_updated user_deleted user_email_reset"))
        {
            yield return new(name, "user", "lifecycle", Audit, Targeted, EventScope.User);
        }

        yield return new("user_asset_updated", "user", "assets", Audit, Targeted, EventScope.User);

        foreach (var name in Names("org_created org_updated org_closed"))
        {
            yield return new(name, "org", "lifecycle", Audit, Admin, EventScope.Org);
        }

        foreach (var name in Names("org_transfer_token_created org_transfer_completed"))
        {
            yield return new(name, "org", "transfer", Audit, Admin, EventScope.Org);
        }

        foreach (var name in Names(
            "subscription_created subscription_updated subscription_cancelled billing_free_trial_ended " +
            "invoice_paid invoice_payment_failed"))
        {
            yield return new(name, "billing", "billing", Audit, Admin, EventScope.Org);
        }

        foreach (var name in Names("workspace_export_started workspace_export_completed workspace_import_completed"))
        {
            yield return new(name, "workspace", "import_export", Audit, Admin, EventScope.Workspace);
        }

        foreach (var name in Names("org_domain_added org_domain_verified org_domain_removed"))
        {
            yield return new(name, "domain", "settings", Audit, Admin, EventScope.Org);
        }

        foreach (var name in Names("app_installed app_removed"))
        {
            yield return new(name, "apps", "settings", Audit, Admin, EventScope.Context);
        }

        foreach (var name in Names(
            "task_list_created task_list_updated task_list_deleted task_created task_updated task_completed " +
            "task_deleted worklog_added approval_requested approval_granted approval_rejected todo_created " +
            "todo_completed"))
        {
            yield return new(name, "workflow", "workflow", External, Member, EventScope.Context);
        }

        yield return new("stripe_webhook_received", "billing", "billing", Internal, Admin, EventScope.Org);
        yield return new("profile_snapshot_written", null, "lifecycle", Internal, Admin, EventScope.Context);
    }

    private static string[] Names(string spaceSeparated) =>
        spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
