using FastIo.Orleans.ServiceDefaults;
using FastIo.Orleans.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("fastio-silo");
builder.AddPostgres();
builder.AddFastIoSilo();

var app = builder.Build();
app.MapHealthEndpoints();
await app.MigrateEventStoreAsync();
await app.RunAsync();
