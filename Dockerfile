# Quartier's server as a container image: `docker build -t quartier .` from the repository root (../shared is not
# needed to build). The image runs `quartier serve` on 0.0.0.0; give it --store/--cluster (PostgreSQL), and OAUTH_PASSWORD
# and SECRET_KEY (-e; without both a server beyond loopback does not start), or USE_AUTH=false on a trusted network.
# Stage 1: build and publish with the .NET SDK; the dashboard's chart library comes from npm (web/package-lock.json).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/web && dotnet publish src/Quartier.Cli -c Release -o /app -nologo -v quiet

# Stage 2: the ASP.NET Core runtime, CBC's C library for the MILP planners (P/Invoke), and the published server.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends coinor-libcbc3 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY scripts/cluster-schema.sql /app/cluster-schema.sql
RUN useradd --system --create-home --home-dir /var/lib/quartier quartier
USER quartier
WORKDIR /var/lib/quartier
# 8001 native + DOTS API, 8503 EOS API, 11111 silo-to-silo, 30000 Orleans gateway
EXPOSE 8001 8503 11111 30000
ENTRYPOINT ["/app/quartier"]
CMD ["serve", "--urls", "http://0.0.0.0:8001", "--eos-urls", "http://0.0.0.0:8503"]
