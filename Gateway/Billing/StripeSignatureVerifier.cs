using Stripe;

namespace FastIo.Orleans.Gateway.Billing;

public enum SignatureCheck
{
    Verified,
    OutsideTolerance,
    Mismatch,
}

/// <summary>
/// Verifies a delivery with Stripe.net against every configured secret: HMAC-SHA256 of <c>{t}.{body}</c>,
/// any <c>v1</c> matching any secret is accepted, and <c>t</c> must be within five minutes of now.
/// </summary>
public sealed class StripeSignatureVerifier(StripeWebhookOptions options, TimeProvider time)
{
    /// <param name="body">
    /// The request bytes decoded as strict UTF-8: Stripe.net encodes it back to exactly those bytes, so the
    /// HMAC covers what was received, never a re-serialised form.
    /// </param>
    public SignatureCheck Verify(string body, string header, StripeSignatureHeader parsed)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - parsed.Timestamp) > StripeWebhookOptions.ToleranceSeconds)
        {
            return SignatureCheck.OutsideTolerance;
        }

        foreach (var secret in options.WebhookSecrets)
        {
            try
            {
                EventUtility.ValidateSignature(body, header, secret, StripeWebhookOptions.ToleranceSeconds, now);
                return SignatureCheck.Verified;
            }
            catch (StripeException)
            {
                // Not this secret; during a rotation the next one may match.
            }
            catch (Exception exception) when (exception is FormatException or OverflowException)
            {
                // The header was checked before; Stripe.net reading t differently still fails closed.
                return SignatureCheck.Mismatch;
            }
        }

        return SignatureCheck.Mismatch;
    }
}
