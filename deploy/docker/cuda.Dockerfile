# syntax=docker/dockerfile:1
# Fcan silo (and client) on CUDA, running TorchSharp on the PyTorch image's own libtorch
# (shared/notes/machines.md §3: the TorchSharp-cuda packages are not available, PyTorch's libtorch is).
#   docker build -f deploy/docker/cuda.Dockerfile --target silo -t fcan-silo:cuda .
# Build context: the repository root. TorchSharp 0.107 is built for libtorch 2.10; pick a PyTorch image close to it.
ARG PYTORCH_IMAGE=pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS sdk

# Publish on the PyTorch image itself: build/WeakenGlibcxxRequirement.targets patches libLibTorchSharp.so for the
# libstdc++ of the machine that publishes, so that must be the libstdc++ the silo will run with.
FROM ${PYTORCH_IMAGE} AS build
# .NET needs the system OpenSSL for HTTPS (NuGet here, Azure Blob at run time); PyTorch's images are Ubuntu 22.04.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=sdk /usr/share/dotnet /usr/share/dotnet
ENV PATH=/usr/share/dotnet:$PATH \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src
COPY . .
# FcanTorch=cuda: plain TorchSharp, no bundled libtorch natives.
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish src/Silo/Fcan.Silo.csproj -c Release -r linux-x64 --self-contained -p:FcanTorch=cuda -o /app \
 && dotnet publish src/Client/Fcan.Client.csproj -c Release -r linux-x64 --self-contained -p:FcanTorch=cuda -o /app

FROM ${PYTORCH_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/*
# A fixed path for torch/lib, whatever Python version the base image has, so ENV below can name it.
RUN ln -s "$(python -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')" /opt/torch-lib \
 && test -f /opt/torch-lib/libtorch_cuda.so \
 && useradd --uid 1654 --create-home app \
 && mkdir -p /data && chown app /data
ENV LD_LIBRARY_PATH=/opt/torch-lib \
    FCAN_LIBTORCH_DIR=/opt/torch-lib \
    FCAN_HOME=/data \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
WORKDIR /app
COPY --from=build /app .
VOLUME /data
USER app

FROM runtime AS client
ENTRYPOINT ["/app/fcan"]
CMD ["--help"]

FROM runtime AS silo
EXPOSE 11111 30000
ENTRYPOINT ["/app/fcan-silo"]
CMD ["--device", "cuda:0"]
