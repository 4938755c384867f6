using System.Globalization;

namespace FastIo.Orleans.Gateway.Billing;

/// <summary>
/// The shape of a <c>Stripe-Signature</c> header: comma-separated <c>key=value</c> items with a Unix
/// timestamp <c>t</c> and one or more <c>v1</c> signatures. Other schemes (<c>v0</c>, future ones) are
/// ignored. Checked here so each way a header can be wrong gets its own answer before any HMAC is computed.
/// </summary>
public readonly record struct StripeSignatureHeader(long Timestamp, int V1Count)
{
    /// <summary>Well above a header with a few signatures; longer ones are refused unread.</summary>
    public const int MaxLength = 4096;

    public static bool TryParse(string? value, out StripeSignatureHeader header, out string problem)
    {
        header = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "The Stripe-Signature header is missing.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            problem = "The Stripe-Signature header is malformed: it is too long.";
            return false;
        }

        string? timestamp = null;
        var v1 = 0;
        foreach (var item in value.Split(','))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || item.AsSpan(0, equals).Trim().IsEmpty)
            {
                problem = "The Stripe-Signature header is malformed: expected t=...,v1=... items.";
                return false;
            }

            var key = item[..equals].Trim();
            if (key == "t")
            {
                // Stripe's libraries read the first t; so does this, so both judge the same timestamp.
                timestamp ??= item[(equals + 1)..].Trim();
            }
            else if (key == "v1")
            {
                v1++;
            }
        }

        if (timestamp is null)
        {
            problem = "The Stripe-Signature header is malformed: it has no t= timestamp.";
            return false;
        }

        if (timestamp.Length is 0 or > 12 || !timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            problem = "The Stripe-Signature header is malformed: t is not a Unix timestamp.";
            return false;
        }

        if (v1 == 0)
        {
            problem = "The Stripe-Signature header has no v1 signature.";
            return false;
        }

        header = new StripeSignatureHeader(seconds, v1);
        problem = string.Empty;
        return true;
    }
}
