using System.Text;

namespace FastIo.Orleans.Replay.Http;

/// <summary>The <c>error</c> object of a <c>"result": "no"</c> answer.</summary>
public sealed record ApiError
{
    public int Code { get; init; }

    public string? ErrorCode { get; init; }

    public string? Text { get; init; }

    public string? Resource { get; init; }

    public IReadOnlyList<ApiErrorParam>? Params { get; init; }

    public string Describe()
    {
        var text = new StringBuilder($"{ErrorCode ?? "(no error_code)"} ({Code}): {Text ?? "(no text)"}");
        if (Resource is { } resource)
        {
            text.Append($" [{resource}]");
        }

        foreach (var param in Params ?? [])
        {
            text.Append($"{Environment.NewLine}    {param.Name}: {param.Message}");
        }

        return text.ToString();
    }
}

public sealed record ApiErrorParam(string? Name, string? Message);

/// <summary>Thrown when the API refuses a request or keeps failing after retries; the replay stops on it.</summary>
public sealed class ApiException(string request, int status, ApiError? error, string detail)
    : Exception($"{request} failed: {(status == 0 ? "no answer" : $"HTTP {status}")}: {error?.Describe() ?? detail}")
{
    public int Status { get; } = status;

    public ApiError? Error { get; } = error;
}
