# The MiiTel Dashboard image: docker build -t miitel-dashboard .
# Build stage: the .NET SDK plus Node.js, since the build installs the chart library with npm ci.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, each in its own layer, so a change to the code reuses them.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY Directory.Build.props Directory.Packages.props MiiTelDashboard.csproj ./
RUN dotnet restore MiiTelDashboard.csproj
COPY . .
# The command the deployment test runs (tests/MiiTelDashboard.Tests/Deploy/PublishedApp.cs): Production serves
# the packages' styles and scripts only from published output.
RUN dotnet publish MiiTelDashboard.csproj -c Release -o /app --no-restore

# Runtime stage: ASP.NET Core only, no SDK, no Node.js, no shell tools beyond the base image's.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The image's non-root "app" user owns only the data folder: the database (SQLite), the generated webhook
# token and the Data Protection keys live there, and nowhere else is written.
RUN mkdir -p /app/data && chown app:app /app/data && chmod 700 /app/data
USER app
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080
VOLUME /app/data
EXPOSE 8080
# No curl in this image: the app checks itself (GET /health on ASPNETCORE_HTTP_PORTS, exit 0 or 1).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "MiiTelDashboard.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "MiiTelDashboard.dll"]
