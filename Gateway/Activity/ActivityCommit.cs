namespace FastIo.Orleans.Gateway.Activity;

/// <summary>One commit's keys as the gateway hands them on: from the stream, or rebuilt by a grain read.</summary>
public sealed record ActivityCommit(DateTime At, IReadOnlyList<string> Keys);

/// <summary>A waiting poll or an open socket, told of each commit of the profile it watches.</summary>
public interface IActivityListener
{
    /// <summary>
    /// Commits in time order, never two calls at once for one profile. Called under the watch's lock, so it
    /// must only record and return. <paramref name="recovered"/> is false when the gateway itself lost track
    /// of the profile's history: the client should reload.
    /// </summary>
    void OnActivity(IReadOnlyList<ActivityCommit> commits, bool recovered);
}
