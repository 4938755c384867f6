namespace FastIo.Orleans.Gateway.Billing;

/// <summary>How Stripe's webhook deliveries are verified. Read from the <c>Stripe</c> section.</summary>
public sealed class StripeWebhookOptions
{
    public const string Section = "Stripe";
    public const string SecretsKey = "WebhookSecrets";

    /// <summary>Stripe's own default: a signature older or newer than five minutes is refused as a replay.</summary>
    public const long ToleranceSeconds = 300;

    /// <summary>Stripe's event bodies are a few kilobytes; this leaves room for large objects and no more.</summary>
    public const long MaxBodyBytes = 512 * 1024;

    /// <summary>
    /// Every signing secret (<c>whsec_...</c>) a delivery may be signed with. Several at once let a secret be
    /// rotated: Stripe signs with both during the overlap, and either one verifies.
    /// </summary>
    public IReadOnlyList<string> WebhookSecrets { get; init; } = [];

    /// <summary>
    /// Reads <c>Stripe:WebhookSecrets</c> as an array (<c>Stripe__WebhookSecrets__0</c>, ...) or as one
    /// comma-separated value (<c>Stripe__WebhookSecrets</c>), which is easier to set in an environment.
    /// </summary>
    public static StripeWebhookOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section).GetSection(SecretsKey);
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return new StripeWebhookOptions
        {
            WebhookSecrets =
                [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)],
        };
    }

    public static string? Validate(StripeWebhookOptions options)
    {
        if (options.WebhookSecrets.Count == 0)
        {
            return $"{Section}:{SecretsKey} must name at least one Stripe signing secret "
                + $"(environment {Section}__{SecretsKey}=whsec_...; several separated by commas).";
        }

        // A pasted API key or endpoint ID would make every delivery fail verification; say so at start-up.
        if (options.WebhookSecrets.Any(s => !s.StartsWith("whsec_", StringComparison.Ordinal) || s.Length < 12))
        {
            return $"{Section}:{SecretsKey} holds a value that is not a Stripe signing secret (whsec_...).";
        }

        return null;
    }
}
