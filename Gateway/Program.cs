using FastIo.Orleans.Gateway.Activity;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Billing;
using FastIo.Orleans.Gateway.Events;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.Gateway.Ingestion;
using FastIo.Orleans.Gateway.Operations;
using FastIo.Orleans.Gateway.Summaries;
using FastIo.Orleans.Gateway.Realtime;
using FastIo.Orleans.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("fastio-gateway");
builder.AddPostgres();
builder.AddClusterClient();
builder.AddGatewayMetrics();
builder.AddProxySupport();
builder.AddActivity();
builder.AddTokenAuthentication();
builder.AddApiDocument();
builder.AddBillingWebhook();
builder.AddEventSummaries();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseErrorEnvelope();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapEventsApi();
app.MapSummariesApi();
app.MapIngestionApi();
app.MapBillingWebhook();
app.MapActivityApi();
app.MapRealtimeApi();
app.MapOperatorDashboard();
app.Run();

/// <summary>Lets tests start this gateway in-process.</summary>
public partial class Program;
