namespace FastIo.Orleans.Tests.Permissions;

/// <summary>
/// The catalog names the random world uses, with the default visibility and permission the event catalog
/// document gives them, grouped by the profile IDs each needs. Written out here, not read from the product.
/// </summary>
public static class CatalogSample
{
    private static readonly Dictionary<string, (ModelVisibility Visibility, ModelPermission Permission)> Levels =
        Read("""
        user_created                   audit    targeted
        user_updated                   audit    targeted
        user_asset_updated             audit    targeted
        user_email_reset               audit    targeted
        user_login_failed              audit    targeted
        user_password_changed          audit    targeted
        org_created                    audit    admin
        org_updated                    audit    admin
        org_closed                     audit    admin
        org_settings_updated           audit    admin
        org_security_policy_updated    audit    admin
        org_transfer_token_created     audit    admin
        org_domain_added               audit    admin
        subscription_created           audit    admin
        invoice_paid                   audit    admin
        stripe_webhook_received        internal admin
        workspace_created              audit    member
        workspace_updated              audit    member
        workspace_archived             audit    member
        workspace_deleted              audit    member
        workspace_settings_updated     audit    admin
        workspace_export_started       audit    admin
        workspace_import_completed     audit    admin
        workspace_storage_file_added   external member
        workspace_storage_folder_moved external member
        workspace_storage_link_added   external member
        workspace_quickshare_created   external member
        share_created                  audit    member
        share_updated                  audit    member
        share_archived                 audit    member
        share_deleted                  audit    member
        share_settings_updated         audit    admin
        share_storage_file_added       external member
        share_storage_file_deleted     external member
        share_storage_zip_downloaded   external member
        added_member_to_org            audit    member
        added_member_to_workspace      audit    member
        added_member_to_share          audit    member
        removed_member_from_org        audit    member
        removed_member_from_workspace  audit    member
        removed_member_from_share      audit    member
        membership_updated             audit    member
        comment_created                external member
        comment_replied                external member
        comment_reaction               external member
        comment_mentioned              external targeted
        ai_chat_created                external member
        node_ai_summary_created        external member
        metadata_kv_update             external member
        task_created                   external member
        approval_requested             external member
        todo_completed                 external member
        invitation_email_sent          audit    targeted
        invitation_accepted            audit    targeted
        app_installed                  audit    admin
        profile_snapshot_written       internal admin
        upload_session_created         external targeted
        upload_completed               external targeted
        upload_failed                  external targeted
        """);

    /// <summary>Events that need <c>workspace_id</c>.</summary>
    public static readonly string[] WorkspaceEvents =
    [
        "workspace_updated", "workspace_archived", "workspace_settings_updated", "workspace_export_started",
        "workspace_import_completed", "workspace_storage_file_added", "workspace_storage_folder_moved",
        "workspace_storage_link_added", "workspace_quickshare_created",
    ];

    /// <summary>Events that need <c>share_id</c>.</summary>
    public static readonly string[] ShareEvents =
    [
        "share_updated", "share_archived", "share_settings_updated", "share_storage_file_added",
        "share_storage_file_deleted", "share_storage_zip_downloaded",
    ];

    /// <summary>Events that need <c>org_id</c>.</summary>
    public static readonly string[] OrgEvents =
    [
        "org_updated", "org_settings_updated", "org_security_policy_updated", "org_transfer_token_created",
        "org_domain_added", "subscription_created", "invoice_paid", "stripe_webhook_received",
    ];

    /// <summary>Events that happen in any org, workspace or share.</summary>
    public static readonly string[] ContextEvents =
    [
        "comment_created", "comment_replied", "comment_reaction", "comment_mentioned", "ai_chat_created",
        "node_ai_summary_created", "metadata_kv_update", "task_created", "approval_requested", "todo_completed",
        "invitation_email_sent", "invitation_accepted", "app_installed", "profile_snapshot_written",
    ];

    /// <summary>Events about a user (<c>user_id</c> required), with or without a profile around them.</summary>
    public static readonly string[] UserEvents =
    [
        "user_updated", "user_asset_updated", "user_email_reset", "user_login_failed", "user_password_changed",
    ];

    /// <summary>Events with no required profile at all: without one they land in a user's log.</summary>
    public static readonly string[] AnyProfileEvents = ["upload_session_created", "upload_completed", "upload_failed"];

    public static ModelVisibility VisibilityOf(string name) => Levels[name].Visibility;

    public static ModelPermission PermissionOf(string name) => Levels[name].Permission;

    public static bool IsTargeted(string name) => Levels[name].Permission == ModelPermission.Targeted;

    public static string ApiValue(ModelVisibility visibility) => visibility switch
    {
        ModelVisibility.Internal => "internal",
        ModelVisibility.AuditLog => "external_audit_log",
        _ => "external",
    };

    public static string ApiValue(ModelPermission permission) => permission switch
    {
        ModelPermission.Admin => "admin",
        ModelPermission.Targeted => "targeted",
        _ => "member",
    };

    public static string ApiValue(ModelRole role) => role switch
    {
        ModelRole.Owner => "owner",
        ModelRole.Admin => "admin",
        _ => "member",
    };

    private static Dictionary<string, (ModelVisibility, ModelPermission)> Read(string table) => table
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(
            cells => cells[0],
            cells => (cells[1] switch
            {
                "internal" => ModelVisibility.Internal,
                "audit" => ModelVisibility.AuditLog,
                _ => ModelVisibility.External,
            }, cells[2] switch
            {
                "admin" => ModelPermission.Admin,
                "targeted" => ModelPermission.Targeted,
                _ => ModelPermission.Member,
            }),
            StringComparer.Ordinal);
}
