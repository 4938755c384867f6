namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>Writes the text of a summary. Its output is untrusted until the pill sanitiser has passed it.</summary>
public interface ISummaryGenerator
{
    /// <summary>Short name recorded with each summary: <c>builtin</c>, or the chat provider's name.</summary>
    string Name { get; }

    Task<GeneratedSummary> GenerateAsync(SummaryInput input, CancellationToken cancellationToken);
}
