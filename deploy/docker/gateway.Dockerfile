# The gateway image. Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t fastio/gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused while only source changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/Grains.Abstractions.csproj Grains.Abstractions/
COPY ServiceDefaults/ServiceDefaults.csproj ServiceDefaults/
COPY Gateway/Gateway.csproj Gateway/
RUN dotnet restore Gateway/Gateway.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY ServiceDefaults/ ServiceDefaults/
COPY Gateway/ Gateway/
RUN dotnet publish Gateway/Gateway.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# 8080: the HTTP API, WebSockets and health (the image's default ASPNETCORE_HTTP_PORTS).
EXPOSE 8080
# The runtime image has no curl; bash's /dev/tcp is enough to ask /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 \
   && head -n1 <&3 | grep -q ' 200 '"]
USER $APP_UID
ENTRYPOINT ["dotnet", "FastIo.Orleans.Gateway.dll"]
