using System.Text.Json;
using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using Npgsql;
using static FastIo.Orleans.Tests.Billing.StripePayloads;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>What the webhook accepts and refuses, and that an accepted delivery is stored before the 202.</summary>
[Collection(BillingCollection.Name)]
public sealed class BillingWebhookTests(BillingStack stack)
{
    [Fact]
    public async Task Webhook_SignedDelivery_Answers202AndStoresExactBody()
    {
        var id = NewEventId();
        var payload = Event("payment_intent.created", id, StripeSigning.Now, new JsonObject { ["id"] = "pi_1" });

        var (status, body) = await stack.PostWebhookAsync(payload);

        Assert.Equal(202, status);
        Assert.Equal("""{"result":"yes","current_api_version":"1.0"}""", body.ToJsonString());
        Assert.Equal(payload, (await stack.ReadInboxAsync(id))!.Payload);
    }

    [Theory]
    [InlineData(-299, 202)]
    [InlineData(-301, 400)]
    [InlineData(299, 202)]
    [InlineData(301, 400)]
    public async Task Webhook_TimestampNearToleranceEdge_AcceptedOnlyWithinFiveMinutes(int offsetSeconds, int expected)
    {
        var payload = Unhandled();
        var header = StripeSigning.Header(payload, timestamp: StripeSigning.Now + offsetSeconds);

        var (status, body) = await stack.PostWebhookAsync(payload, header);

        Assert.True(expected == status, body.ToJsonString());
        if (expected == 400)
        {
            AssertInputInvalid(body, "timestamp");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Webhook_SeveralV1Entries_AcceptedWhicheverPositionMatches(bool matchingFirst)
    {
        var payload = Unhandled();
        var t = StripeSigning.Now;
        var good = StripeSigning.Signature(payload, t);
        var other = StripeSigning.Signature(payload, t, "whsec_some_other_endpoint_secret");
        var header = matchingFirst ? $"t={t},v1={good},v1={other}" : $"t={t},v1={other},v0={other},v1={good}";

        var (status, body) = await stack.PostWebhookAsync(payload, header);

        Assert.True(status == 202, body.ToJsonString());
    }

    [Fact]
    public async Task Webhook_SignedWithRetiringSecret_AcceptedDuringRotation()
    {
        var payload = Unhandled();

        var header = StripeSigning.Header(payload, StripeSigning.RetiringSecret);

        var (status, _) = await stack.PostWebhookAsync(payload, header);

        Assert.Equal(202, status);
    }

    [Fact]
    public async Task Webhook_UnknownSecret_Refused()
    {
        var payload = Unhandled();

        var (status, body) = await stack.PostWebhookAsync(
            payload, StripeSigning.Header(payload, "whsec_not_one_of_ours_0123456789"));

        Assert.Equal(400, status);
        AssertInputInvalid(body, "no v1 signature matches");
    }

    [Fact]
    public async Task Webhook_V0SignatureOnly_Refused()
    {
        var payload = Unhandled();
        var t = StripeSigning.Now;

        var (status, body) = await stack.PostWebhookAsync(payload, $"t={t},v0={StripeSigning.Signature(payload, t)}");

        Assert.Equal(400, status);
        AssertInputInvalid(body, "no v1 signature");
    }

    [Fact]
    public async Task Webhook_BodyReserialisedAfterSigning_Refused()
    {
        var id = NewEventId();
        var signed = Event("payment_intent.created", id, StripeSigning.Now, new JsonObject { ["id"] = "pi_1" });
        var reserialised = JsonNode.Parse(signed)!.ToJsonString();

        var (status, body) = await stack.PostWebhookAsync(reserialised, StripeSigning.Header(signed));

        Assert.NotEqual(signed, reserialised);
        Assert.Equal(400, status);
        AssertInputInvalid(body, "no v1 signature matches");
        Assert.Null(await stack.ReadInboxAsync(id));
    }

    [Fact]
    public async Task Webhook_NoSignatureHeader_Refused()
    {
        var (status, body) = await stack.PostWebhookAsync(Unhandled(), signature: null);

        Assert.Equal(400, status);
        AssertInputInvalid(body, "missing");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=abc,v1=00")]
    [InlineData("t=,v1=00")]
    [InlineData("t=12.5,v1=00")]
    [InlineData("t=-1,v1=00")]
    [InlineData("v1=00")]
    [InlineData("t=1700000000,,v1=00")]
    [InlineData("=1700000000,v1=00")]
    public async Task Webhook_MalformedSignatureHeader_RefusedAsInputInvalid(string header)
    {
        var (status, body) = await stack.PostWebhookAsync(Unhandled(), header);

        Assert.Equal(400, status);
        AssertInputInvalid(body, "Stripe-Signature header");
    }

    [Fact]
    public async Task Webhook_SignedBodyNotJson_Refused()
    {
        var (status, body) = await stack.PostWebhookAsync("{\"id\": \"evt_1\", ");

        Assert.Equal(400, status);
        AssertInputInvalid(body, "not valid JSON");
    }

    [Fact]
    public async Task Webhook_SignedJsonNotAnEvent_Refused()
    {
        var (status, body) = await stack.PostWebhookAsync("""{"object":"event","type":"invoice.paid"}""");

        Assert.Equal(400, status);
        AssertInputInvalid(body, "not a Stripe event");
    }

    [Fact]
    public async Task Webhook_ApiTextExample_Accepted()
    {
        var payload = "{\"id\":\"" + NewEventId() + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
            + "\"data\":{\"object\":{}}}";

        var (status, _) = await stack.PostWebhookAsync(payload);

        Assert.Equal(202, status);
    }

    [Fact]
    public async Task Webhook_GetInsteadOfPost_RequestTypeError()
    {
        var (status, body) = await stack.SendAsync(HttpMethod.Get, "/current/webhooks/billing/stripe/", null);

        Assert.Equal(400, status);
        Assert.Equal("APP_REQUEST_TYPE", body["error"]!["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_BodyOverLimit_RefusedUnstored()
    {
        var id = NewEventId();
        var payload = Event("payment_intent.created", id, StripeSigning.Now,
            new JsonObject { ["padding"] = new string('x', 600 * 1024) });

        var (status, body) = await stack.PostWebhookAsync(payload);

        Assert.Equal(400, status);
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Null(await stack.ReadInboxAsync(id));
    }

    [Fact]
    public async Task Webhook_NotJsonContentType_Refused()
    {
        var (status, body) = await stack.PostWebhookAsync(Unhandled(), contentType: "text/plain");

        Assert.Equal(400, status);
        AssertInputInvalid(body, "content type");
    }

    [Fact]
    public async Task Webhook_SameEventDeliveredManyTimes_StoredOnceAndEveryDeliveryAccepted()
    {
        var id = NewEventId();
        var payload = Event("payment_intent.created", id, StripeSigning.Now, new JsonObject { ["id"] = "pi_2" });

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.PostWebhookAsync(payload)));
        var sequential = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            sequential.Add((await stack.PostWebhookAsync(payload)).Status);
        }

        Assert.All(concurrent, r => Assert.Equal(202, r.Status));
        Assert.All(sequential, s => Assert.Equal(202, s));
        Assert.Equal(1, await stack.ScalarAsync("SELECT count(*) FROM billing_inbox WHERE stripe_event_id = $1", id));
    }

    [Fact]
    public async Task Webhook_InboxCannotBeWritten_EnqueueFailed500AndStripeRetrySucceeds()
    {
        var id = NewEventId();
        var payload = Event("payment_intent.created", id, StripeSigning.Now, new JsonObject { ["id"] = "pi_3" });
        await ExecuteAsync("ALTER TABLE billing_inbox RENAME TO billing_inbox_away");
        (int Status, JsonNode Body) failed;
        try
        {
            failed = await stack.PostWebhookAsync(payload);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE billing_inbox_away RENAME TO billing_inbox");
        }

        var retried = await stack.PostWebhookAsync(payload);

        Assert.Equal(500, failed.Status);
        Assert.Equal("APP_ENQUEUE_FAILED", failed.Body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal(1691, failed.Body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(202, retried.Status);
        Assert.NotNull(await stack.ReadInboxAsync(id));
    }

    private static string Unhandled() =>
        Event("payment_intent.created", NewEventId(), StripeSigning.Now, new JsonObject { ["id"] = "pi_0" });

    private static void AssertInputInvalid(JsonNode body, string textContains)
    {
        Assert.Equal("no", body["result"]!.GetValue<string>());
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal(1605, body["error"]!["code"]!.GetValue<int>());
        Assert.Contains(textContains, body["error"]!["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("POST /current/webhooks/billing/stripe/", body["error"]!["resource"]!.GetValue<string>());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
