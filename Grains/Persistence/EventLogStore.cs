using FastIo.Orleans.Events;
using FastIo.Orleans.Profiles;
using Npgsql;
using NpgsqlTypes;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>A change to the membership projection, written in the same transaction as the events behind it.</summary>
public readonly record struct MemberChange(string ProfileId, string UserId, ProfileRole Role);

/// <summary>Activity keys set through ingestion in one commit, written in the same transaction as its events.</summary>
public sealed record ActivityMark(string ProfileId, DateTime CommittedAt, IReadOnlyList<string> Keys);

/// <summary>
/// Reads and appends profile event logs. Appends go in one transaction per call, rows streamed with binary
/// COPY, so a batch of a busy profile costs one round trip rather than one per event.
/// </summary>
public sealed class EventLogStore(NpgsqlDataSource dataSource)
{
    private const string CopyCommand = """
        COPY events (profile_id, seq, event_id, created, committed_at, name, category, subcategory, visibility,
                     permission, calling_user_id, calling_user_name, org_id, workspace_id, share_id, user_id,
                     object_id, parent_event_id, idempotency_key, details)
        FROM STDIN (FORMAT BINARY)
        """;

    public async Task AppendAsync(
        IReadOnlyList<StoredEvent> events, IReadOnlyList<MemberChange> memberChanges, IReadOnlyList<ActivityMark> marks,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (events.Count > 0)
        {
            await using var writer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
            foreach (var e in events)
            {
                await WriteRowAsync(writer, e, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        if (memberChanges.Count > 0)
        {
            await WriteMembersAsync(connection, transaction, memberChanges, cancellationToken);
        }

        foreach (var mark in marks)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO activity_marks (profile_id, committed_at, keys) VALUES ($1, $2, $3)",
                connection, transaction);
            command.Parameters.AddWithValue(mark.ProfileId);
            command.Parameters.AddWithValue(mark.CommittedAt);
            command.Parameters.AddWithValue(mark.Keys.ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes one row in the column order of <see cref="CopyCommand"/>; shared with the benchmark.</summary>
    public static async Task WriteRowAsync(NpgsqlBinaryImporter writer, StoredEvent e,
        CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken);
        await writer.WriteAsync(e.ProfileId, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellationToken);
        await writer.WriteAsync(e.EventId, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(e.Created, NpgsqlDbType.TimestampTz, cancellationToken);
        await writer.WriteAsync(e.Committed, NpgsqlDbType.TimestampTz, cancellationToken);
        await writer.WriteAsync(e.Name, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(e.Category, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(e.Subcategory, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync((short)e.Visibility, NpgsqlDbType.Smallint, cancellationToken);
        await writer.WriteAsync((short)e.Permission, NpgsqlDbType.Smallint, cancellationToken);
        await writer.WriteAsync(e.CallingUserId, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(e.CallingUserName, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.OrgId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.WorkspaceId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.ShareId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.UserId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.ObjectId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.ParentEventId, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.IdempotencyKey, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, e.DetailsJson, NpgsqlDbType.Jsonb, cancellationToken);
    }

    public static string CopyStatement => CopyCommand;

    /// <summary>The events after <paramref name="afterSequence"/>, in log order, with the fields state needs.</summary>
    public async IAsyncEnumerable<StoredEvent> ReadAfterAsync(
        string profileId, long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation]
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, event_id, created, name, category, subcategory, visibility, permission, calling_user_id,
                   calling_user_name, org_id, workspace_id, share_id, user_id,
                   details->>'role', details->>'multiplayer', details->>'name', committed_at, object_id,
                   CASE WHEN category = 'billing' THEN details::text END
            FROM events WHERE profile_id = $1 AND seq > $2 ORDER BY seq
            """);
        command.Parameters.AddWithValue(profileId);
        command.Parameters.AddWithValue(afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ProfileRoles.TryParse(reader.IsDBNull(14) ? null : reader.GetString(14), out var role);
            yield return new StoredEvent
            {
                ProfileId = profileId,
                Sequence = reader.GetInt64(0),
                EventId = reader.GetString(1),
                Created = reader.GetDateTime(2),
                Committed = reader.GetDateTime(17),
                Name = reader.GetString(3),
                Category = reader.GetString(4),
                Subcategory = reader.GetString(5),
                Visibility = (EventVisibility)reader.GetInt16(6),
                Permission = (EventPermission)reader.GetInt16(7),
                CallingUserId = reader.GetString(8),
                CallingUserName = reader.GetString(9),
                OrgId = NullableString(reader, 10),
                WorkspaceId = NullableString(reader, 11),
                ShareId = NullableString(reader, 12),
                UserId = NullableString(reader, 13),
                ObjectId = NullableString(reader, 18),
                Role = role,
                Multiplayer = reader.IsDBNull(15) ? null : reader.GetString(15) == "true",
                DisplayName = NullableString(reader, 16),

                // Billing state is folded from several detail fields; other events need only the three above.
                DetailsJson = NullableString(reader, 19),
            };
        }
    }

    public async Task<(long Version, string StateJson)?> ReadSnapshotAsync(
        string profileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, state::text FROM profile_snapshots WHERE profile_id = $1");
        command.Parameters.AddWithValue(profileId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>
    /// Writes the snapshot unless a newer one is stored (a later log version, or the same version with later
    /// activity), then deletes the activity marks the stored snapshot now holds.
    /// </summary>
    public async Task WriteSnapshotAsync(
        string profileId, long version, DateTime? activityHead, string stateJson, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH written AS (
                INSERT INTO profile_snapshots (profile_id, version, state, activity_head) VALUES ($1, $2, $3::jsonb, $4)
                ON CONFLICT (profile_id) DO UPDATE SET version = excluded.version, state = excluded.state,
                    activity_head = excluded.activity_head, written_at = clock_timestamp()
                WHERE profile_snapshots.version < excluded.version
                   OR (profile_snapshots.version = excluded.version
                       AND COALESCE(profile_snapshots.activity_head, '-infinity')
                           < COALESCE(excluded.activity_head, '-infinity'))
                RETURNING activity_head)
            DELETE FROM activity_marks WHERE profile_id = $1 AND committed_at <= (SELECT activity_head FROM written)
            """);
        command.Parameters.AddWithValue(profileId);
        command.Parameters.AddWithValue(version);
        command.Parameters.AddWithValue(stateJson);
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = (object?)activityHead ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Activity keys set through ingestion after <paramref name="after"/>, oldest first.</summary>
    public async Task<List<ActivityMark>> ReadMarksAfterAsync(
        string profileId, DateTime? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT committed_at, keys FROM activity_marks
            WHERE profile_id = $1 AND committed_at > $2 ORDER BY committed_at
            """);
        command.Parameters.AddWithValue(profileId);
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = after ?? DateTime.UnixEpoch, NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        var marks = new List<ActivityMark>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            marks.Add(new ActivityMark(profileId, reader.GetDateTime(0), reader.GetFieldValue<string[]>(1)));
        }

        return marks;
    }

    /// <summary>The events already recorded under any of these idempotency keys.</summary>
    public async Task<Dictionary<string, (string EventId, DateTime Created)>> FindByIdempotencyKeysAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (string, DateTime)>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(
            "SELECT idempotency_key, event_id, created FROM events WHERE idempotency_key = ANY($1)");
        command.Parameters.AddWithValue(keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = (reader.GetString(1), reader.GetDateTime(2));
        }

        return found;
    }

    /// <summary>One event with the fields access rules need, and whether <paramref name="userId"/> acknowledged
    /// it.</summary>
    public async Task<(EventView View, EventVisibility Visibility, EventPermission Permission)?> ReadEventAsync(
        string eventId, string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {EventColumns.Select}, e.visibility, e.permission
            FROM events e WHERE e.event_id = $2
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var view = EventColumns.Read(reader);
        return (view, (EventVisibility)reader.GetInt16(EventColumns.Count),
            (EventPermission)reader.GetInt16(EventColumns.Count + 1));
    }

    public async Task AcknowledgeAsync(string userId, string eventId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO event_acks (user_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(eventId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteMembersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<MemberChange> changes,
        CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var change in changes)
        {
            var command = change.Role == ProfileRole.None
                ? new NpgsqlBatchCommand("DELETE FROM profile_members WHERE profile_id = $1 AND user_id = $2")
                : new NpgsqlBatchCommand("""
                    INSERT INTO profile_members (profile_id, user_id, role) VALUES ($1, $2, $3)
                    ON CONFLICT (profile_id, user_id) DO UPDATE SET role = excluded.role
                    """);
            command.Parameters.Add(new NpgsqlParameter { Value = change.ProfileId });
            command.Parameters.Add(new NpgsqlParameter { Value = change.UserId });
            if (change.Role != ProfileRole.None)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = (short)change.Role });
            }

            batch.BatchCommands.Add(command);
        }

        await using (batch)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
