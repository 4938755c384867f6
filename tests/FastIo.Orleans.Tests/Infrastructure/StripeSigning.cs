using System.Globalization;
using Stripe;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// Signs webhook payloads the way Stripe does, with Stripe.net's own helpers. Two secrets are configured,
/// as during a rotation: the current one and the one being retired.
/// </summary>
public static class StripeSigning
{
    public const string Secret = "whsec_test_current_0123456789abcdef";
    public const string RetiringSecret = "whsec_test_retiring_0123456789abcdef";

    /// <summary>The gateway's <c>Stripe:WebhookSecrets</c>, in the comma-separated form.</summary>
    public const string Secrets = Secret + "," + RetiringSecret;

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A complete <c>Stripe-Signature</c> header: <c>t=...,v1=...</c>.</summary>
    public static string Header(string payload, string secret = Secret, long? timestamp = null) =>
        EventUtility.GenerateSignatureHeader(payload, secret, timestamp ?? Now);

    /// <summary>Only the hex HMAC for one timestamp, to assemble headers with several entries.</summary>
    public static string Signature(string payload, long timestamp, string secret = Secret) =>
        EventUtility.ComputeSignature(secret, timestamp.ToString(CultureInfo.InvariantCulture), payload);
}
