using System.Diagnostics;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest;

/// <summary>Searches a random workspace at a fixed rate, open-loop, as its owner would.</summary>
public sealed class SearchLoad(LoadOptions options, SearchClient search, string userToken, Population population,
    LoadMetrics metrics, ErrorLog errors)
{
    private const int MaxInFlight = 64;

    public async Task RunAsync(CancellationToken stop)
    {
        if (options.SearchRate <= 0)
        {
            return;
        }

        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var searches = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var count = (long)Math.Ceiling(options.Seconds * options.SearchRate);
        try
        {
            for (var k = 0; k < count; k++)
            {
                var due = TimeSpan.FromSeconds(k / options.SearchRate) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }

                await inFlight.WaitAsync(stop);
                searches.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SearchOnceAsync(stop);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over: no new searches; the ones sent finish below.
        }

        await Task.WhenAll(searches);
    }

    private async Task SearchOnceAsync(CancellationToken stop)
    {
        var workspace = population.Workspaces[Random.Shared.Next(population.Workspaces.Count)];
        var started = Stopwatch.GetTimestamp();
        try
        {
            await search.SearchAsync(userToken,
                new Dictionary<string, string> { ["workspace_id"] = workspace, ["limit"] = "25" }, stop);
            metrics.Search.Succeeded(started);
        }
        catch (ApiException e)
        {
            metrics.Search.Failed();
            errors.Write($"search: {e.Message.Split('\n')[0]}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
