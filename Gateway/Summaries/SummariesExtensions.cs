using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OllamaSharp;
using OpenAI;

namespace FastIo.Orleans.Gateway.Summaries;

public static class SummariesExtensions
{
    /// <summary>
    /// Event summaries: the chat client of the configured provider, else the built-in summariser. An
    /// <see cref="IChatClient"/> registered by the host is used whatever the provider setting says. Stops
    /// start-up when the settings cannot work.
    /// </summary>
    public static WebApplicationBuilder AddEventSummaries(this WebApplicationBuilder builder)
    {
        var options = SummaryOptions.Read(builder.Configuration);
        if (SummaryOptions.Validate(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        switch (options.Provider)
        {
            case SummaryOptions.OpenAi:
                builder.Services.AddChatClient(_ => OpenAiClient(options));
                break;
            case SummaryOptions.Ollama:
                builder.Services.AddChatClient(_ => new OllamaApiClient(new Uri(options.Endpoint!), options.Model!));
                break;
        }

        builder.Services.AddSingleton<ISummaryGenerator>(services =>
            services.GetService<IChatClient>() is { } chat
                ? new ChatClientSummaryGenerator(chat, options)
                : new BuiltInSummaryGenerator());
        builder.Services.AddSingleton<EventSummarizer>();
        return builder;
    }

    private static IChatClient OpenAiClient(SummaryOptions options)
    {
        var clientOptions = new OpenAIClientOptions();
        if (options.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = new Uri(endpoint);
        }

        return new OpenAI.Chat.ChatClient(options.Model!, new ApiKeyCredential(options.ApiKey!), clientOptions)
            .AsIChatClient();
    }
}
