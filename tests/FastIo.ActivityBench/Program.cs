using System.Globalization;
using FastIo.Orleans.ActivityBench;
using FastIo.Orleans.ActivityBench.Reference;
using FastIo.Orleans.ActivityBench.Targets;

if (args is ["reference", "--port", var port])
{
    await ReferenceBroadcaster.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));
    return 0;
}

if (BenchOptions.Parse(args, Console.Error) is not { } options)
{
    return 2;
}

if (options.Product && options.GatewayPid is null)
{
    Console.Error.WriteLine("--gateway-pid is required to measure the product's memory");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var results = new List<BenchResult>();
if (options.Product)
{
    var product = new ProductTarget(http, options.Url, options.GatewayPid!.Value, new Tokens(options.SigningKey));
    results.Add(await new BenchRun(options, product, Console.Out).RunAsync(cancellation.Token));
    results[^1].Print(Console.Out);
}

if (options.Reference)
{
    using var reference = new ReferenceTarget(http, options.ReferencePort);
    results.Add(await new BenchRun(options, reference, Console.Out).RunAsync(cancellation.Token));
    results[^1].Print(Console.Out);
}

Console.WriteLine();
foreach (var result in results)
{
    result.Print(Console.Out);
}

if (results is [{ } p, { } r] && r.AllLatency.P99 > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"p99 product/reference: {p.AllLatency.P99 / r.AllLatency.P99:F2} (sockets {p.SocketLatency.P99 / Math.Max(0.001, r.SocketLatency.P99):F2}, "
        + $"polls {p.PollLatency.P99 / Math.Max(0.001, r.PollLatency.P99):F2})"));
}

return results.Any(r => r.Missing > 0) ? 1 : 0;
