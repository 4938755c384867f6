using Npgsql;

namespace FastIo.Orleans.Silo.Billing;

/// <summary>
/// Claims and settles rows of <c>billing_inbox</c>. A claim is committed at once (attempt counted, lease
/// set), so a silo that dies mid-event leaves a row another silo takes when the lease ends; every later
/// write names the attempt it settles, so a silo that outlived its lease cannot overwrite a newer claim.
/// </summary>
public sealed class BillingInboxStore(NpgsqlDataSource dataSource)
{
    public async Task<List<BillingInboxItem>> ClaimAsync(
        int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE billing_inbox i
            SET attempts = i.attempts + 1, next_attempt_at = clock_timestamp() + $2
            FROM (SELECT stripe_event_id FROM billing_inbox
                  WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
                  ORDER BY next_attempt_at LIMIT $1
                  FOR UPDATE SKIP LOCKED) due
            WHERE i.stripe_event_id = due.stripe_event_id
            RETURNING i.stripe_event_id, i.event_type, i.stripe_created, i.payload, i.attempts, i.received_at
            """);
        command.Parameters.AddWithValue(batchSize);
        command.Parameters.AddWithValue(lease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<BillingInboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new BillingInboxItem(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetString(3), reader.GetInt32(4), reader.GetDateTime(5)));
        }

        return claimed;
    }

    /// <summary>Settles a claim for good; false when the claim was no longer this processor's.</summary>
    public async Task<bool> FinishAsync(BillingInboxItem item, string status, string? orgId, string? error)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE billing_inbox
            SET status = $3, org_id = $4, last_error = $5, processed_at = clock_timestamp()
            WHERE stripe_event_id = $1 AND attempts = $2 AND status = 'pending'
            """);
        command.Parameters.AddWithValue(item.StripeEventId);
        command.Parameters.AddWithValue(item.Attempts);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)orgId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Leaves the row pending, due again after <paramref name="delay"/>.</summary>
    public async Task RetryLaterAsync(BillingInboxItem item, TimeSpan delay, string error)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE billing_inbox SET next_attempt_at = clock_timestamp() + $3, last_error = $4
            WHERE stripe_event_id = $1 AND attempts = $2 AND status = 'pending'
            """);
        command.Parameters.AddWithValue(item.StripeEventId);
        command.Parameters.AddWithValue(item.Attempts);
        command.Parameters.AddWithValue(delay);
        command.Parameters.AddWithValue(error);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> FindOrgOfCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT org_id FROM billing_customers WHERE customer_id = $1");
        command.Parameters.AddWithValue(customerId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task LinkCustomerAsync(string customerId, string orgId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO billing_customers (customer_id, org_id) VALUES ($1, $2)
            ON CONFLICT (customer_id) DO UPDATE SET org_id = excluded.org_id, learned_at = clock_timestamp()
            WHERE billing_customers.org_id <> excluded.org_id
            """);
        command.Parameters.AddWithValue(customerId);
        command.Parameters.AddWithValue(orgId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Rows still to be applied (the backlog) and rows that wait for an operator (parked or unmatched), for the
    /// metrics that alert on them. Both counts use the partial indexes on those statuses.
    /// </summary>
    public async Task<(long Backlog, long NeedingOperator)> CountOpenAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM billing_inbox WHERE status = 'pending'),
                   (SELECT count(*) FROM billing_inbox WHERE status IN ('unmatched', 'parked'))
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
