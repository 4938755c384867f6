using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Replay.Http;
using Npgsql;

namespace FastIo.Orleans.Bench;

/// <param name="Keys">Every event carries an idempotency key, as real clients send them: on both sides.</param>
public sealed record IngestBenchSettings(
    Uri Url, string Postgres, int Events, int Concurrency, int Batch, TimeSpan WarmUp, bool Keys);

/// <summary>
/// Measures events per second recorded durably through <c>POST /internal/events/</c>, and the same rows
/// written straight into the same table with Npgsql binary COPY in batches of the same size and with the same
/// concurrency: the floor of what the database can take, and so the baseline of the ratio.
/// </summary>
public sealed class IngestBench(IngestBenchSettings settings, TextWriter output)
{
    private const string Owner = "19000000000000000001";
    private readonly HttpClient _http = new() { BaseAddress = settings.Url, Timeout = TimeSpan.FromMinutes(2) };
    private readonly string _runId =
        DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public async Task RunAsync()
    {
        var key = Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } k
            ? k
            : TokenMinter.DevelopmentSigningKey;
        _http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", new TokenMinter(key).ServiceToken("bench"));
        await using var dataSource = NpgsqlDataSource.Create(settings.Postgres);

        output.WriteLine($"Ingestion: {settings.Events:N0} events per scenario, batches of {settings.Batch}, "
            + $"{settings.Concurrency} requests in flight, against {settings.Url} and PostgreSQL.");
        output.WriteLine();
        output.WriteLine("| scenario | HTTP API events/s | raw COPY events/s | ratio (API / COPY) |");
        output.WriteLine("|---|---:|---:|---:|");

        // Warm-up, not reported, long enough for the runtime's tiered JIT to finish recompiling the hot paths
        // (in the first seconds after start it takes a quarter of the silo's CPU): both sides reach steady state
        // (JIT, connection pools, grain activations) before anything is timed, on profiles of their own.
        var warmSpread = await CreateWorkspacesAsync(1000, "w");
        var warmBusy = await CreateWorkspacesAsync(1, "w");
        var next = 0;
        next = await RunForAsync(settings.WarmUp * 0.6, next, i => PostBatchAsync(warmSpread, i));
        next = await RunForAsync(settings.WarmUp * 0.2, next, i => PostBatchAsync(warmBusy, i));
        await RunForAsync(settings.WarmUp * 0.2, 0, i => CopyBatchAsync(dataSource, 1000, "w", i));

        foreach (var profiles in new[] { 1000, 1 })
        {
            // Two rounds in opposite order, so neither side always runs on a fresher database.
            var workspaces = await CreateWorkspacesAsync(profiles, "m");
            var half = settings.Events / 2;
            var api1 = await MeasureAsync(half, i => PostBatchAsync(workspaces, i));
            var copy1 = await MeasureAsync(half, i => CopyBatchAsync(dataSource, profiles, "m", i));
            var copy2 = await MeasureAsync(
                half, i => CopyBatchAsync(dataSource, profiles, "m", i + half / settings.Batch));
            var api2 = await MeasureAsync(half, i => PostBatchAsync(workspaces, i + half / settings.Batch));
            var api = 2 / (1 / api1 + 1 / api2);
            var copy = 2 / (1 / copy1 + 1 / copy2);
            var name = profiles == 1 ? "one busy workspace" : $"spread over {profiles:N0} workspaces";
            output.WriteLine($"| {name} | {api:N0} | {copy:N0} | {api / copy:P0} |");
        }
    }

    /// <summary>Sends batches from <paramref name="first"/> on until the time is up; answers the next index.</summary>
    private async Task<int> RunForAsync(TimeSpan duration, int first, Func<int, Task> sendBatch)
    {
        var next = first - 1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await sendBatch(Interlocked.Increment(ref next));
            }
        }));
        return next + 1;
    }

    /// <summary>Runs every batch with the configured concurrency and answers events per second.</summary>
    private async Task<double> MeasureAsync(int events, Func<int, Task> sendBatch)
    {
        var batches = events / settings.Batch;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches)
            {
                await sendBatch(index);
            }
        }));
        return batches * settings.Batch / clock.Elapsed.TotalSeconds;
    }

    private async Task<string[]> CreateWorkspacesAsync(int count, string round)
    {
        await PostAsync(Item("user_created", userId: Owner, key: "bench-owner"));
        var ids = Enumerable.Range(0, count)
            .Select(i => $"18{_runId}{(round == "w" ? 9 : 0)}{count:D4}{i:D7}".PadRight(20, '0')[..20]).ToArray();
        foreach (var chunk in ids.Chunk(500))
        {
            await PostAsync(string.Join(',', chunk.Select(id => Item("workspace_created", workspaceId: id))));
        }

        return ids;
    }

    private Task PostBatchAsync(string[] workspaces, int batch)
    {
        var items = new StringBuilder(settings.Batch * 300);
        for (var i = 0; i < settings.Batch; i++)
        {
            var n = batch * settings.Batch + i;
            if (i > 0)
            {
                items.Append(',');
            }

            items.Append(Item(
                "workspace_storage_file_added", workspaceId: workspaces[n % workspaces.Length], objectId: $"node{n}",
                details: $"{{\"filename\":\"file{n}.pdf\",\"file_size\":{n * 31 % 100000}}}",
                key: settings.Keys ? $"api-{workspaces[0]}-{workspaces.Length}-{n}" : null));
        }

        return PostAsync(items.ToString());
    }

    /// <summary>The same rows the API writes, into the same table, by binary COPY; profile IDs of their own.</summary>
    private async Task CopyBatchAsync(NpgsqlDataSource dataSource, int profiles, string round, int batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(EventLogStore.CopyStatement))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < settings.Batch; i++)
            {
                var n = batch * settings.Batch + i;
                var profile = $"17{_runId}{(round == "w" ? 9 : 0)}{profiles:D4}{n % profiles:D7}"
                    .PadRight(20, '0')[..20];
                var sequence = n / profiles + 1;
                await EventLogStore.WriteRowAsync(writer, new StoredEvent
                {
                    ProfileId = profile,
                    Sequence = sequence,
                    EventId = EventIds.Create(profile, sequence),
                    Created = now,
                    Name = "workspace_storage_file_added",
                    Category = "workspace",
                    Subcategory = "storage",
                    Visibility = EventVisibility.External,
                    Permission = EventPermission.Member,
                    CallingUserId = Owner,
                    CallingUserName = "Bench Owner",
                    Committed = now,
                    WorkspaceId = profile,
                    ObjectId = $"node{n}",
                    DetailsJson = $"{{\"filename\":\"file{n}.pdf\",\"file_size\":{n * 31 % 100000}}}",
                    IdempotencyKey = settings.Keys ? $"copy-{_runId}-{round}-{profiles}-{n}" : null,
                }, CancellationToken.None);
            }

            await writer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    private async Task PostAsync(string items)
    {
        using var content = new StringContent("{\"events\":[" + items + "]}", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("internal/events/", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ingestion answered {(int)response.StatusCode}: "
                + await response.Content.ReadAsStringAsync());
        }
    }

    private static string Item(
        string name, string? userId = null, string? workspaceId = null, string? objectId = null, string? details = null,
        string? key = null)
    {
        var json = new StringBuilder(
            $"{{\"event\":\"{name}\",\"calling_user_id\":\"{Owner}\",\"calling_user_name\":\"Bench Owner\"");
        Append(json, "user_id", userId);
        Append(json, "workspace_id", workspaceId);
        Append(json, "object_id", objectId);
        Append(json, "idempotency_key", key);
        if (details is not null)
        {
            json.Append(",\"details\":").Append(details);
        }

        return json.Append('}').ToString();
    }

    private static void Append(StringBuilder json, string name, string? value)
    {
        if (value is not null)
        {
            json.Append($",\"{name}\":\"{value}\"");
        }
    }
}
