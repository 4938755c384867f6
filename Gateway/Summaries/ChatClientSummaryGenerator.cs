using Microsoft.Extensions.AI;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>Asks a chat model (any <see cref="IChatClient"/>) for the summary text.</summary>
public sealed class ChatClientSummaryGenerator(IChatClient client, SummaryOptions options) : ISummaryGenerator
{
    public string Name => options.UsesChatClient ? options.Provider : "chat";

    public async Task<GeneratedSummary> GenerateAsync(SummaryInput input, CancellationToken cancellationToken)
    {
        var chatOptions = new ChatOptions
        {
            ModelId = options.Model,
            Temperature = 0.2f,
            MaxOutputTokens = options.MaxOutputTokens,
        };
        var response = await client.GetResponseAsync(SummaryPrompt.Build(input), chatOptions, cancellationToken);
        var usage = response.Usage;
        return new GeneratedSummary(response.Text, Name, response.ModelId ?? options.Model,
            usage?.InputTokenCount, usage?.OutputTokenCount, usage?.TotalTokenCount);
    }
}
