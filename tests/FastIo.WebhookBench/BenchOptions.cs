using System.Globalization;

namespace FastIo.WebhookBench;

/// <summary>Command-line options; every run is bounded by rate times duration.</summary>
public sealed record BenchOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:5180");
    public int Rate { get; init; } = 200;
    public int Seconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 2;
    public string Secret { get; init; } = "whsec_fastio_development_webhook_secret";

    /// <summary>An org to name in metadata, so deliveries are applied; without one an ignored type is sent.</summary>
    public string? OrgId { get; init; }

    public const string Usage = """
        fastio-webhook-bench [--url http://127.0.0.1:5180] [--rate 200] [--seconds 20] [--warmup 2]
                             [--secret whsec_...] [--org 20-digit-org-id]
        Sends signed Stripe deliveries to a running gateway at a fixed rate and reports the time to 202.
        The secret defaults to the first of Stripe__WebhookSecrets, else ./run's development secret.
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var secrets = Environment.GetEnvironmentVariable("Stripe__WebhookSecrets");
        var options = new BenchOptions();
        if (!string.IsNullOrWhiteSpace(secrets))
        {
            options = options with { Secret = secrets.Split(',')[0].Trim() };
        }

        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            options = args[i] switch
            {
                "--url" when value is not null => options with { Url = new Uri(value) },
                "--rate" when value is not null => options with { Rate = Math.Clamp(Number(value), 1, 5000) },
                "--seconds" when value is not null => options with { Seconds = Math.Clamp(Number(value), 1, 300) },
                "--warmup" when value is not null => options with { WarmupSeconds = Math.Clamp(Number(value), 0, 60) },
                "--secret" when value is not null => options with { Secret = value },
                "--org" when value is not null => options with { OrgId = value },
                _ => null!,
            };
            if (options is null)
            {
                return null;
            }

            i++;
        }

        return options;
    }

    private static int Number(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
