using FastIo.Orleans.Events;
using FastIo.Orleans.Search;

namespace FastIo.Orleans.Grains.Search;

/// <summary>
/// Recent search answers of one profile, for ten seconds. The key is the whole query (caller, filters,
/// token scope, page) plus the caller's standing, so an answer is never shared across users or access
/// levels; the profile empties it whenever anything that could change an answer commits.
/// </summary>
public sealed class SearchCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 512;
    private readonly Dictionary<(EventQuery Query, bool CallerIsAdmin), Entry> _entries = [];

    private long _generation;

    /// <summary>Changes whenever the cache is emptied; an answer read before a change must not be kept.</summary>
    public long Generation => _generation;

    public bool TryGet(EventQuery query, bool callerIsAdmin, out SearchOutcome outcome)
    {
        if (TryGetEntry(query, callerIsAdmin) is { } entry)
        {
            outcome = entry.Outcome;
            return true;
        }

        outcome = null!;
        return false;
    }

    /// <summary>The answer as a rendered page, rendered on first use and kept with the entry.</summary>
    public bool TryGetPage(EventQuery query, bool callerIsAdmin, out SearchPage page)
    {
        if (TryGetEntry(query, callerIsAdmin) is { } entry)
        {
            page = entry.Page ??= Render(entry.Outcome);
            return true;
        }

        page = null!;
        return false;
    }

    public static SearchPage Render(SearchOutcome outcome) =>
        new(outcome.Status, EventJson.WriteArray(outcome.Events));

    /// <summary>Keeps an answer, unless something committed since <paramref name="readAtGeneration"/>.</summary>
    public void Add(EventQuery query, bool callerIsAdmin, SearchOutcome outcome, long readAtGeneration,
        SearchPage? page = null)
    {
        if (readAtGeneration != _generation)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _entries.Remove(stale);
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[(query, callerIsAdmin)] = new Entry(now + Lifetime, outcome) { Page = page };
    }

    public void Clear()
    {
        _generation++;
        _entries.Clear();
    }

    private Entry? TryGetEntry(EventQuery query, bool callerIsAdmin) =>
        _entries.TryGetValue((query, callerIsAdmin), out var entry) && entry.Expires > time.GetUtcNow()
            ? entry
            : null;

    private sealed class Entry(DateTimeOffset expires, SearchOutcome outcome)
    {
        public DateTimeOffset Expires { get; } = expires;

        public SearchOutcome Outcome { get; } = outcome;

        public SearchPage? Page { get; set; }
    }
}
