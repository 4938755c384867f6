# The silo image. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t fastio/silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused while only source changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/Grains.Abstractions.csproj Grains.Abstractions/
COPY Grains/Grains.csproj Grains/
COPY ServiceDefaults/ServiceDefaults.csproj ServiceDefaults/
COPY Silo/Silo.csproj Silo/
RUN dotnet restore Silo/Silo.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Grains/ Grains/
COPY ServiceDefaults/ ServiceDefaults/
COPY Silo/ Silo/
RUN dotnet publish Silo/Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# 8080: health endpoints (the image's default ASPNETCORE_HTTP_PORTS); 11111 silo-to-silo; 30000 gateways.
ENV Orleans__Endpoints__SiloPort=11111 \
    Orleans__Endpoints__GatewayPort=30000 \
    Orleans__Endpoints__ListenOnAnyHostAddress=true
EXPOSE 8080 11111 30000
# The runtime image has no curl; bash's /dev/tcp is enough to ask /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 \
   && head -n1 <&3 | grep -q ' 200 '"]
USER $APP_UID
ENTRYPOINT ["dotnet", "FastIo.Orleans.Silo.dll"]
