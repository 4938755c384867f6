using FastIo.Orleans.ServiceDefaults;
using FastIo.Orleans.Silo;
using FastIo.Orleans.Silo.Billing;

// The content root is the app's own folder, where its appsettings.json is. Started from a checkout it would
// otherwise be the working directory, and configuration's change watcher would follow every file below it,
// the local database's files included, on every write they get.
var builder = WebApplication.CreateBuilder(
    new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("fastio-silo");
builder.AddPostgres();
builder.AddFastIoSilo();
builder.AddBillingInbox();

var app = builder.Build();
app.MapHealthEndpoints();
await app.MigrateEventStoreAsync();
await app.RunAsync();
