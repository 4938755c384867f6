using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FastIo.Orleans.Replay.Http;

/// <summary>
/// Sends one API request and reads the envelope. Transient failures (no connection, timeouts, 5xx, 429) are
/// retried with backoff by rebuilding the same request, so an ingestion retry carries the same idempotency
/// keys; a refusal is thrown at once as an <see cref="ApiException"/>. A caller that counts and paces its own
/// retries (the load tool) passes <c>maxAttempts: 1</c>.
/// </summary>
public sealed class ApiClient(HttpClient http, TextWriter log, int maxAttempts = 6)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);

    private readonly int _maxAttempts = maxAttempts >= 1
        ? maxAttempts
        : throw new ArgumentOutOfRangeException(nameof(maxAttempts), "At least one attempt.");

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<T> SendAsync<T>(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            var what = $"{request.Method} /{request.RequestUri?.OriginalString}";
            var backoff = Backoff(attempt);
            string problem;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    backoff = RetryAfter(response.Headers) ?? backoff;
                    problem = $"HTTP {status}: {Parse<T>(body)?.Error?.Describe() ?? Snippet(body)}";
                    if (attempt == _maxAttempts)
                    {
                        throw new ApiException(what, status, Parse<T>(body)?.Error, Snippet(body));
                    }
                }
                else
                {
                    return Accept(what, status, body, Parse<T>(body));
                }
            }
            catch (Exception e) when (IsTransient(e, cancellationToken) && attempt < _maxAttempts)
            {
                problem = Reason(e);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                throw new ApiException(what, 0, null, $"{Reason(e)} (is the gateway running at {BaseAddress}?)");
            }

            log.WriteLine(
                $"  retrying {what} in {backoff.TotalSeconds:0.#} s (attempt {attempt} of {_maxAttempts}): {problem}");
            await Task.Delay(backoff, cancellationToken);
        }
    }

    public static HttpRequestMessage Authorized(
        HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static T Accept<T>(string what, int status, string body, ApiEnvelope<T>? envelope)
    {
        if (envelope is { Result: "yes", Response: { } response } && status < 300)
        {
            return response;
        }

        throw new ApiException(what, status, envelope?.Error, Snippet(body));
    }

    private static ApiEnvelope<T>? Parse<T>(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ApiEnvelope<T>>(body, ApiJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    // HttpClient's own message is generic; the innermost one says what happened, e.g. "Connection refused".
    private static string Reason(Exception e) =>
        e is TaskCanceledException ? "timed out" : e.GetBaseException().Message;

    private static TimeSpan Backoff(int attempt)
    {
        var delay = FirstBackoff * Math.Pow(2, attempt - 1);
        return delay < LongestBackoff ? delay : LongestBackoff;
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers) =>
        headers.RetryAfter?.Delta is { } delta ? delta + TimeSpan.FromMilliseconds(100) : null;

    private static string Snippet(string body) =>
        body.Length == 0 ? "(empty body)" : body.Length <= 300 ? body : body[..300] + "...";
}
