using FastIo.Orleans.Replay.Activity;

namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// Turns one GH event into this product's events. This is the only place the mapping rules live: the
/// replay, the dry run and the expected counts all go through it. Every hour event happens in the
/// workspace of its repository, inside that workspace's org when it has one.
/// </summary>
public sealed class EventMapper(ProfileDirectory profiles)
{
    public IReadOnlyList<ProductEvent> Map(GhEvent gh)
    {
        var workspace = profiles.Workspace(gh.Repo.Id);
        var payload = gh.Payload;
        var item = new ItemFactory(gh, workspace);

        return gh.Type switch
        {
            GhEventTypes.Push => payload.CommitShas
                .Select((sha, index) => item.Make(index, CatalogNames.FileUpdated, sha, new()
                {
                    ["filename"] = $"{sha}.txt",
                    ["branch"] = Branch(payload.Ref),
                }))
                .ToList(),
            GhEventTypes.Gollum => payload.Pages
                .Select((page, index) => item.Make(index, CatalogNames.FileUpdated,
                    DerivedIds.From("page", workspace.Id, page.Name), new()
                    {
                        ["filename"] = $"{page.Name}.md",
                        ["page_action"] = page.Action,
                    }))
                .ToList(),
            GhEventTypes.Watch => [item.Make(0, CatalogNames.QuickshareFilePreviewed, null, Named(gh.Repo.Name))],
            GhEventTypes.Create when payload.RefType == "repository" =>
                [item.Make(0, CatalogNames.WorkspaceUpdated, null, Named(gh.Repo.Name))],
            GhEventTypes.Create => [Folder(item, CatalogNames.FolderCreated, workspace, payload)],
            GhEventTypes.Delete => [Folder(item, CatalogNames.FolderDeleted, workspace, payload)],
            GhEventTypes.IssueComment => [Comment(item, payload.IssueId, payload)],
            GhEventTypes.PullRequestReviewComment => [Comment(item, payload.PullRequestId, payload)],
            GhEventTypes.CommitComment => [Comment(item, PathId(workspace, payload.CommentPath), payload)],
            GhEventTypes.Issues => [Task(item, payload.IssueId, "issue", payload)],
            GhEventTypes.PullRequest => [Task(item, payload.PullRequestId, "pull_request", payload)],
            GhEventTypes.Fork => [Share(item, gh)],
            GhEventTypes.Release => [item.Make(0, CatalogNames.FileAdded, payload.ReleaseId, new()
            {
                ["filename"] = $"release-{payload.ReleaseId}.tar.gz",
                ["assets"] = payload.ReleaseAssets ?? 0,
            })],
            GhEventTypes.Member when payload.Member is { } member => [Member(item, member)],
            GhEventTypes.Public => [item.Make(0, CatalogNames.WorkspaceSettingsUpdated, null, new()
            {
                ["setting"] = "visibility",
                ["value"] = "public",
            })],
            _ => [],
        };
    }

    /// <summary>A fork's new share; derived from the fork's repository so it never collides with a workspace.</summary>
    public static string ShareIdFor(GhAccount forkee) => DerivedIds.From("share", forkee.Id);

    private static ProductEvent Folder(ItemFactory item, string name, WorkspaceProfile workspace, GhPayload payload)
    {
        // Create and delete of the same ref land on the same folder.
        var folderId = DerivedIds.From("folder", workspace.Id, payload.RefType ?? "", payload.Ref ?? "");
        return item.Make(0, name, folderId, new()
        {
            ["name"] = payload.Ref ?? "",
            ["ref_type"] = payload.RefType ?? "",
        });
    }

    private static ProductEvent Comment(ItemFactory item, string? nodeId, GhPayload payload)
    {
        // The object of a comment is the node commented on, so comments:{object_id} groups a thread.
        var details = new Dictionary<string, object>
        {
            ["comment_id"] = payload.CommentId ?? "",
            ["length"] = payload.CommentLength ?? 0,
        };
        if (payload.CommentPath is { } path)
        {
            details["filename"] = path;
        }

        return item.Make(0, CatalogNames.CommentCreated, nodeId ?? payload.CommentId, details);
    }

    private static ProductEvent Task(ItemFactory item, string? taskId, string kind, GhPayload payload)
    {
        var name = payload.Action switch
        {
            "opened" => CatalogNames.TaskCreated,
            "closed" => CatalogNames.TaskCompleted,
            _ => CatalogNames.TaskUpdated,
        };
        var details = new Dictionary<string, object>
        {
            ["kind"] = kind,
            ["name"] = $"{kind.Replace('_', ' ')} #{payload.Number ?? 0}",
            ["action"] = payload.Action ?? "",
        };
        if (payload.Merged is { } merged)
        {
            details["merged"] = merged;
        }

        return item.Make(0, name, taskId, details);
    }

    private static ProductEvent Share(ItemFactory item, GhEvent gh)
    {
        var forkee = gh.Payload.Forkee ?? new GhAccount(gh.Id, gh.Repo.Name);
        return item.Make(0, CatalogNames.ShareCreated, null, new()
        {
            ["name"] = forkee.Name,
            ["multiplayer"] = true,
        }) with { ShareId = ShareIdFor(forkee) };
    }

    private ProductEvent Member(ItemFactory item, GhAccount member) =>
        item.Make(0, CatalogNames.AddedMemberToWorkspace, null, new()
        {
            ["role"] = Roles.Member,
            ["member_name"] = profiles.User(member.Id).Name,
        }) with { UserId = member.Id };

    private static string? PathId(WorkspaceProfile workspace, string? path) =>
        path is null ? null : DerivedIds.From("file", workspace.Id, path);

    private static Dictionary<string, object> Named(string name) => new() { ["name"] = name };

    private static string Branch(string? gitRef) =>
        gitRef is { } value && value.StartsWith("refs/heads/", StringComparison.Ordinal) ? value[11..] : gitRef ?? "";

    /// <summary>Fills the fields every hour item shares: caller, profile context, time and idempotency key.</summary>
    private readonly struct ItemFactory(GhEvent gh, WorkspaceProfile workspace)
    {
        public ProductEvent Make(int index, string name, string? objectId, Dictionary<string, object> details) => new()
        {
            Event = name,
            CallingUserId = gh.Actor.Id,
            CallingUserName = gh.Actor.Name,
            OrgId = workspace.OrgId,
            WorkspaceId = workspace.Id,
            ObjectId = objectId,
            OccurredAt = gh.CreatedAt,
            IdempotencyKey = $"gh-{gh.Id}-{index}",
            Details = details,
        };
    }
}
