namespace FastIo.Orleans.Replay.Mapping;

/// <summary>The event-catalog names the replay sends; every one must exist in the product's catalog.</summary>
public static class CatalogNames
{
    public const string UserCreated = "user_created";
    public const string OrgCreated = "org_created";
    public const string WorkspaceCreated = "workspace_created";
    public const string WorkspaceUpdated = "workspace_updated";
    public const string WorkspaceSettingsUpdated = "workspace_settings_updated";
    public const string AddedMemberToOrg = "added_member_to_org";
    public const string AddedMemberToWorkspace = "added_member_to_workspace";
    public const string ShareCreated = "share_created";
    public const string FileAdded = "workspace_storage_file_added";
    public const string FileUpdated = "workspace_storage_file_updated";
    public const string FolderCreated = "workspace_storage_folder_created";
    public const string FolderDeleted = "workspace_storage_folder_deleted";
    public const string CommentCreated = "comment_created";
    public const string TaskCreated = "task_created";
    public const string TaskUpdated = "task_updated";
    public const string TaskCompleted = "task_completed";
    public const string QuickshareFilePreviewed = "workspace_quickshare_file_previewed";
}
