using FastIo.Orleans.Bench;

return await BenchCommand.RunAsync(args);
