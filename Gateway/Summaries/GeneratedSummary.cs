namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// A generator's answer before sanitising, with what it cost. Token counts are null when the provider
/// did not report them; the built-in summariser uses none.
/// </summary>
public sealed record GeneratedSummary(
    string Text, string Generator, string? Model, long? InputTokens, long? OutputTokens, long? TotalTokens);
