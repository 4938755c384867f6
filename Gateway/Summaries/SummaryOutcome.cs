namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>A summary as it is returned: sanitised text with pills, and the exact metrics.</summary>
public sealed record EventSummary(string Text, SummaryMetrics Metrics);

/// <summary>Either a summary and what generating it cost, or the reason there is none.</summary>
public sealed record SummaryOutcome(EventSummary? Summary, GeneratedSummary? Generation, string? Unavailable)
{
    public static SummaryOutcome Without(string reason) => new(null, null, reason);
}
