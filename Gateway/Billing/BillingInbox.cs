using Npgsql;
using NpgsqlTypes;

namespace FastIo.Orleans.Gateway.Billing;

/// <summary>
/// Stores verified deliveries in <c>billing_inbox</c>, from the gateway itself. One INSERT on the request
/// path is the shortest way to be durable before answering 202: no hop to a silo, and deliveries are still
/// stored while every silo is down or restarting. Silos claim the rows and apply them later.
/// </summary>
public sealed class BillingInbox(NpgsqlDataSource dataSource)
{
    /// <summary>Bounded so that a hung database answers Stripe with an error it retries, not a timeout.</summary>
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Stores the event unless its ID is already stored; true when this delivery was the first.</summary>
    public async Task<bool> StoreAsync(StripeEventEnvelope stripeEvent, string payload)
    {
        // The client going away must not cancel a write that may already be committing.
        using var timeout = new CancellationTokenSource(StoreTimeout);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO billing_inbox (stripe_event_id, event_type, stripe_created, livemode, payload)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (stripe_event_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(stripeEvent.Id);
        command.Parameters.AddWithValue(stripeEvent.Type);
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Bigint,
            Value = stripeEvent.Created is { } created ? created : DBNull.Value,
        });
        command.Parameters.AddWithValue(stripeEvent.Livemode);
        command.Parameters.AddWithValue(payload);
        return await command.ExecuteNonQueryAsync(timeout.Token) == 1;
    }
}
