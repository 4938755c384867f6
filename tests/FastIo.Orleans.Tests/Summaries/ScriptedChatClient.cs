using Microsoft.Extensions.AI;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>A chat client that answers as its script says and keeps the messages it was sent.</summary>
public sealed class ScriptedChatClient(
    Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> answer) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public static ScriptedChatClient Answering(string text, UsageDetails? usage = null) =>
        new((_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = usage }));

    /// <summary>Waits until cancelled, as a model that never answers.</summary>
    public static ScriptedChatClient Hanging() =>
        new(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

    /// <summary>Never answers and ignores cancellation, as a client stuck below its own timeouts.</summary>
    public static ScriptedChatClient Deaf() => new((_, _) => new TaskCompletionSource<ChatResponse>().Task);

    public static ScriptedChatClient Throwing(Exception exception) =>
        new((_, _) => Task.FromException<ChatResponse>(exception));

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add(list);
        return answer(list, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Summaries do not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
