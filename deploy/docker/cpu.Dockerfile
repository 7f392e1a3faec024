# syntax=docker/dockerfile:1
# Fcan on the CPU: one image holding both executables, two final stages.
#   docker build -f deploy/docker/cpu.Dockerfile --target silo   -t fcan-silo:cpu .
#   docker build -f deploy/docker/cpu.Dockerfile --target client -t fcan:cpu .
# Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Self-contained so the runtime stage needs no .NET; both apps share one folder (same packages, one libtorch copy).
# The NuGet cache mount keeps restores fast across builds without landing in a layer.
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish src/Silo/Fcan.Silo.csproj -c Release -r linux-x64 --self-contained -o /app \
 && dotnet publish src/Client/Fcan.Client.csproj -c Release -r linux-x64 --self-contained -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# State of a local silo or embedded client lives here; cluster state lives in Redis.
ENV FCAN_HOME=/data
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID

FROM runtime AS client
ENTRYPOINT ["/app/fcan"]
CMD ["--help"]

# Last stage: a plain `docker build` without --target gives the silo.
FROM runtime AS silo
EXPOSE 11111 30000
ENTRYPOINT ["/app/fcan-silo"]
CMD ["--device", "cpu"]
