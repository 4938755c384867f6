namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// What one person did of one kind in the matched events, counted exactly: "updated 12 files", with the
/// files, the members it concerned and the workspaces or shares it happened in, most frequent first.
/// </summary>
public sealed record ActivityGroup(
    string ActorId,
    Mention? Actor,
    ActivityPhrase Phrase,
    int Count,
    IReadOnlyList<Mention> Objects,
    IReadOnlyList<Mention> Targets,
    IReadOnlyList<Mention> Places,
    IReadOnlySet<string> Topics,
    IReadOnlySet<string>? Subjects)
{
    /// <summary>How many things were acted on: distinct subjects where known, else events.</summary>
    public int Units => Subjects?.Count ?? Count;

    /// <summary>The groups of a set of events, the largest first; ties by actor and kind so output is stable.</summary>
    public static IReadOnlyList<ActivityGroup> Of(IReadOnlyList<SummaryEvent> events, MentionCatalog catalog) =>
        events.GroupBy(e => (e.View.CallingUserId, ActivityPhrase.For(e.View.Name).Key))
            .Select(g => Create(g.ToList(), catalog))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.ActorId, StringComparer.Ordinal)
            .ThenBy(g => g.Phrase.Key, StringComparer.Ordinal)
            .ToList();

    private static ActivityGroup Create(List<SummaryEvent> events, MentionCatalog catalog)
    {
        var first = events[0].View;
        var objects = Ranked(events.Select(e =>
            catalog.Find(MentionKind.File, e.View.ObjectId) ?? catalog.Find(MentionKind.Folder, e.View.ObjectId)));
        var targets = Ranked(events.Where(e => e.View.UserId != e.View.CallingUserId)
            .Select(e => catalog.Find(MentionKind.User, e.View.UserId)));
        var places = Ranked(events.Select(e => catalog.Find(MentionKind.Share, e.View.ShareId)
            ?? catalog.Find(MentionKind.Workspace, e.View.WorkspaceId)));
        var topics = events.SelectMany(e => new[] { e.View.Name, e.View.Category, e.View.Subcategory })
            .ToHashSet(StringComparer.Ordinal);
        var phrase = ActivityPhrase.For(first.Name);
        Func<SummaryEvent, string?>? subjectOf = phrase.Counts switch
        {
            PhraseCounts.Objects => e => e.View.ObjectId,
            PhraseCounts.Targets => e => e.View.UserId,
            _ => null,
        };
        IReadOnlySet<string>? subjects = subjectOf is not null && events.All(e => subjectOf(e) is not null)
            ? events.Select(e => subjectOf(e)!).ToHashSet(StringComparer.Ordinal)
            : null;
        return new ActivityGroup(first.CallingUserId, catalog.Find(MentionKind.User, first.CallingUserId),
            phrase, events.Count, objects, targets, places, topics, subjects);
    }

    private static List<Mention> Ranked(IEnumerable<Mention?> mentions) =>
        mentions.OfType<Mention>()
            .GroupBy(m => m)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Id, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
}
