using FastIo.Orleans.Events;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Everything a generator is given, all derived from the matched events: the events themselves, their
/// exact metrics and activity groups, the allow-list of mentions, and the caller's focus guidance.
/// </summary>
public sealed record SummaryInput(
    IReadOnlyList<SummaryEvent> Events,
    SummaryMetrics Metrics,
    MentionCatalog Mentions,
    IReadOnlyList<ActivityGroup> Activity,
    string UserContext,
    Mention? Subject)
{
    /// <param name="events">The matched events, newest first; at least one.</param>
    /// <param name="userContext">Validated focus guidance, "" for none.</param>
    /// <param name="subjectId">The profile searched, named in the summary when it is a workspace or share.</param>
    /// <param name="profileNames">Current names of workspaces and shares, by ID, where they were looked up.</param>
    public static SummaryInput Create(
        IReadOnlyList<EventView> events, string userContext, string? subjectId = null,
        IReadOnlyDictionary<string, string>? profileNames = null) =>
        Create(SummaryEvent.From(events), userContext, subjectId, profileNames);

    public static SummaryInput Create(
        IReadOnlyList<SummaryEvent> events, string userContext, string? subjectId = null,
        IReadOnlyDictionary<string, string>? profileNames = null)
    {
        var mentions = MentionCatalog.From(events, profileNames);
        var subject = subjectId is null
            ? null
            : mentions.Find(MentionKind.Workspace, subjectId) ?? mentions.Find(MentionKind.Share, subjectId);
        return new SummaryInput(events, SummaryMetrics.Of(events), mentions, ActivityGroup.Of(events, mentions),
            userContext, subject);
    }
}
