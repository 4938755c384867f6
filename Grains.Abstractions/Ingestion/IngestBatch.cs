using System.Text;

namespace FastIo.Orleans.Ingestion;

/// <summary>
/// The items of one ingestion request, as they travel from a gateway to the silo in one grain call.
/// </summary>
/// <remarks>
/// Orleans' generated serializers track every object and string they read, so that shared references survive;
/// a batch of a thousand items holds several thousand strings, and the tracking table for them alone outgrows the
/// large-object threshold on every request, which then costs the silo a full collection every few seconds under
/// load. Ingestion items share nothing, so the batch crosses the wire packed into one byte array instead (see
/// <see cref="IngestBatchConverter"/>): one tracked object per request.
/// </remarks>
[Immutable]
public sealed class IngestBatch(IReadOnlyList<IngestItem> items)
{
    public IReadOnlyList<IngestItem> Items { get; } = items;
}

/// <summary>An <see cref="IngestBatch"/> on the wire: its items packed by <see cref="IngestBatchConverter"/>.</summary>
[GenerateSerializer, Immutable]
public readonly struct IngestBatchSurrogate
{
    [Id(0)] public byte[] Packed { get; init; }
}

/// <summary>
/// Packs a batch's items field by field: a bit mask of the fields present, then each present field in
/// declaration order. Every field of <see cref="IngestItem"/> must appear here; the round-trip test compares
/// every property, so one added to the record and forgotten here fails it.
/// </summary>
[RegisterConverter]
public sealed class IngestBatchConverter : IConverter<IngestBatch, IngestBatchSurrogate>
{
    private const int Version = 1;
    private const int TextFields = 13;

    /// <summary>Strict UTF-8: text that cannot round-trip (a lone surrogate) fails the call rather than arriving
    /// changed. The gateway refuses such text in ingestion input before it gets here.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    public IngestBatch ConvertFromSurrogate(in IngestBatchSurrogate surrogate)
    {
        using var reader = new BinaryReader(new MemoryStream(surrogate.Packed, writable: false), StrictUtf8);
        if (reader.ReadByte() != Version)
        {
            throw new InvalidDataException("Unknown ingestion batch format.");
        }

        var items = new IngestItem[reader.ReadInt32()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadItem(reader);
        }

        return new IngestBatch(items);
    }

    public IngestBatchSurrogate ConvertToSurrogate(in IngestBatch value)
    {
        using var buffer = new MemoryStream(256 * Math.Max(1, value.Items.Count));
        using (var writer = new BinaryWriter(buffer, StrictUtf8, leaveOpen: true))
        {
            writer.Write((byte)Version);
            writer.Write(value.Items.Count);
            foreach (var item in value.Items)
            {
                WriteItem(writer, item);
            }
        }

        return new IngestBatchSurrogate { Packed = buffer.ToArray() };
    }

    private static void WriteItem(BinaryWriter writer, IngestItem item)
    {
        string?[] texts = Texts(item);
        var present = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            present |= texts[i] is null ? 0 : 1 << i;
        }

        present |= item.OccurredAt is null ? 0 : 1 << texts.Length;
        present |= item.Activity is null ? 0 : 1 << (texts.Length + 1);
        writer.Write(item.Index);
        writer.Write(present);
        foreach (var text in texts)
        {
            if (text is not null)
            {
                writer.Write(text);
            }
        }

        if (item.OccurredAt is { } occurredAt)
        {
            writer.Write(occurredAt.ToBinary());
        }

        if (item.Activity is { } activity)
        {
            writer.Write(activity.Count);
            foreach (var key in activity)
            {
                writer.Write(key);
            }
        }
    }

    private static IngestItem ReadItem(BinaryReader reader)
    {
        var index = reader.ReadInt32();
        var present = reader.ReadInt32();
        var texts = new string?[TextFields];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = (present & (1 << i)) != 0 ? reader.ReadString() : null;
        }

        DateTime? occurredAt = (present & (1 << TextFields)) != 0 ? DateTime.FromBinary(reader.ReadInt64()) : null;
        string[]? activity = null;
        if ((present & (1 << (TextFields + 1))) != 0)
        {
            activity = new string[reader.ReadInt32()];
            for (var i = 0; i < activity.Length; i++)
            {
                activity[i] = reader.ReadString();
            }
        }

        return new IngestItem
        {
            Index = index,
            Event = texts[0],
            CallingUserId = texts[1],
            CallingUserName = texts[2],
            OrgId = texts[3],
            WorkspaceId = texts[4],
            ShareId = texts[5],
            UserId = texts[6],
            ObjectId = texts[7],
            ParentEventId = texts[8],
            Visibility = texts[9],
            Permission = texts[10],
            IdempotencyKey = texts[11],
            DetailsJson = texts[12],
            OccurredAt = occurredAt,
            Activity = activity,
        };
    }

    /// <summary>The text fields in wire order; <see cref="ReadItem"/> reads them back in the same order.</summary>
    private static string?[] Texts(IngestItem item) =>
    [
        item.Event, item.CallingUserId, item.CallingUserName, item.OrgId, item.WorkspaceId, item.ShareId,
        item.UserId, item.ObjectId, item.ParentEventId, item.Visibility, item.Permission, item.IdempotencyKey,
        item.DetailsJson,
    ];
}
