namespace FastIo.Orleans.Replay.Activity;

/// <summary>Draws values in proportion to integer weights, repeatably for a seeded <see cref="Random"/>.</summary>
public sealed class WeightedTable<T>
{
    private readonly T[] _values;
    private readonly long[] _cumulative;

    public WeightedTable(IEnumerable<(T Value, int Weight)> rows)
    {
        var list = rows.Where(row => row.Weight > 0).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A weighted table needs at least one positive weight.", nameof(rows));
        }

        _values = list.Select(row => row.Value).ToArray();
        _cumulative = new long[list.Count];
        long sum = 0;
        for (var i = 0; i < list.Count; i++)
        {
            sum += list[i].Weight;
            _cumulative[i] = sum;
        }
    }

    public long TotalWeight => _cumulative[^1];

    public T Draw(Random random)
    {
        var ticket = random.NextInt64(TotalWeight);
        var index = Array.BinarySearch(_cumulative, ticket + 1);
        return _values[index >= 0 ? index : ~index];
    }
}
