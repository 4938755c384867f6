using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Grains.Ingestion;

/// <summary>
/// Checks what can be checked of an item without any profile's state: the catalog, required fields, ID
/// formats and lengths. Problems are named as the caller wrote them, e.g. <c>events[3].workspace_id</c>.
/// </summary>
public static class IngestItemValidator
{
    public const int MaxBatchSize = 1000;
    public const int MaxNameLength = 200;
    public const int MaxObjectIdLength = 128;
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxDetailsLength = 16 * 1024;

    private static readonly string[] CreationEvents = ["user_created", "org_created", "workspace_created",
        "share_created"];

    public static void Validate(IngestItem item, List<InputProblem> problems)
    {
        void Problem(string field, string message) =>
            problems.Add(new InputProblem($"events[{item.Index}].{field}", message));

        if (item.Activity is { } keys)
        {
            CheckActivityKeys(keys, Problem);
        }

        if (item.IsActivityOnly)
        {
            CheckActivityOnly(item, Problem);
            return;
        }

        if (!EventCatalog.TryGet(item.Event, out var definition))
        {
            Problem("event",
                item.Event is null ? "is required" : $"'{Truncate(item.Event)}' is not in the event catalog");
            return;
        }

        if (!ProfileIds.IsValid(item.CallingUserId))
        {
            Problem("calling_user_id", "is required and must be a 20-digit user ID");
        }

        if (string.IsNullOrWhiteSpace(item.CallingUserName) || item.CallingUserName.Length > MaxNameLength)
        {
            Problem("calling_user_name", $"is required, at most {MaxNameLength} characters");
        }

        CheckProfileId(item.OrgId, "org_id", Problem);
        CheckProfileId(item.WorkspaceId, "workspace_id", Problem);
        CheckProfileId(item.ShareId, "share_id", Problem);
        CheckProfileId(item.UserId, "user_id", Problem);
        CheckScope(item, definition, Problem);

        if (item.ObjectId is { } objectId && (objectId.Length is 0 or > MaxObjectIdLength || HasControl(objectId)))
        {
            Problem("object_id", $"must be 1 to {MaxObjectIdLength} printable characters");
        }

        if (item.ParentEventId is { } parent && !EventIds.IsWellFormed(parent))
        {
            Problem("parent_event_id", "must be an event ID: 1 to 64 characters of A-Z a-z 0-9 _ -");
        }

        if (item.Visibility is not null && !EventLevels.TryParseVisibility(item.Visibility, out _))
        {
            Problem("visibility", "must be internal, external_audit_log or external");
        }

        if (item.Permission is not null && !EventLevels.TryParsePermission(item.Permission, out _))
        {
            Problem("permission", "must be member, admin or targeted");
        }

        if (item.IdempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKeyLength || HasControl(key)))
        {
            Problem("idempotency_key", $"must be 1 to {MaxIdempotencyKeyLength} printable characters");
        }

        if (item.DetailsJson is { Length: > MaxDetailsLength })
        {
            Problem("details", $"must be at most {MaxDetailsLength} bytes of JSON");
        }

        IngestDetails details;
        try
        {
            details = IngestDetails.Read(item.DetailsJson);
        }
        catch (System.Text.Json.JsonException)
        {
            Problem("details", "must be a JSON object");
            return;
        }

        if (details.Role is not null && !ProfileRoles.TryParse(details.Role, out _))
        {
            Problem("details.role", "must be member, admin or owner");
        }

        if (item.Event == "membership_updated" && details.Role is null)
        {
            Problem("details.role", "is required for membership_updated");
        }

        if (details.Name is { Length: > MaxNameLength })
        {
            Problem("details.name", $"must be at most {MaxNameLength} characters");
        }
    }

    /// <summary>
    /// The profile whose log holds the event: the most specific one named (share, else workspace, else org,
    /// else the user it concerns). Membership changes are the exception: adding to or removing from an org
    /// changes the org, whatever else the event names, so they go to the level the event is about.
    /// </summary>
    public static string OwnerOf(IngestItem item) => OwnerKindOf(item).Field switch
    {
        "share_id" => item.ShareId!,
        "workspace_id" => item.WorkspaceId!,
        "org_id" => item.OrgId!,
        "user_id" => item.UserId!,
        _ => item.CallingUserId!,
    };

    /// <summary>What kind of profile the owner must be, and which field names it.</summary>
    public static (ProfileKind Kind, string Field) OwnerKindOf(IngestItem item)
    {
        var scope = EventCatalog.TryGet(item.Event, out var definition) && definition.ChangesMembership
            ? definition.Scope
            : EventScope.Context;
        return scope switch
        {
            EventScope.Org when item.OrgId is not null => (ProfileKind.Org, "org_id"),
            EventScope.Workspace when item.WorkspaceId is not null => (ProfileKind.Workspace, "workspace_id"),
            EventScope.Share when item.ShareId is not null => (ProfileKind.Share, "share_id"),
            _ => item.ShareId is not null ? (ProfileKind.Share, "share_id")
                : item.WorkspaceId is not null ? (ProfileKind.Workspace, "workspace_id")
                : item.OrgId is not null ? (ProfileKind.Org, "org_id")
                : item.UserId is not null ? (ProfileKind.User, "user_id")
                : (ProfileKind.User, "calling_user_id"),
        };
    }

    /// <summary>The kind of profile an event creates, if it is one of the four creation events.</summary>
    public static ProfileKind CreatedKindOf(string? eventName) => eventName switch
    {
        "user_created" => ProfileKind.User,
        "org_created" => ProfileKind.Org,
        "workspace_created" => ProfileKind.Workspace,
        "share_created" => ProfileKind.Share,
        _ => ProfileKind.Unknown,
    };

    private static void CheckScope(IngestItem item, EventDefinition definition, Action<string, string> problem)
    {
        switch (definition.Scope)
        {
            case EventScope.Workspace when item.WorkspaceId is null:
                problem("workspace_id", $"is required for {definition.Name}");
                break;
            case EventScope.Share when item.ShareId is null:
                problem("share_id", $"is required for {definition.Name}");
                break;
            case EventScope.Org when item.OrgId is null:
                problem("org_id", $"is required for {definition.Name}");
                break;
            case EventScope.User when item.UserId is null:
                problem("user_id", $"is required for {definition.Name}");
                break;
            case EventScope.Context when item.ShareId is null && item.WorkspaceId is null && item.OrgId is null:
                problem("org_id", $"one of share_id, workspace_id or org_id is required for {definition.Name}");
                break;
        }

        if (definition.ChangesMembership && item.UserId is null)
        {
            problem("user_id", $"is required for {definition.Name}: it names the member");
        }

        // A creation event must land in the log of the profile it creates, so nothing more specific may be named.
        var created = CreatedKindOf(definition.Name);
        if (created != ProfileKind.Unknown && Array.IndexOf(CreationEvents, definition.Name) >= 0)
        {
            var (ownerKind, field) = OwnerKindOf(item);
            if (ownerKind != created)
            {
                problem(field, $"must not be set on {definition.Name}: the event belongs to the profile it creates");
            }
        }

        if (definition.Name == "share_created" && item.WorkspaceId is null)
        {
            problem("workspace_id", "is required for share_created: a share belongs to a workspace");
        }
    }

    private static void CheckActivityKeys(IReadOnlyList<string> keys, Action<string, string> problem)
    {
        if (keys.Count is 0 or > ActivityKeys.MaxKeysPerItem)
        {
            problem("activity", $"must hold 1 to {ActivityKeys.MaxKeysPerItem} activity keys, not {keys.Count}");
            return;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (!ActivityKeys.IsValid(keys[i]))
            {
                problem($"activity[{i}]", "is not an activity key: a profile-level name (storage, comments, members, "
                    + "settings, ...) or prefix:id (storage:, comments:, member:, preview:, upload:, ...) with an ID "
                    + $"of 1 to {ActivityKeys.MaxObjectIdLength} printable characters, no spaces or commas");
            }
        }
    }

    /// <summary>An item with keys and no event sets the keys on one named profile and records nothing.</summary>
    private static void CheckActivityOnly(IngestItem item, Action<string, string> problem)
    {
        CheckProfileId(item.OrgId, "org_id", problem);
        CheckProfileId(item.WorkspaceId, "workspace_id", problem);
        CheckProfileId(item.ShareId, "share_id", problem);
        CheckProfileId(item.UserId, "user_id", problem);
        if (item.CallingUserId is not null && !ProfileIds.IsValid(item.CallingUserId))
        {
            problem("calling_user_id", "must be a 20-digit user ID");
        }

        if (item.ShareId is null && item.WorkspaceId is null && item.OrgId is null && item.UserId is null)
        {
            problem("user_id", "an item with activity keys and no event needs the profile they belong to: "
                + "share_id, workspace_id, org_id or user_id");
        }

        var eventOnly = new (string Field, object? Value)[]
        {
            ("object_id", item.ObjectId), ("parent_event_id", item.ParentEventId), ("visibility", item.Visibility),
            ("permission", item.Permission), ("occurred_at", item.OccurredAt), ("details", item.DetailsJson),
            ("idempotency_key", item.IdempotencyKey),
        };
        foreach (var (field, value) in eventOnly)
        {
            if (value is not null)
            {
                problem(field, "is only taken with an event: an item with activity keys alone records nothing");
            }
        }
    }

    private static void CheckProfileId(string? value, string field, Action<string, string> problem)
    {
        if (value is not null && !ProfileIds.IsValid(value))
        {
            problem(field, "must be a 20-digit profile ID");
        }
    }

    private static bool HasControl(string value) => value.Any(char.IsControl);

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "...";
}
