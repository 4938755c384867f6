using FastIo.Orleans.ServiceDefaults;
using FastIo.Orleans.Silo;
using FastIo.Orleans.Silo.Billing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("fastio-silo");
builder.AddPostgres();
builder.AddFastIoSilo();
builder.AddBillingInbox();

var app = builder.Build();
app.MapHealthEndpoints();
await app.MigrateEventStoreAsync();
await app.RunAsync();
