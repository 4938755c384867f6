using FastIo.Orleans.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace FastIo.Orleans.Tests.Ingestion;

/// <summary>The packed wire form of an ingestion batch gives back every field of every item.</summary>
public sealed class IngestBatchTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(IngestBatch).Assembly)).BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void Every_property_of_every_item_survives_the_wire()
    {
        var full = new IngestItem
        {
            Index = 7,
            Event = "workspace_storage_file_added",
            CallingUserId = "10000000000000000001",
            CallingUserName = "Zoë \"Q\" Ünïcode ✓",
            OrgId = "11000000000000000001",
            WorkspaceId = "12000000000000000001",
            ShareId = "13000000000000000001",
            UserId = "10000000000000000002",
            ObjectId = "node-1",
            ParentEventId = "12000000000000000001-1",
            Visibility = "external",
            Permission = "member",
            OccurredAt = new DateTime(2015, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234560),
            IdempotencyKey = "key-1",
            DetailsJson = "{\"filename\":\"a.pdf\"}",
            Activity = ["storage", "storage:node-1"],
        };
        var sparse = new IngestItem { Index = 0, UserId = "10000000000000000003", Activity = [] };
        var empty = new IngestItem { Index = -3 };

        var packed = Serializer.SerializeToArray(new IngestBatch([full, sparse, empty]));
        var copy = Serializer.Deserialize<IngestBatch>(packed)!;

        Assert.Equal(3, copy.Items.Count);
        AssertSame(full, copy.Items[0]);
        AssertSame(sparse, copy.Items[1]);
        AssertSame(empty, copy.Items[2]);
        Assert.Equal(DateTimeKind.Utc, copy.Items[0].OccurredAt!.Value.Kind);
    }

    [Fact]
    public void An_empty_batch_stays_empty()
    {
        var copy = Serializer.Deserialize<IngestBatch>(Serializer.SerializeToArray(new IngestBatch([])))!;
        Assert.Empty(copy.Items);
    }

    /// <summary>Compares by reflection: a property added to the record but not to the wire format fails here.</summary>
    private static void AssertSame(IngestItem expected, IngestItem actual)
    {
        foreach (var property in typeof(IngestItem).GetProperties())
        {
            var want = property.GetValue(expected);
            var got = property.GetValue(actual);
            if (want is IEnumerable<string> keys)
            {
                Assert.Equal(keys, Assert.IsAssignableFrom<IEnumerable<string>>(got));
                continue;
            }

            Assert.True(Equals(want, got), $"{property.Name}: expected {want}, got {got}");
        }
    }

    [Fact]
    public void Text_that_cannot_round_trip_fails_rather_than_arriving_changed()
    {
        var item = new IngestItem { Index = 0, Event = "comment_created", CallingUserName = "half \ud800 pair" };

        Assert.ThrowsAny<Exception>(() => Serializer.SerializeToArray(new IngestBatch([item])));
    }
}
