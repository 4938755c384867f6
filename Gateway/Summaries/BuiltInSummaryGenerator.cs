using System.Globalization;
using System.Text;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Writes a summary without a language model: an overview sentence from the metrics, then the largest
/// groups of activity (those the focus guidance asks about first) with the people, files and places they
/// concern as pills, then a tally of the rest. Used when no chat provider is configured, so the endpoint
/// answers out of the box and its output is reproducible.
/// </summary>
public sealed class BuiltInSummaryGenerator : ISummaryGenerator
{
    public const string GeneratorName = "builtin";

    /// <summary>Enough to tell the main story in a few sentences; the tally covers the rest.</summary>
    public const int MaxGroupSentences = 3;

    public const int MaxExamples = 2;

    public const int MaxTallies = 4;

    public string Name => GeneratorName;

    public Task<GeneratedSummary> GenerateAsync(SummaryInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new GeneratedSummary(Write(input), GeneratorName, null, 0, 0, 0));

    public static string Write(SummaryInput input)
    {
        var text = new StringBuilder();
        var workspaces = input.Events.Select(e => e.View.WorkspaceId).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        text.Append(Overview(input, workspaces));

        var focus = SummaryFocus.Parse(input.UserContext);
        var told = Significant(input.Activity, focus);
        if (!focus.IsEmpty && told.All(g => focus.Score(g) == 0))
        {
            text.Append(" None of these events match the focus asked for.");
        }

        foreach (var group in told)
        {
            var place = input.Subject is null && workspaces.Count > 1 && group.Places.Count == 1
                ? " in " + group.Places[0].Pill
                : string.Empty;
            text.Append(' ').Append(Sentence(group, place));
        }

        var rest = input.Activity.Except(told).ToList();
        if (rest.Count > 0)
        {
            text.Append(' ').Append(Tally(rest));
        }

        return text.ToString();
    }

    /// <summary>
    /// The groups worth a sentence: those the focus asks about first, then the largest, one per person
    /// before anyone gets a second, so a summary tells who did what rather than one person's every move.
    /// </summary>
    private static List<ActivityGroup> Significant(IReadOnlyList<ActivityGroup> activity, SummaryFocus focus)
    {
        var ranked = activity.Select((group, index) => (Group: group, Score: focus.Score(group), Index: index))
            .OrderByDescending(g => g.Score)
            .ThenBy(g => g.Index)
            .Select(g => g.Group)
            .ToList();
        var chosen = ranked.GroupBy(g => g.ActorId, StringComparer.Ordinal).Select(g => g.First())
            .Take(MaxGroupSentences).ToList();
        chosen.AddRange(ranked.Except(chosen).Take(MaxGroupSentences - chosen.Count));
        return ranked.Where(chosen.Contains).ToList();
    }

    private static string Overview(SummaryInput input, List<string> workspaces)
    {
        var metrics = input.Metrics;
        var events = metrics.TotalEvents == 1 ? "1 event" : $"{metrics.TotalEvents} events";
        var people = metrics.UniqueActors == 1 ? "1 person" : $"{metrics.UniqueActors} people";
        var inWorkspaces = input.Events.Count(e => e.View.WorkspaceId is not null);
        var where = input.Subject is { } subject ? " in " + subject.Pill
            : workspaces.Count == 1 && input.Mentions.Find(MentionKind.Workspace, workspaces[0]) is { } only
                ? inWorkspaces == metrics.TotalEvents ? " in " + only.Pill : $", {inWorkspaces} of them in {only.Pill}"
            : workspaces.Count > 1 ? $" across {workspaces.Count} workspaces"
            : string.Empty;
        return $"{events} {When(metrics.Start, metrics.End)} by {people}{where}.";
    }

    private static string When(DateTime start, DateTime end)
    {
        static string Minute(DateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
        static string Day(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (start == end)
        {
            return $"at {Minute(start)} UTC on {Day(start)}";
        }

        return start.Date == end.Date
            ? $"between {Minute(start)} and {Minute(end)} UTC on {Day(start)}"
            : $"between {Day(start)} {Minute(start)} and {Day(end)} {Minute(end)} UTC";
    }

    private static string Sentence(ActivityGroup group, string place)
    {
        var actor = group.Actor?.Pill ?? "A user";
        var examples = group.Phrase.Counts switch
        {
            PhraseCounts.Objects => group.Objects,
            PhraseCounts.Targets => group.Targets,
            _ => [],
        };
        var repeats = group.Count > group.Units ? Times(group.Count) : string.Empty;
        if (group.Units == 1 && examples.Count == 1)
        {
            var role = group.Phrase.Singular.EndsWith(" member", StringComparison.Ordinal)
                ? " as " + ActivityPhrase.Article(group.Phrase.Singular) + " " + group.Phrase.Singular
                : string.Empty;
            return $"{actor} {group.Phrase.Verb} {examples[0].Pill}{role}{repeats}{place}.";
        }

        var action = $"{actor} {group.Phrase.Action(group.Units)}{repeats}{place}";
        if (examples.Count == 0)
        {
            return action + ".";
        }

        var shown = examples.Take(MaxExamples).Select(m => m.Pill).ToList();
        return examples.Count <= MaxExamples && examples.Count == group.Units
            ? $"{action}: {Join(shown)}."
            : $"{action}, including {Join(shown)}.";
    }

    private static string Times(int count) => count == 2 ? " twice" : $" {count} times";

    private static string Tally(List<ActivityGroup> rest)
    {
        var byPhrase = rest.GroupBy(g => g.Phrase.Key, StringComparer.Ordinal)
            .Select(g => (Phrase: g.First().Phrase, Count: Units(g.ToList())))
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.Phrase.Key, StringComparer.Ordinal)
            .ToList();
        var parts = byPhrase.Take(MaxTallies).Select(p => p.Phrase.Tally(p.Count)).ToList();
        var others = byPhrase.Skip(MaxTallies).Sum(p => p.Count);
        if (others > 0)
        {
            parts.Add(others == 1 ? "1 other event" : $"{others} other events");
        }

        return $"Other activity: {Join(parts)}.";
    }

    /// <summary>Distinct things acted on across people where every group knows them, else events.</summary>
    private static int Units(List<ActivityGroup> groups) => groups.All(g => g.Subjects is not null)
        ? groups.SelectMany(g => g.Subjects!).Distinct(StringComparer.Ordinal).Count()
        : groups.Sum(g => g.Count);

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => string.Empty,
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };
}
