using FastIo.Orleans.Events;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// The allow-list of everything a summary may pill: users, files, folders, workspaces and shares named by
/// the matched events, with the names those events (or the profiles themselves) give them. A pill whose
/// type and ID are not here does not leave the gateway.
/// </summary>
public sealed class MentionCatalog
{
    /// <summary>How many workspaces and shares a summary looks up names for; the busiest ones.</summary>
    public const int MaxProfileLookups = 8;

    private readonly Dictionary<(MentionKind Kind, string Id), Mention> _mentions = [];
    private readonly Dictionary<(MentionKind Kind, string Id), int> _references = [];

    public int Count => _mentions.Count;

    /// <summary>
    /// Builds the allow-list. <paramref name="profileNames"/> holds current names of workspaces and shares
    /// (by ID) looked up from their profiles; they win over older names found in the events.
    /// </summary>
    public static MentionCatalog From(
        IReadOnlyList<SummaryEvent> events, IReadOnlyDictionary<string, string>? profileNames = null)
    {
        var catalog = new MentionCatalog();
        var userNames = KnownUserNames(events);

        // Events are newest first, so the first name seen for an ID is its most recent one.
        foreach (var e in events)
        {
            var view = e.View;
            catalog.Add(MentionKind.User, view.CallingUserId, view.CallingUserName);
            if (view.UserId is { } target)
            {
                catalog.Add(MentionKind.User, target,
                    e.Detail("member_name") ?? userNames.GetValueOrDefault(target) ?? UserCreatedName(e));
            }

            if (FileOf(e) is { } file)
            {
                catalog.Add(MentionKind.File, view.ObjectId, file);
            }

            if (FolderOf(e) is { } folder)
            {
                catalog.Add(MentionKind.Folder, view.ObjectId, folder);
            }

            catalog.Add(MentionKind.Workspace, view.WorkspaceId,
                IsOwnLifecycle(view, "workspace") && view.ShareId is null ? e.Detail("name") : null);
            catalog.Add(MentionKind.Share, view.ShareId, IsOwnLifecycle(view, "share") ? e.Detail("name") : null);
        }

        foreach (var (id, name) in profileNames ?? new Dictionary<string, string>())
        {
            catalog.Rename(MentionKind.Workspace, id, name);
            catalog.Rename(MentionKind.Share, id, name);
        }

        return catalog;
    }

    /// <summary>The workspaces and shares the events refer to most, whose current names are worth a lookup.</summary>
    public static IReadOnlyList<string> BusiestProfiles(
        IReadOnlyList<SummaryEvent> events, int max = MaxProfileLookups) =>
        events.SelectMany(e => new[] { e.View.WorkspaceId, e.View.ShareId })
            .OfType<string>()
            .GroupBy(id => id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(g => g.Key)
            .ToList();

    public bool TryGet(MentionKind kind, string id, out Mention mention) =>
        _mentions.TryGetValue((kind, id), out mention!);

    public Mention? Find(MentionKind kind, string? id) =>
        id is not null && _mentions.TryGetValue((kind, id), out var mention) ? mention : null;

    /// <summary>Every mention, the most referred to first; ties in ID order so prompts are reproducible.</summary>
    public IReadOnlyList<Mention> Ranked(int max) =>
        _mentions.Values
            .OrderByDescending(m => _references.GetValueOrDefault((m.Kind, m.Id)))
            .ThenBy(m => m.Kind)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .Take(max)
            .ToList();

    /// <summary>The file a storage, upload or quick share event concerns, by the filename its details give.</summary>
    public static string? FileOf(SummaryEvent e) =>
        e.View.Subcategory is "storage" or "upload" or "quickshare" && !e.View.Name.Contains("folder")
            ? e.Detail("filename")
            : null;

    /// <summary>The folder a storage event concerns, by the folder name its details give.</summary>
    public static string? FolderOf(SummaryEvent e) =>
        e.View.Subcategory == "storage" && e.View.Name.Contains("folder")
            ? e.Detail("foldername") ?? e.Detail("name")
            : null;

    private void Add(MentionKind kind, string? id, string? name)
    {
        if (id is null || !Mention.IsPillId(kind, id))
        {
            return;
        }

        _references[(kind, id)] = _references.GetValueOrDefault((kind, id)) + 1;
        if (!_mentions.ContainsKey((kind, id)) && Mention.Create(kind, id, name) is { } mention)
        {
            _mentions[(kind, id)] = mention;
        }
    }

    private void Rename(MentionKind kind, string id, string name)
    {
        if (_references.ContainsKey((kind, id)) && Mention.Create(kind, id, name) is { } mention)
        {
            _mentions[(kind, id)] = mention;
        }
    }

    /// <summary>Names users have where they act, so a member added by someone else can be named too.</summary>
    private static Dictionary<string, string> KnownUserNames(IReadOnlyList<SummaryEvent> events)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            names.TryAdd(e.View.CallingUserId, e.View.CallingUserName);
        }

        return names;
    }

    private static string? UserCreatedName(SummaryEvent e) =>
        e.View.Name is "user_created" or "user_updated" ? e.Detail("name") : null;

    /// <summary>A creation or update of the profile itself, whose details name it.</summary>
    private static bool IsOwnLifecycle(EventView view, string category) =>
        view.Category == category && view.Subcategory == "lifecycle";
}
