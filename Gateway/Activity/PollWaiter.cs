using FastIo.Orleans.Activity;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// A long-poll waiting for the first commit after its point that touches one of its fields. A commit is
/// taken whole, so keys committed together are never split between two answers.
/// </summary>
public sealed class PollWaiter(ActivityFields? fields, DateTime seen) : IActivityListener
{
    private readonly DateTime _seen = seen;
    private readonly TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, DateTime>? _keys;
    private DateTime _cursor = seen;
    private bool _recovered = true;

    public Task Changed => _changed.Task;

    public void OnActivity(IReadOnlyList<ActivityCommit> commits, bool recovered)
    {
        lock (_changed)
        {
            if (_changed.Task.IsCompleted)
            {
                return;
            }

            foreach (var commit in commits)
            {
                if (commit.At <= _seen && recovered)
                {
                    continue;
                }

                foreach (var key in commit.Keys)
                {
                    if (fields is null || fields.Matches(key))
                    {
                        (_keys ??= new Dictionary<string, DateTime>(StringComparer.Ordinal))[key] = commit.At;
                    }
                }

                _cursor = commit.At > _cursor ? commit.At : _cursor;
            }

            _recovered &= recovered;
            if (_keys is not null || !_recovered)
            {
                _changed.TrySetResult();
            }
        }
    }

    /// <summary>The answer: <paramref name="status"/> keys (full-status answers) overlaid with the changes.</summary>
    public (List<ActivityStamp> Keys, DateTime Cursor, bool Recovered) Answer(IReadOnlyList<ActivityStamp> status)
    {
        lock (_changed)
        {
            if (_keys is null && _recovered)
            {
                return ([], _cursor, true);
            }

            var merged = status.ToDictionary(s => s.Key, s => s.At, StringComparer.Ordinal);
            foreach (var (key, at) in _keys ?? [])
            {
                merged[key] = at;
            }

            return ([.. merged.Select(m => new ActivityStamp(m.Key, m.Value))], _cursor, _recovered);
        }
    }
}
