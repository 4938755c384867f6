using System.Diagnostics;
using System.Text.Json;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest.Clients;

/// <summary>
/// One long-poll client on one workspace: polls with <c>wait=30&amp;updated</c> and the cursor of the last
/// answer, at once again after each answer, with backoff after a failure (same cursor, so nothing is skipped).
/// </summary>
public sealed class PollClient(ApiClient api, string userToken, string profileId, string? startCursor, Inbox inbox,
    LoadMetrics metrics, ErrorLog errors)
{
    public Inbox Inbox => inbox;

    public async Task RunAsync(CancellationToken stop)
    {
        var cursor = startCursor;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var path = $"current/activity/poll/{profileId}/?wait=30&updated"
                + (cursor is null ? string.Empty : "&lastactivity=" + Uri.EscapeDataString(cursor));
            var started = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref metrics.WaitingPolls);
            try
            {
                var answer = await api.SendAsync<JsonElement>(
                    () => ApiClient.Authorized(HttpMethod.Get, path, userToken), stop);
                metrics.PollAnswer.Succeeded(started);
                var message = ActivityMessage.From(answer);
                inbox.Receive(message);
                cursor = message.LastActivity ?? cursor;
                failures = 0;
            }
            catch (ApiException e)
            {
                metrics.PollAnswer.Failed();
                errors.Write($"poll {profileId}: {e.Message.Split('\n')[0]}");
                failures++;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                Interlocked.Decrement(ref metrics.WaitingPolls);
            }

            if (failures > 0)
            {
                await Delay(Backoff.After(failures), stop);
            }
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop ends.
        }
    }
}
