namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// The built-in summariser's reading of <c>user_context</c>: the words that name kinds of activity
/// ("uploads", "comments", "members"), matched against event names, categories and the phrases used, so
/// the activity asked about is told first. Words it does not know change nothing.
/// </summary>
public sealed class SummaryFocus
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "focus", "the", "and", "for", "with", "about", "what", "who", "show", "please", "summary", "summarize",
        "summarise", "activity", "event", "recent", "only", "mostly", "this", "that", "any", "all", "new", "made",
    };

    /// <summary>Words whose activity is named differently in the catalog.</summary>
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["upload"] = ["upload", "file_added"],
        ["membership"] = ["members"],
        ["people"] = ["members"],
        ["setting"] = ["settings"],
        ["issue"] = ["task"],
        ["pull"] = ["task"],
        ["commit"] = ["file_updated"],
        ["edit"] = ["file_updated", "comment_updated"],
        ["change"] = ["file_updated", "settings"],
        ["delete"] = ["deleted"],
        ["deletion"] = ["deleted"],
    };

    private readonly IReadOnlyList<string[]> _words;

    private SummaryFocus(IReadOnlyList<string[]> words) => _words = words;

    public bool IsEmpty => _words.Count == 0;

    public static SummaryFocus Parse(string userContext) => new(
        userContext.ToLowerInvariant()
            .Split([' ', '.', ',', '!', '?', '\'', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(Stem)
            .Where(w => w.Length >= 3 && !Ignored.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .Select(w => Synonyms.TryGetValue(w, out var also) ? [w, .. also] : new[] { w })
            .ToList());

    /// <summary>How many focus words the group's activity answers to.</summary>
    public int Score(ActivityGroup group) => _words.Count(alternatives => alternatives.Any(word =>
        group.Topics.Any(t => t.Contains(word, StringComparison.Ordinal))
        || group.Phrase.Plural.Contains(word, StringComparison.Ordinal)
        || group.Phrase.Verb.Contains(word, StringComparison.Ordinal)));

    private static string Stem(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 ? word[..^3] + "y"
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1]
        : word;
}
