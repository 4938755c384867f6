using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>
/// The tests sign with Stripe.net; these vectors were produced by Stripe's Node library
/// (<c>stripe.webhooks.generateTestHeaderString</c>), so both of Stripe's own signers agree on what is sent.
/// </summary>
public sealed class StripeSignatureVectorTests
{
    private const string VectorSecret = "whsec_test_vector_secret";

    [Theory]
    [InlineData("{\"id\":\"evt_vector_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1700000000,"
        + "\"data\":{\"object\":{\"id\":\"in_1\",\"metadata\":{\"org_id\":\"12345678901234567890\"}}}}",
        1700000000, "t=1700000000,v1=57dc528314ef15375654235d82dd1960077ce24006d88d71549beb1622762ee3")]
    [InlineData("{\"id\":\"evt_vector_2\",\"object\":\"event\",\"type\":\"customer.subscription.updated\","
        + "\"created\":1700000100,\n  \"data\":{\"object\":{\"id\":\"sub_1\",\"status\":\"active\","
        + "\"note\":\"caf\u00e9 \u2713\"}}}",
        1700000100, "t=1700000100,v1=3f81162537a358340747961acb3d10390742816d2ffcf146dc13dc277e8c832b")]
    public void StripeNet_SignsPayload_SameHeaderAsStripeNodeLibrary(string payload, long timestamp, string expected)
    {
        var header = StripeSigning.Header(payload, VectorSecret, timestamp);

        Assert.Equal(expected, header);
    }
}
