namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Which generator writes event summaries. Read from the <c>Summaries</c> section. With no provider the
/// built-in summariser answers, so the endpoint works without any model.
/// </summary>
public sealed class SummaryOptions
{
    public const string Section = "Summaries";
    public const string BuiltIn = "builtin";
    public const string OpenAi = "openai";
    public const string Ollama = "ollama";

    /// <summary><c>builtin</c> (default), <c>openai</c> (any OpenAI-compatible endpoint) or <c>ollama</c>.</summary>
    public string Provider { get; init; } = BuiltIn;

    /// <summary>
    /// The provider's base address: required for Ollama, and for OpenAI-compatible servers other than
    /// OpenAI's own.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>The model to ask, e.g. <c>gpt-4o-mini</c> or <c>llama3.2</c>; required with a provider.</summary>
    public string? Model { get; init; }

    /// <summary>The API key for OpenAI-compatible endpoints (servers that ignore it still need some value).</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// How long a summary may take before the answer goes out with <c>summary: null</c>. A search answer
    /// should not wait on a slow model for long; 20 s leaves room for a cold local model.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A few sentences fit easily; the cap bounds what one summary can cost.</summary>
    public int MaxOutputTokens { get; init; } = 400;

    public bool UsesChatClient => Provider != BuiltIn;

    public static SummaryOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SummaryOptions>() ?? new SummaryOptions();
        var provider = string.IsNullOrWhiteSpace(options.Provider)
            ? BuiltIn
            : options.Provider.Trim().ToLowerInvariant();
        return new SummaryOptions
        {
            Provider = provider,
            Endpoint = Blank(options.Endpoint),
            Model = Blank(options.Model),
            ApiKey = Blank(options.ApiKey),
            Timeout = options.Timeout,
            MaxOutputTokens = options.MaxOutputTokens,
        };
    }

    /// <summary>Why the options cannot work, naming the setting; null when they can.</summary>
    public static string? Validate(SummaryOptions options)
    {
        if (options.Provider is not (BuiltIn or OpenAi or Ollama))
        {
            return $"{Section}:Provider must be {BuiltIn}, {OpenAi} or {Ollama}, not '{options.Provider}'.";
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:Timeout must be more than 0 and at most 5 minutes (e.g. 00:00:20).";
        }

        if (options.MaxOutputTokens is < 50 or > 4000)
        {
            return $"{Section}:MaxOutputTokens must be from 50 to 4000.";
        }

        if (options.Endpoint is { } endpoint && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")))
        {
            return $"{Section}:Endpoint must be an absolute http or https address.";
        }

        return options.Provider switch
        {
            OpenAi when options.Model is null || options.ApiKey is null =>
                $"{Section}:Model and {Section}:ApiKey are required with the {OpenAi} provider.",
            Ollama when options.Model is null || options.Endpoint is null =>
                $"{Section}:Model and {Section}:Endpoint are required with the {Ollama} provider.",
            _ => null,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
