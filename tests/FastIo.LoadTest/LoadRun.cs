using System.Diagnostics;
using FastIo.Orleans.LoadTest.Checks;
using FastIo.Orleans.LoadTest.Clients;
using FastIo.Orleans.LoadTest.Ingestion;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest;

/// <summary>
/// One run: create the workspaces, open the sockets and polls, send events and searches for the set time,
/// give the clients a grace period to catch up, then check deliveries and (with a connection string) the log.
/// </summary>
public sealed class LoadRun(LoadOptions options, TextWriter output)
{
    public const int Passed = 0;
    public const int FailedCheck = 1;
    public const int Interrupted = 130;

    private static readonly TimeSpan ClientsReadyWithin = TimeSpan.FromSeconds(60);

    private readonly LoadMetrics _metrics = new();
    private readonly ErrorLog _errors = new(output);

    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        var population = Population.New(options.Profiles);
        var minter = new TokenMinter(options.SigningKey, TimeSpan.FromHours(options.Seconds / 3600.0 + 1));
        var userToken = minter.UserToken(population.UserId, "Load Tester");
        using var http = NewHttpClient(TimeSpan.FromSeconds(30));
        using var pollHttp = NewHttpClient(TimeSpan.FromSeconds(45));
        var api = new ApiClient(http, TextWriter.Null, maxAttempts: 1);
        var setupApi = new ApiClient(http, output);
        var serviceToken = minter.ServiceToken("fastio-load");

        output.WriteLine($"fastio-load run {population.Run}: {options.Profiles} workspaces at {options.Url}");
        await population.CreateAsync(new IngestClient(setupApi, serviceToken), interrupt);
        await population.ReadStartCursorsAsync(setupApi, userToken, interrupt);

        var mix = new EventMix(population);
        using var socketContext = new SocketContext(options.Url, api, userToken, _metrics, _errors);
        var pollApi = new ApiClient(pollHttp, TextWriter.Null, maxAttempts: 1);
        var sockets = Enumerable.Range(0, options.Sockets).Select(i => new SocketClient(socketContext,
            population.Workspaces[i % options.Profiles], population.StartCursors[i % options.Profiles],
            new Inbox(i % options.Profiles, mix.ObjectPrefix))).ToList();
        var polls = Enumerable.Range(0, options.Polls).Select(i => new PollClient(pollApi, userToken,
            population.Workspaces[i % options.Profiles], population.StartCursors[i % options.Profiles],
            new Inbox(i % options.Profiles, mix.ObjectPrefix), _metrics, _errors)).ToList();

        using var stopClients = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        var clients = await StartClientsAsync(sockets, polls, stopClients.Token);

        using var ledger = new Ledger(options.LedgerFile);
        var started = Stopwatch.GetTimestamp();
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        stopSending.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        var progress = new ProgressLine(_metrics, options, output).RunAsync(stopClients.Token);
        output.WriteLine($"sending {options.IngestRate}/s in batches of {options.Batch} and "
            + $"{options.SearchRate} searches/s for {options.Seconds} s");
        await Task.WhenAll(
            new IngestLoad(options, new IngestClient(api, serviceToken), mix, ledger, _metrics, population, _errors)
                .RunAsync(stopSending.Token, interrupt),
            new SearchLoad(options, new SearchClient(api), userToken, population, _metrics, _errors)
                .RunAsync(stopSending.Token));
        var window = Stopwatch.GetElapsedTime(started);

        var socketInboxes = sockets.Select(s => s.Inbox).ToList();
        var pollInboxes = polls.Select(p => p.Inbox).ToList();
        await GraceAsync(ledger, [.. socketInboxes, .. pollInboxes], interrupt);
        await stopClients.CancelAsync();
        await Task.WhenAll([.. clients, progress]);

        var report = await ReportAsync(population, mix, ledger, socketContext, socketInboxes, pollInboxes, window,
            interrupt.IsCancellationRequested);
        report.Print(output);
        if (options.ReportFile is { } path)
        {
            await report.WriteAsync(path, CancellationToken.None);
        }

        return report.Interrupted ? Interrupted : report.Failed ? FailedCheck : Passed;
    }

    private async Task<List<Task>> StartClientsAsync(List<SocketClient> sockets, List<PollClient> polls,
        CancellationToken stop)
    {
        var tasks = new List<Task>();
        for (var i = 0; i < Math.Max(sockets.Count, polls.Count); i++)
        {
            if (i < sockets.Count)
            {
                var socket = sockets[i];
                tasks.Add(Task.Run(() => socket.RunAsync(stop), CancellationToken.None));
            }

            if (i < polls.Count)
            {
                var poll = polls[i];
                tasks.Add(Task.Run(() => poll.RunAsync(stop), CancellationToken.None));
            }

            // A few at a time, so the gateway's listen backlog is never overrun.
            if (i % 32 == 31)
            {
                await Task.Delay(5, stop);
            }
        }

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ClientsReadyWithin && !stop.IsCancellationRequested
            && (Interlocked.Read(ref _metrics.OpenSockets) < sockets.Count
                || Interlocked.Read(ref _metrics.WaitingPolls) < polls.Count))
        {
            await Task.Delay(100, stop);
        }

        output.WriteLine($"clients ready in {waited.Elapsed.TotalSeconds:0.0} s: "
            + $"{Interlocked.Read(ref _metrics.OpenSockets)}/{sockets.Count} sockets open, "
            + $"{Interlocked.Read(ref _metrics.WaitingPolls)}/{polls.Count} polls waiting");
        return tasks;
    }

    /// <summary>Waits until every client has every acknowledged key, or the grace period is over.</summary>
    private async Task GraceAsync(Ledger ledger, List<Inbox> inboxes, CancellationToken interrupt)
    {
        var waited = Stopwatch.StartNew();
        try
        {
            while (waited.Elapsed.TotalSeconds < options.GraceSeconds
                && DeliveryCheck.Missing(ledger.Events, inboxes) > 0)
            {
                await Task.Delay(500, interrupt);
            }
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // Ctrl-C: report what there is.
        }

        output.WriteLine($"load sent; clients caught up after {waited.Elapsed.TotalSeconds:0.0} s "
            + $"(grace {options.GraceSeconds} s)");
    }

    private async Task<LoadReport> ReportAsync(Population population, EventMix mix, Ledger ledger,
        SocketContext socketContext, List<Inbox> socketInboxes, List<Inbox> pollInboxes, TimeSpan window,
        bool interrupted)
    {
        var deliveries = new List<DeliveryResult>
        {
            DeliveryCheck.Run("socket", ledger.Events, socketInboxes, _metrics.SocketPush),
            DeliveryCheck.Run("poll", ledger.Events, pollInboxes),
        };

        DatabaseResult? database = null;
        if (options.Postgres is { } connection && !interrupted)
        {
            database = await DatabaseCheck.RunAsync(connection, population, ledger.Events, mix.ObjectPrefix,
                CancellationToken.None);
        }

        return new LoadReport(population.Run, options.Url.ToString(), window.TotalSeconds, _metrics.EventsSent,
            _metrics.EventsAcknowledged, _metrics.EventsRefused, _metrics.EventsGivenUp, _metrics.BatchRetries,
            _metrics.SocketDrops, socketInboxes.Concat(pollInboxes).Sum(i => (long)i.Reloads), interrupted,
            [.. _metrics.All.Select(o => o.Summarize(window)), socketContext.Connect.Summarize(window)],
            deliveries, database);
    }

    private HttpClient NewHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    })
    {
        BaseAddress = options.Url,
        Timeout = timeout,
    };
}
