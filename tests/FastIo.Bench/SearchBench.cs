using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using FastIo.Orleans.Grains.Search;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Search;
using Npgsql;

namespace FastIo.Orleans.Bench;

public sealed record SearchBenchSettings(Uri Url, string Postgres, TimeSpan Duration);

/// <summary>
/// Three typical searches, each measured over HTTP through the whole product and as the same SQL statement
/// run straight against the same database: p50 and p99 at 1 and at 32 concurrent callers, uncached (every
/// request a query not seen before) and cached (one query repeated).
/// </summary>
public sealed class SearchBench(SearchBenchSettings settings, TextWriter output)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = settings.Url,
    };

    private long _unique;

    public async Task RunAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(settings.Postgres);
        var subjects = await BenchSubjects.FindAsync(dataSource);
        var key = Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } k ? k : TokenMinter.DevelopmentSigningKey;
        var minter = new TokenMinter(key, TimeSpan.FromHours(2));

        output.WriteLine($"Search over a log of {subjects.TotalEvents:N0} events; busiest workspace {subjects.WorkspaceId} "
            + $"({subjects.WorkspaceEvents:N0} events, owner {subjects.WorkspaceOwner}); busiest user {subjects.UserId}.");
        output.WriteLine();
        output.WriteLine("| search | callers | HTTP uncached p50 / p99 ms | HTTP cached p50 / p99 ms | SQL p50 / p99 ms "
            + "| uncached p99 / SQL p99 | cached p99 / SQL p99 |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        foreach (var search in BenchSearches.Of(subjects))
        {
            var token = minter.UserToken(search.Caller, "Bench");
            foreach (var callers in new[] { 1, 32 })
            {
                var uncached = await MeasureAsync(callers, () => HttpAsync(search, token, unique: true));
                var cached = await MeasureAsync(callers, () => HttpAsync(search, token, unique: false));
                var sql = await MeasureAsync(callers, () => SqlAsync(dataSource, search));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {search.Name} | {callers} | {uncached.P50:F2} / {uncached.P99:F2} | {cached.P50:F2} / {cached.P99:F2} "
                    + $"| {sql.P50:F2} / {sql.P99:F2} | {uncached.P99 / sql.P99:F2} | {cached.P99 / sql.P99:F2} |"));
            }
        }
    }

    private async Task HttpAsync(BenchSearch search, string token, bool unique)
    {
        var query = search.QueryString(unique ? CreatedMaxFor(Interlocked.Increment(ref _unique)) : null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "current/events/search/?" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"search answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The statement the profile grain runs for the same search, with the same parameters.</summary>
    private async Task SqlAsync(NpgsqlDataSource dataSource, BenchSearch search)
    {
        var plan = search.Plan(CreatedMaxFor(Interlocked.Increment(ref _unique)));
        await using var command = EventSearchStore.Build(plan, dataSource.CreateCommand());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }

    /// <summary>A created-max far in the future, different per request, so no cache can answer it.</summary>
    private static DateTime CreatedMaxFor(long n) => new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(n * 10);

    private async Task<(double P50, double P99)> MeasureAsync(int callers, Func<Task> request)
    {
        for (var i = 0; i < 20; i++)
        {
            await request();
        }

        var samples = new List<double>[callers];
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            samples[c] = [];
            while (stop.Elapsed < settings.Duration)
            {
                var start = Stopwatch.GetTimestamp();
                await request();
                samples[c].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));

        var all = samples.SelectMany(s => s).Order().ToArray();
        return (all[all.Length / 2], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]);
    }
}
