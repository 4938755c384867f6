using FastIo.Orleans.Grains.Ingestion;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Grains.Profiles;

/// <summary>
/// Checks items, in order, against the profile they would meet: its kind and place in the hierarchy. A
/// creation event changes what later items meet, so one batch may create a profile and then use it.
/// </summary>
public struct DirectoryCheck(ProfileKind kind, string? orgId, string? workspaceId)
{
    public static DirectoryCheck Of(ProfileState state) => new(state.Kind, state.OrgId, state.WorkspaceId);

    public static DirectoryCheck Of(ProfileDirectoryEntry entry) => new(entry.Kind, entry.OrgId, entry.WorkspaceId);

    /// <summary>The org above the profile, as the items checked so far leave it.</summary>
    public readonly string? OrgId => orgId;

    /// <summary>The workspace above a share, as the items checked so far leave it.</summary>
    public readonly string? WorkspaceId => workspaceId;

    /// <summary>Built only for a problem: every item of every write passes through here.</summary>
    private static string NameOf(IngestItem item, string field) => $"events[{item.Index}].{field}";

    /// <summary>Adds the problems of one item and advances past it.</summary>
    public void Check(IngestItem item, List<InputProblem> problems)
    {
        var (expected, field) = IngestItemValidator.OwnerKindOf(item);
        if (item.IsActivityOnly)
        {
            // Keys may be set on a user's own profile before anything is recorded in it (upload progress).
            if (kind != expected && !(expected == ProfileKind.User && kind == ProfileKind.Unknown))
            {
                problems.Add(new InputProblem(NameOf(item, field), kind == ProfileKind.Unknown
                    ? $"no {Describe(expected)} with this ID exists"
                    : $"this ID is a {Describe(kind)}, not a {Describe(expected)}"));
            }

            return;
        }

        var created = IngestItemValidator.CreatedKindOf(item.Event);
        if (created != ProfileKind.Unknown && created == expected)
        {
            if (kind != ProfileKind.Unknown)
            {
                problems.Add(new InputProblem(NameOf(item, field), $"a {Describe(kind)} with this ID already exists"));
                return;
            }

            (kind, orgId, workspaceId) = (created, item.OrgId, item.WorkspaceId);
            return;
        }

        if (kind == ProfileKind.Unknown)
        {
            problems.Add(new InputProblem(NameOf(item, field), $"no {Describe(expected)} with this ID exists"));
            return;
        }

        if (kind != expected)
        {
            problems.Add(new InputProblem(
                NameOf(item, field), $"this ID is a {Describe(kind)}, not a {Describe(expected)}"));
            return;
        }

        if (expected is ProfileKind.Workspace or ProfileKind.Share && item.OrgId is { } org && org != orgId)
        {
            problems.Add(new InputProblem($"events[{item.Index}].org_id", orgId is null
                ? $"the {Describe(expected)} belongs to no org"
                : $"the {Describe(expected)} belongs to org {orgId}"));
        }

        if (expected is ProfileKind.Share && item.WorkspaceId is { } workspace && workspace != workspaceId)
        {
            problems.Add(new InputProblem($"events[{item.Index}].workspace_id",
                $"the share belongs to workspace {workspaceId}"));
        }
    }

    public static string Describe(ProfileKind kind) => kind switch
    {
        ProfileKind.Share => "share",
        ProfileKind.Workspace => "workspace",
        ProfileKind.Org => "org",
        ProfileKind.User => "user",
        _ => "profile",
    };
}
