namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// The exact figures of a summary, counted from the matched events (the page the search returned), never
/// from generated text. <see cref="Categories"/> counts the events' <c>category</c> field (workspace,
/// share, ai, ...), most frequent first.
/// </summary>
public sealed record SummaryMetrics(
    int TotalEvents,
    int UniqueActors,
    DateTime Start,
    DateTime End,
    IReadOnlyList<KeyValuePair<string, int>> Categories)
{
    /// <summary>The metrics of a non-empty set of events.</summary>
    public static SummaryMetrics Of(IReadOnlyList<SummaryEvent> events)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("A summary needs at least one event.", nameof(events));
        }

        var categories = events.GroupBy(e => e.View.Category, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        return new SummaryMetrics(
            events.Count,
            events.Select(e => e.View.CallingUserId).Distinct(StringComparer.Ordinal).Count(),
            events.Min(e => e.CreatedSeconds),
            events.Max(e => e.CreatedSeconds),
            categories);
    }

    /// <summary>ISO 8601 with an explicit UTC offset, as the API shows <c>date_range</c>.</summary>
    public static string Iso(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
}
