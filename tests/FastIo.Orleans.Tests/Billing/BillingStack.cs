using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using Npgsql;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>The product with a billing inbox tuned for tests: quick polling, quick retries, three tries.</summary>
public class BillingStack : ProductStack
{
    public const int MaxAttempts = 3;

    public override IReadOnlyDictionary<string, string> Environment() =>
        new Dictionary<string, string>(base.Environment())
        {
            ["Billing__Inbox__PollInterval"] = "00:00:00.100",
            ["Billing__Inbox__RetryBaseDelay"] = "00:00:00.100",
            ["Billing__Inbox__RetryMaxDelay"] = "00:00:00.400",
            ["Billing__Inbox__MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Billing__Inbox__Lease"] = "00:00:03",
        };

    /// <summary>Posts a body to the webhook as Stripe would, signed with the current secret by default.</summary>
    public async Task<(int Status, JsonNode Body)> PostWebhookAsync(
        string payload, string? signature = "", string contentType = "application/json; charset=utf-8")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/current/webhooks/billing/stripe/")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(
                "Stripe-Signature", signature.Length == 0 ? StripeSigning.Header(payload) : signature);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!);
    }

    public async Task<InboxRow?> ReadInboxAsync(string stripeEventId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status, attempts, payload, org_id, last_error FROM billing_inbox WHERE stripe_event_id = $1",
            connection);
        command.Parameters.AddWithValue(stripeEventId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new InboxRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        var value = await command.ExecuteScalarAsync() ?? 0L;
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Events recorded in any log for one Stripe event.</summary>
    public Task<long> CountRecordedAsync(string stripeEventId) =>
        ScalarAsync("SELECT count(*) FROM events WHERE idempotency_key = $1", "stripe:" + stripeEventId);

    /// <summary>Waits until the inbox row reaches a final status, and answers it.</summary>
    public async Task<InboxRow> WaitSettledAsync(string stripeEventId, TimeSpan? timeout = null)
    {
        InboxRow? row = null;
        await Eventually.TrueAsync(async () =>
        {
            row = await ReadInboxAsync(stripeEventId);
            return row is { Status: not "pending" };
        }, $"inbox row {stripeEventId} to settle", timeout);
        return row!;
    }
}

public sealed record InboxRow(string Status, int Attempts, string Payload, string? OrgId, string? LastError);
