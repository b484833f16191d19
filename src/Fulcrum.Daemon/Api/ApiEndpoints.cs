using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Net;
using Fulcrum.Core.Status;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Hosting;
using Fulcrum.Daemon.Reconcile;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Fulcrum.Daemon.Api;

/// <summary>
/// The runtime API (docs/api.md) over the Unix socket: reads for every local user, writes (POST) only
/// for uid 0 by <c>SO_PEERCRED</c> (403 otherwise), every write logged with the caller's uid and pid
/// and recorded as an <c>admin_write</c> event; <c>GET /metrics</c> in Prometheus text format.
/// </summary>
internal static class ApiEndpoints
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(GuardWritesAsync);
        app.MapGet("/v1/status", (StatusBuilder status) => Json(status.Build()));
        app.MapGet("/v1/events", EventsAsync);
        app.MapPost("/v1/servers/{action}", ServersAsync);
        app.MapPost("/v1/failover", FailoverAsync);
        app.MapPost("/v1/reload", ReloadAsync);
        app.MapGet("/metrics", MetricsAsync);
        app.MapFallback(() => Error(StatusCodes.Status404NotFound, "no such route", []));
    }

    private static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, StatusJson.Options, statusCode: status);

    private static IResult Error(int status, string message, IReadOnlyList<string> details) => Json(new ApiError(message, details), status);

    private static async Task GuardWritesAsync(HttpContext context, RequestDelegate next)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Daemon.Api");
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        var overTcp = socket?.AddressFamily != System.Net.Sockets.AddressFamily.Unix;
        if (overTcp)
        {
            // TCP: every request (reads too) needs the bearer token.
            if (!context.RequestServices.GetRequiredService<ApiToken>().Accepts(context.Request.Headers.Authorization))
            {
                var remote = context.Connection.RemoteIpAddress?.ToString() ?? "?";
                DaemonLog.ApiWriteRefused(logger, context.Request.Path, "tcp " + remote, "-", "no valid bearer token");
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Error(StatusCodes.Status401Unauthorized, "a bearer token is required on TCP (Authorization: Bearer TOKEN)", []).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var peer = overTcp ? null : PeerCredentials.Of(socket);
        string uid = overTcp ? "token" : peer?.Uid.ToString(CultureInfo.InvariantCulture) ?? "?";
        string pid = overTcp ? "tcp " + (context.Connection.RemoteIpAddress?.ToString() ?? "?") : peer?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?";
        if (!overTcp && peer is not { Uid: 0 })
        {
            DaemonLog.ApiWriteRefused(logger, context.Request.Path, uid, pid, "writes need uid 0");
            await Error(StatusCodes.Status403Forbidden, "writes need root (uid 0) on the Unix socket", [$"caller uid {uid}, pid {pid}"]).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        context.Request.Body.Position = 0;
        DaemonLog.ApiWrite(logger, context.Request.Method, context.Request.Path, uid, pid, body.Length == 0 ? "{}" : body);
        var ring = context.RequestServices.GetRequiredService<EventRing>();
        ring.Add(EventKinds.AdminWrite, $"POST {context.Request.Path} by uid {uid} pid {pid}", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = context.Request.Path.ToString(),
            ["uid"] = uid,
            ["pid"] = pid,
            ["body"] = body,
        });
        context.Items["who"] = $"uid {uid} pid {pid}";
        await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> EventsAsync(HttpContext context, EventRing events)
    {
        var query = context.Request.Query;
        long after = 0;
        double wait = 0;
        if ((query.TryGetValue("after", out var a) && !long.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out after))
            || (query.TryGetValue("wait", out var w) && (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out wait) || wait < 0)))
        {
            return Error(StatusCodes.Status400BadRequest, "after must be an integer and wait a number of seconds ≥ 0", []);
        }

        var span = TimeSpan.FromSeconds(Math.Min(wait, MaxWait.TotalSeconds));
        try
        {
            return Json(await events.ReadAsync(after, span, context.RequestAborted).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
    }

    private static async Task<IResult> ServersAsync(string action, HttpContext context, Reconciler reconciler)
    {
        ServerAction kind;
        switch (action)
        {
            case "drain": kind = ServerAction.Drain; break;
            case "enable": kind = ServerAction.Enable; break;
            case "weight": kind = ServerAction.Weight; break;
            default: return Error(StatusCodes.Status404NotFound, $"no such action: {action} (drain, enable, weight)", []);
        }

        ServerRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ServerRequest>(context.Request.Body, StatusJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "the body is not valid JSON for this request", [e.Message]);
        }

        if (request is null || string.IsNullOrEmpty(request.Server))
        {
            return Error(StatusCodes.Status400BadRequest, "server is required, e.g. {\"server\": \"192.168.20.11:80\"}", []);
        }

        if (!TryParseServer(request.Server, out var server))
        {
            return Error(StatusCodes.Status400BadRequest, $"not a real server address: {request.Server} (ADDRESS:PORT)", []);
        }

        ushort weight = 0;
        if (kind == ServerAction.Weight)
        {
            if (request.Weight is not { } requested || requested is < 0 or > ushort.MaxValue)
            {
                return Error(StatusCodes.Status400BadRequest, "weight is required: 0..65535", []);
            }

            weight = (ushort)requested;
        }

        ReconcileOutcome outcome;
        try
        {
            outcome = await reconciler.SetOverrideAsync(kind, request.Service, server, weight).ConfigureAwait(false);
        }
        catch (UnknownServerException unknown)
        {
            return Error(StatusCodes.Status400BadRequest, unknown.Message, []);
        }

        return outcome.Succeeded
            ? Json(new WriteResult(true, outcome.Changes))
            : Error(StatusCodes.Status500InternalServerError, $"the kernel refused the change (the override stays and is retried): {outcome.Error}", outcome.Changes);
    }

    private static async Task<IResult> FailoverAsync(VrrpService vrrp)
    {
        return await vrrp.HandOverAsync().ConfigureAwait(false)
            ? Json(new WriteResult(true, ["resigned mastership (priority 0); the peer takes over"]))
            : Error(StatusCodes.Status409Conflict, "this node is not master: nothing to hand over", []);
    }

    private static async Task<IResult> ReloadAsync(HttpContext context, ReloadCoordinator reload)
    {
        var result = await reload.ReloadAsync(context.Items["who"] as string ?? "API").ConfigureAwait(false);
        return result.Status == StatusCodes.Status200OK
            ? Json(new WriteResult(true, result.Changes))
            : Error(result.Status, result.Message, result.Diagnostics.Count > 0 ? result.Diagnostics : result.Changes);
    }

    private static bool TryParseServer(string text, out ServerEndpoint server)
    {
        server = default;
        if (System.Net.IPAddress.TryParse(text, out var address) && !text.Contains(':', StringComparison.Ordinal))
        {
            server = new ServerEndpoint(address, null);
            return true;
        }

        if (!System.Net.IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port is 0 or > ushort.MaxValue)
        {
            return false;
        }

        server = new ServerEndpoint(endpoint.Address, (ushort)endpoint.Port);
        return true;
    }

    private static async Task MetricsAsync(HttpContext context)
    {
        context.Response.ContentType = PrometheusContentType;
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
