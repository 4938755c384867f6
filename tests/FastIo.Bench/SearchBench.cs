using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FastIo.Orleans.Replay.Http;
using Npgsql;

namespace FastIo.Orleans.Bench;

public sealed record SearchBenchSettings(Uri Url, string Postgres, TimeSpan Duration);

/// <summary>
/// Three typical searches, each measured over HTTP through the whole product and as hand-written SQL for the
/// same rows run straight against the same database (<see cref="BenchSearches"/>), side by side in one run:
/// p50 and p99 at 1 and at 32 concurrent callers, uncached (every request a query not seen before) and cached
/// (one query repeated). Before measuring, each search is checked to answer the same events both ways.
/// </summary>
public sealed class SearchBench(SearchBenchSettings settings, TextWriter output)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = settings.Url,
    };

    private long _unique;

    public async Task RunAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(settings.Postgres);
        var subjects = await BenchSubjects.FindAsync(dataSource);
        var key = Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } k
            ? k
            : TokenMinter.DevelopmentSigningKey;
        var minter = new TokenMinter(key, TimeSpan.FromHours(2));

        output.WriteLine($"Search over a log of {subjects.TotalEvents:N0} events; busiest workspace "
            + $"{subjects.WorkspaceId} ({subjects.WorkspaceEvents:N0} events, owner {subjects.WorkspaceOwner}); "
            + $"busiest user {subjects.UserId} ({subjects.UserEvents:N0} events as caller).");
        var searches = BenchSearches.Of(subjects, dataSource).ToList();
        foreach (var search in searches)
        {
            // Activates the profile (a first activation folds the log since its last snapshot) and shows that
            // the product and the raw SQL answer the very same rows.
            var token = minter.UserToken(search.Caller, "Bench");
            var http = await HttpIdsAsync(search, token, 1);
            var sql = await SqlIdsAsync(search, 1);
            if (!http.SequenceEqual(sql, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{search.Name}: HTTP answered {http.Count} events, raw SQL {sql.Count}, not the same list");
            }

            output.WriteLine($"{search.Name}: HTTP and raw SQL answer the same {http.Count} events.");
        }

        // Until the processes' code is fully compiled (.NET tiers methods up after they have run a while) the
        // first figures measure the JIT, not the search: every kind of request runs for a while first.
        foreach (var search in searches)
        {
            var token = minter.UserToken(search.Caller, "Bench");
            await MeasureAsync(8, () => HttpAsync(search, token, Next()), Warmup);
            await MeasureAsync(8, () => HttpAsync(search, token, 0), Warmup);
            await MeasureAsync(8, () => SqlAsync(search, Next()), Warmup);
        }

        output.WriteLine();
        output.WriteLine("| search | callers | HTTP uncached p50 / p99 ms | HTTP cached p50 / p99 ms "
            + "| SQL p50 / p99 ms | uncached p99 / SQL p99 | cached p99 / SQL p99 |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        foreach (var search in searches)
        {
            var token = minter.UserToken(search.Caller, "Bench");
            foreach (var callers in new[] { 1, 32 })
            {
                var uncached = await MeasureAsync(callers, () => HttpAsync(search, token, Next()));
                var cached = await MeasureAsync(callers, () => HttpAsync(search, token, 0));
                var sql = await MeasureAsync(callers, () => SqlAsync(search, Next()));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {search.Name} | {callers} | {uncached.P50:F2} / {uncached.P99:F2} "
                    + $"| {cached.P50:F2} / {cached.P99:F2} | {sql.P50:F2} / {sql.P99:F2} "
                    + $"| {uncached.P99 / sql.P99:F2} | {cached.P99 / sql.P99:F2} |"));
            }
        }
    }

    private long Next() => Interlocked.Increment(ref _unique);

    private async Task<byte[]> HttpAsync(BenchSearch search, string token, long n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "current/events/search/?" + search.Query(n));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"search answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return body;
    }

    private async Task<List<string>> HttpIdsAsync(BenchSearch search, string token, long n)
    {
        using var document = JsonDocument.Parse(await HttpAsync(search, token, n));
        return [.. document.RootElement.GetProperty("response").GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("event_id").GetString()!)];
    }

    private static async Task<List<string>> SqlIdsAsync(BenchSearch search, long n)
    {
        await using var command = search.Sql(n);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Runs the raw statement and reads every column of every row, as a client of it would.</summary>
    private static async Task SqlAsync(BenchSearch search, long n)
    {
        await using var command = search.Sql(n);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }

    private async Task<(double P50, double P99)> MeasureAsync(int callers, Func<Task> request,
        TimeSpan? duration = null)
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
            while (stop.Elapsed < (duration ?? settings.Duration))
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
